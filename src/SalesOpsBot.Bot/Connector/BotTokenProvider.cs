using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;
using Microsoft.Identity.Client.AppConfig;
using SalesOpsBot.Bot.Hosting;

namespace SalesOpsBot.Bot.Connector;

/// <summary>The bearer token for Bot Connector calls; null means "send no Authorization header" (anonymous mode, §2.4).</summary>
public interface IBotTokenProvider
{
    Task<string?> GetTokenAsync(CancellationToken cancellationToken);
}

/// <summary>No token: anonymous development mode talks only to loopback (§2.4).</summary>
public sealed class AnonymousBotTokenProvider : IBotTokenProvider
{
    public Task<string?> GetTokenAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}

/// <summary>
/// Client-credentials tokens with MSAL (§3.1): single-tenant and multi-tenant with a client secret, or a
/// user-assigned managed identity. MSAL's in-memory app token cache serves repeated calls until near expiry.
/// </summary>
public sealed class MsalBotTokenProvider : IBotTokenProvider
{
    public const string BotFrameworkResource = "https://api.botframework.com";
    private static readonly string[] Scopes = [BotFrameworkResource + "/.default"];

    private readonly Func<CancellationToken, Task<string>> _acquire;

    public MsalBotTokenProvider(IOptions<BotOptions> options)
    {
        var bot = options.Value;
        var appId = bot.MicrosoftAppId ?? throw new InvalidOperationException("Bot:MicrosoftAppId is required for outbound tokens.");
        switch (bot.MicrosoftAppType)
        {
            case BotAppType.UserAssignedMsi:
                var identity = ManagedIdentityApplicationBuilder.Create(ManagedIdentityId.WithUserAssignedClientId(appId)).Build();
                _acquire = async cancellationToken =>
                    (await identity.AcquireTokenForManagedIdentity(BotFrameworkResource).ExecuteAsync(cancellationToken)).AccessToken;
                break;
            default:
                // Multi-tenant registrations use the botframework.com tenant as authority (§2.5).
                var tenant = bot.MicrosoftAppType == BotAppType.SingleTenant ? bot.MicrosoftAppTenantId : "botframework.com";
                var client = ConfidentialClientApplicationBuilder.Create(appId)
                    .WithClientSecret(bot.MicrosoftAppPassword)
                    .WithAuthority($"https://login.microsoftonline.com/{tenant}")
                    .Build();
                _acquire = async cancellationToken =>
                    (await client.AcquireTokenForClient(Scopes).ExecuteAsync(cancellationToken)).AccessToken;
                break;
        }
    }

    public async Task<string?> GetTokenAsync(CancellationToken cancellationToken) => await _acquire(cancellationToken);
}
