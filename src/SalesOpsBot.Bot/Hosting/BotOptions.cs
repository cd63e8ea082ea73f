using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace SalesOpsBot.Bot.Hosting;

/// <summary>How the bot's app registration obtains outbound tokens (botframework-protocol.md §2.5).</summary>
public enum BotAppType
{
    SingleTenant,
    UserAssignedMsi,
    MultiTenant,
}

/// <summary>Settings of the Bot Framework endpoint, section <c>Bot</c>. Secrets come from user secrets or
/// environment variables (<c>Bot__MicrosoftAppPassword</c>), never from appsettings.json.</summary>
public sealed class BotOptions
{
    public const string SectionName = "Bot";

    /// <summary>The Microsoft App Id. Empty means anonymous development mode (loopback only).</summary>
    public string? MicrosoftAppId { get; set; }

    public BotAppType MicrosoftAppType { get; set; } = BotAppType.SingleTenant;
    public string? MicrosoftAppTenantId { get; set; }
    public string? MicrosoftAppPassword { get; set; }

    /// <summary>Channel OpenID metadata (§2.1); configurable because the Teams SDK spells it differently.</summary>
    [Required(ErrorMessage = "Bot:OpenIdMetadataUrl is required."), Url(ErrorMessage = "Bot:OpenIdMetadataUrl must be a URL.")]
    public string OpenIdMetadataUrl { get; set; } = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    [Required(ErrorMessage = "Bot:ChannelTokenIssuer is required.")]
    public string ChannelTokenIssuer { get; set; } = "https://api.botframework.com";

    /// <summary>Only tests serving metadata on loopback turn this off.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>§2.2 rule 4: 5 minutes.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The doc asks for a key refresh at least every 24 h (§2.2 "Key caching").</summary>
    public TimeSpan MetadataRefreshInterval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Least time between forced refreshes on an unknown <c>kid</c>, so forged kids cannot cause a refresh storm.</summary>
    public TimeSpan MinimumMetadataRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Teams tenants allowed to talk to the bot (security-anchors §4.4); empty allows any.</summary>
    public List<string> AllowedTenantIds { get; set; } = [];

    /// <summary>Hosts (suffix match) that may receive the bot's token even without a matching inbound activity (§3.2).</summary>
    public List<string> TrustedServiceUrlHosts { get; set; } = ["smba.trafficmanager.net", "botframework.com", "teams.microsoft.com", "teams.microsoft.us"];

    [Range(1024, 4 * 1024 * 1024, ErrorMessage = "Bot:MaxRequestBodyBytes must be between 1024 and 4194304.")]
    public int MaxRequestBodyBytes { get; set; } = 256 * 1024;

    /// <summary>The app-state store (conversation references).</summary>
    [Required(ErrorMessage = "Bot:StateConnectionString is required.")]
    public string StateConnectionString { get; set; } = "Data Source=salesopsbot-bot.db";

    [Range(1, 64, ErrorMessage = "Bot:TurnWorkers must be between 1 and 64.")]
    public int TurnWorkers { get; set; } = 4;

    [Range(1, 100_000, ErrorMessage = "Bot:TurnQueueCapacity must be between 1 and 100000.")]
    public int TurnQueueCapacity { get; set; } = 1000;

    public TimeSpan AnswerTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long activity ids are remembered: longer than a token's lifetime plus skew (security-anchors §4.3).</summary>
    public TimeSpan DeduplicationWindow { get; set; } = TimeSpan.FromMinutes(75);

    /// <summary>Record activity ids in the app-state store too, so a redelivery reaching another instance is answered once;
    /// null means "when the app-state store is PostgreSQL or SQL Server" (several instances).</summary>
    public bool? SharedDeduplication { get; set; }

    /// <summary>The host's stop budget (HostOptions.ShutdownTimeout): in-flight and queued turns finish within it.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public ConnectorRetryOptions ConnectorRetry { get; set; } = new();

    /// <summary>Serve the Direct Line channel and the page at <c>/</c>; null means "in Development only".</summary>
    public bool? LocalWebChat { get; set; }

    /// <summary>How long a Teams member's email is cached after a lookup.</summary>
    public TimeSpan MemberCacheDuration { get; set; } = TimeSpan.FromHours(1);

    public bool IsAnonymous => string.IsNullOrWhiteSpace(MicrosoftAppId);
}

