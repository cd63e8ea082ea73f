using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Bot.Turns;
using SalesOpsBot.Conversation.Assistant;
using SalesOpsBot.Conversation.Llm;
using SalesOpsBot.Conversation.Routing;
using SalesOpsBot.Conversation.State;
using SalesOpsBot.Digests.Subscriptions;
using SalesOpsBot.Warehouse.Caching;
using SalesOpsBot.Warehouse.Access;
using SalesOpsBot.Warehouse.Connections;
using SalesOpsBot.Warehouse.Querying;
using SalesOpsBot.Warehouse.Seeding;

namespace SalesOpsBot.Bot.Hosting;

/// <summary>Settings of the sales warehouse, section <c>Warehouse</c> (or <c>SALESOPS_DB</c> for the location).</summary>
public sealed class WarehouseOptions
{
    public const string SectionName = "Warehouse";

    /// <summary><c>duckdb:PATH</c>, <c>postgres:…</c> or <c>sqlserver:…</c>; a connection string with a password belongs in user secrets or the environment.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>First month of the fiscal year, 1–12.</summary>
    public int FiscalYearStartMonth { get; set; } = 1;

    /// <summary>A JSON file of aliases (word → territory name) replacing the built-in list.</summary>
    public string? AliasesFile { get; set; }

    /// <summary>Create the demo warehouse when the embedded one does not exist (zero-configuration start).</summary>
    public bool SeedDemoWhenMissing { get; set; } = true;

    /// <summary>The answer cache over analysis statements (docs/benchmarks/performance.md, "Caching").</summary>
    public WarehouseCacheOptions Cache { get; set; } = new();

    /// <summary>Set the caller's identities as a session setting on every connection, for the database's own row-level security (infra/sql/).</summary>
    public bool SetSessionPrincipal { get; set; }

    public WarehouseLocation Location => WarehouseLocation.Parse(ConnectionString ?? Environment.GetEnvironmentVariable("SALESOPS_DB"));
}

/// <summary>Section <c>Warehouse:Cache</c>.</summary>
public sealed class WarehouseCacheOptions
{
    public bool Enabled { get; set; } = true;

    [System.ComponentModel.DataAnnotations.Range(1, 1_000_000)]
    public int MaxEntries { get; set; } = QueryCacheOptions.Default.MaxEntries;

    [System.ComponentModel.DataAnnotations.Range(1, 100_000_000)]
    public long MaxRows { get; set; } = QueryCacheOptions.Default.MaxRows;

    public TimeSpan MaxAge { get; set; } = QueryCacheOptions.Default.MaxAge;

    /// <summary>How often the fingerprint of a PostgreSQL or SQL Server warehouse is read (DuckDB: every query, a file stat).</summary>
    public TimeSpan ProbeInterval { get; set; } = QueryCacheOptions.Default.ProbeInterval;

    public QueryCacheOptions ToCacheOptions() => new() { MaxEntries = MaxEntries, MaxRows = MaxRows, MaxAge = MaxAge, ProbeInterval = ProbeInterval };
}

/// <summary>
/// Access rules in configuration, section <c>Access</c> (<c>Rules</c>, and/or a JSON file in <c>RulesFile</c> or
/// <c>SALESOPS_ACCESS_FILE</c>): used only while the warehouse's <c>user_access</c> table is absent or empty (docs/security.md).
/// </summary>
public sealed class AccessOptions
{
    public const string SectionName = "Access";

    public List<ConfiguredPrincipal> Rules { get; set; } = [];

    public string? RulesFile { get; set; }

    public ConfiguredAccessRules Load()
    {
        var file = RulesFile ?? Environment.GetEnvironmentVariable(ConfiguredAccessRules.FileVariable);
        var fromFile = string.IsNullOrWhiteSpace(file) ? [] : ConfiguredAccessRules.LoadFile(file).Principals;
        return ConfiguredAccessRules.From([.. Rules, .. fromFile]);
    }
}

/// <summary>Fails the start with every problem of the configured access rules listed.</summary>
internal sealed class AccessOptionsValidation : IValidateOptions<AccessOptions>
{
    public ValidateOptionsResult Validate(string? name, AccessOptions options)
    {
        try
        {
            _ = options.Load();
            return ValidateOptionsResult.Success;
        }
        catch (AccessConfigurationException exception)
        {
            return ValidateOptionsResult.Fail(exception.Problems);
        }
    }
}