/// <summary>The Teams rate-limit page's example: 3 retries, 2 s minimum, 20 s maximum (§3.5).</summary>
public sealed class ConnectorRetryOptions
{
    [Range(0, 10, ErrorMessage = "Bot:ConnectorRetry:MaxRetries must be between 0 and 10.")]
    public int MaxRetries { get; set; } = 3;

    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>A Retry-After longer than this is capped, so one answer cannot park a worker for minutes.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>Start-up checks that DataAnnotations cannot express (fail closed, security-anchors §4.2 and AUTH-14).</summary>
public sealed class BotOptionsValidator(IHostEnvironment environment) : IValidateOptions<BotOptions>
{
    public ValidateOptionsResult Validate(string? name, BotOptions options)
    {
        var failures = new List<string>();
        if (options.IsAnonymous)
        {
            if (!environment.IsDevelopment())
            {
                failures.Add("Bot:MicrosoftAppId is required outside Development; anonymous mode is for local use only.");
            }
        }
        else
        {
            var hasPassword = !string.IsNullOrWhiteSpace(options.MicrosoftAppPassword);
            var hasTenant = !string.IsNullOrWhiteSpace(options.MicrosoftAppTenantId);
            switch (options.MicrosoftAppType)
            {
                case BotAppType.SingleTenant when !hasPassword || !hasTenant:
                    failures.Add("A SingleTenant bot needs Bot:MicrosoftAppPassword and Bot:MicrosoftAppTenantId.");
                    break;
                case BotAppType.UserAssignedMsi when hasPassword || !hasTenant:
                    failures.Add("A UserAssignedMsi bot needs Bot:MicrosoftAppTenantId and must not have a password.");
                    break;
                case BotAppType.MultiTenant when !hasPassword:
                    failures.Add("A MultiTenant bot needs Bot:MicrosoftAppPassword.");
                    break;
            }
        }

        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > TimeSpan.FromMinutes(10))
        {
            failures.Add("Bot:ClockSkew must be between 0 and 10 minutes.");
        }

        if (options.RequireHttpsMetadata && !options.OpenIdMetadataUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add("Bot:OpenIdMetadataUrl must be https.");
        }

        if (!IsAppStateLocation(options.StateConnectionString))
        {
            failures.Add("Bot:StateConnectionString must be Data Source=FILE, sqlite:…, postgres:<connection string> or sqlserver:<connection string>.");
        }

        Between(failures, "Bot:AnswerTimeout", options.AnswerTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        Between(failures, "Bot:ShutdownTimeout", options.ShutdownTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        // Shorter than a token's lifetime plus skew would let a replayed activity through (security-anchors §4.3).
        Between(failures, "Bot:DeduplicationWindow", options.DeduplicationWindow, TimeSpan.FromMinutes(15), TimeSpan.FromDays(1));
        Between(failures, "Bot:MetadataRefreshInterval", options.MetadataRefreshInterval, TimeSpan.FromMinutes(1), TimeSpan.FromHours(24));
        Between(failures, "Bot:MinimumMetadataRefreshInterval", options.MinimumMetadataRefreshInterval, TimeSpan.Zero, options.MetadataRefreshInterval);
        Between(failures, "Bot:MemberCacheDuration", options.MemberCacheDuration, TimeSpan.Zero, TimeSpan.FromDays(1));
        // DataAnnotations do not recurse into ConnectorRetry.
        if (options.ConnectorRetry.MaxRetries is < 0 or > 10)
        {
            failures.Add("Bot:ConnectorRetry:MaxRetries must be between 0 and 10.");
        }

        Between(failures, "Bot:ConnectorRetry:BaseDelay", options.ConnectorRetry.BaseDelay, TimeSpan.Zero, options.ConnectorRetry.MaxDelay);
        Between(failures, "Bot:ConnectorRetry:MaxDelay", options.ConnectorRetry.MaxDelay, TimeSpan.Zero, TimeSpan.FromMinutes(2));
        Between(failures, "Bot:ConnectorRetry:MaxRetryAfter", options.ConnectorRetry.MaxRetryAfter, TimeSpan.Zero, TimeSpan.FromMinutes(5));
        foreach (var host in options.TrustedServiceUrlHosts.Where(host => host.Contains("://", StringComparison.Ordinal) || host.Contains('/', StringComparison.Ordinal)))
        {
            failures.Add($"Bot:TrustedServiceUrlHosts must list host names without scheme or path (got \"{host}\").");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Between(List<string> failures, string setting, TimeSpan value, TimeSpan minimum, TimeSpan maximum)
    {
        if (value < minimum || value > maximum)
        {
            failures.Add($"{setting} must be between {minimum:c} and {maximum:c} (got {value:c}).");
        }
    }

    private static bool IsAppStateLocation(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var database = SalesOpsBot.Conversation.State.AppStateDatabase.Parse(value);
        return database.ConnectionString.Trim().Length > 0
            && (database.Kind != SalesOpsBot.Conversation.State.AppStateKind.Sqlite || database.ConnectionString.Contains('=', StringComparison.Ordinal));
    }
}