public static class AssistantServiceExtensions
{
    /// <summary>Registers the conversation engine over the configured warehouse as the bot's <see cref="ITurnAnswerer"/>.</summary>
    public static IHostApplicationBuilder AddAssistant(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        // Not ValidateDataAnnotations: it reads every property, and Location throws on a bad connection string before the
        // readable message below is produced.
        services.AddOptions<WarehouseOptions>().Bind(builder.Configuration.GetSection(WarehouseOptions.SectionName))
            .Validate(o => o.FiscalYearStartMonth is >= 1 and <= 12, "Warehouse:FiscalYearStartMonth must be between 1 and 12.")
            .Validate(o => TryParse(o.ConnectionString), "Warehouse:ConnectionString (or SALESOPS_DB) must be duckdb:PATH, postgres:<connection string> or sqlserver:<connection string>.")
            .ValidateOnStart();
        services.AddOptions<AccessOptions>().Bind(builder.Configuration.GetSection(AccessOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AccessOptions>, AccessOptionsValidation>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider => new TurnGuard(
            builder.Configuration.GetSection(TurnGuardOptions.SectionName).Get<TurnGuardOptions>() ?? new TurnGuardOptions(), provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton(provider => WarehouseConnectionFactory.Create(provider.GetRequiredService<IOptions<WarehouseOptions>>().Value.Location));
        services.AddSingleton(provider =>
        {
            var connections = provider.GetRequiredService<IWarehouseConnectionFactory>();
            var options = provider.GetRequiredService<IOptions<WarehouseOptions>>().Value;
            return new SqlRunner(connections, options.Cache.Enabled
                ? QueryResultCache.For(connections, provider.GetRequiredService<TimeProvider>(), options.Cache.ToCacheOptions())
                : null)
            {
                SetSessionPrincipal = options.SetSessionPrincipal,
            };
        });
        services.AddSingleton(provider => new AccessResolver(provider.GetRequiredService<SqlRunner>(), provider.GetRequiredService<IOptions<AccessOptions>>().Value.Load()));
        services.AddSingleton<IConversationStateStore>(provider => new ConversationStateStore(
            AppStateDatabase.Parse(provider.GetRequiredService<IOptions<BotOptions>>().Value.StateConnectionString), provider.GetRequiredService<TimeProvider>(), TimeSpan.FromHours(8)));
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<WarehouseOptions>>().Value;
            // Subscriptions by chat live in the same app-state store as conversation state.
            var subscriptions = new DigestSubscriptionService(new SubscriptionStore(
                AppStateDatabase.Parse(provider.GetRequiredService<IOptions<BotOptions>>().Value.StateConnectionString), provider.GetRequiredService<TimeProvider>()));
            return new SalesAssistant(provider.GetRequiredService<SqlRunner>(), new FiscalCalendar(options.FiscalYearStartMonth),
                provider.GetRequiredService<IConversationStateStore>(), VocabularyLoader.LoadAliases(options.AliasesFile), new QuestionRouter(), subscriptions,
                provider.GetRequiredService<AccessResolver>());
        });
        // With a language model configured (Llm:* or the environment, docs/llm.md) the model chooses the analyses and
        // writes the narrative, checked against the tools' numbers; otherwise the deterministic router answers.
        var model = LlmStartupCheck.Read(builder.Configuration);
        services.AddSingleton<ISalesAssistant>(provider => model.IsEnabled
            ? new LlmSalesAssistant(provider.GetRequiredService<SalesAssistant>(), model)
            : provider.GetRequiredService<SalesAssistant>());
        services.Replace(ServiceDescriptor.Singleton<ITurnAnswerer, AssistantTurnAnswerer>());
        services.AddHostedService<DerivedTablesCheck>();
        builder.AddDigestDelivery();
        return builder;
    }

    /// <summary>On a fresh clone the embedded demo warehouse does not exist yet: create it before serving.</summary>
    public static async Task EnsureDemoWarehouseAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<WarehouseOptions>>().Value;
        var location = options.Location;
        if (!options.SeedDemoWhenMissing || !DemoWarehouse.IsMissingEmbedded(location))
        {
            return;
        }

        var time = app.Services.GetRequiredService<TimeProvider>();
        app.Logger.LogWarning("No warehouse at {Path}: creating the demo warehouse ({Opportunities} opportunities).", location.DuckDbPath, SeedOptions.DefaultOpportunities);
        await DemoWarehouse.SeedAsync(location, new SeedOptions(SeedOptions.DefaultOpportunities, SeedOptions.DefaultSeed,
            DateOnly.FromDateTime(time.GetLocalNow().Date), options.FiscalYearStartMonth), null, CancellationToken.None);
    }

    private static bool TryParse(string? connectionString)
    {
        try
        {
            _ = WarehouseLocation.Parse(connectionString ?? Environment.GetEnvironmentVariable("SALESOPS_DB"));
            return true;
        }
        catch (WarehouseConfigurationException)
        {
            return false;
        }
    }
}
