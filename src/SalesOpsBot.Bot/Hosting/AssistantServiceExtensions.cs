using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Bot.Turns;
using SalesOpsBot.Conversation.Assistant;
using SalesOpsBot.Conversation.Llm;
using SalesOpsBot.Conversation.Routing;
using SalesOpsBot.Conversation.State;
using SalesOpsBot.Digests.Subscriptions;
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

    [System.ComponentModel.DataAnnotations.Range(1, 12)]
    public int FiscalYearStartMonth { get; set; } = 1;

    /// <summary>A JSON file of aliases (word → territory name) replacing the built-in list.</summary>
    public string? AliasesFile { get; set; }

    /// <summary>Create the demo warehouse when the embedded one does not exist (zero-configuration start).</summary>
    public bool SeedDemoWhenMissing { get; set; } = true;

    public WarehouseLocation Location => WarehouseLocation.Parse(ConnectionString ?? Environment.GetEnvironmentVariable("SALESOPS_DB"));
}

public static class AssistantServiceExtensions
{
    /// <summary>Registers the conversation engine over the configured warehouse as the bot's <see cref="ITurnAnswerer"/>.</summary>
    public static IHostApplicationBuilder AddAssistant(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WarehouseOptions>().Bind(builder.Configuration.GetSection(WarehouseOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => TryParse(o.ConnectionString), "Warehouse:ConnectionString (or SALESOPS_DB) must be duckdb:PATH, postgres:<connection string> or sqlserver:<connection string>.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider => WarehouseConnectionFactory.Create(provider.GetRequiredService<IOptions<WarehouseOptions>>().Value.Location));
        services.AddSingleton(provider => new SqlRunner(provider.GetRequiredService<IWarehouseConnectionFactory>()));
        services.AddSingleton<IConversationStateStore>(provider => new ConversationStateStore(
            AppStateDatabase.Parse(provider.GetRequiredService<IOptions<BotOptions>>().Value.StateConnectionString), provider.GetRequiredService<TimeProvider>(), TimeSpan.FromHours(8)));
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<WarehouseOptions>>().Value;
            // Subscriptions by chat live in the same app-state store as conversation state.
            var subscriptions = new DigestSubscriptionService(new SubscriptionStore(
                AppStateDatabase.Parse(provider.GetRequiredService<IOptions<BotOptions>>().Value.StateConnectionString), provider.GetRequiredService<TimeProvider>()));
            return new SalesAssistant(provider.GetRequiredService<SqlRunner>(), new FiscalCalendar(options.FiscalYearStartMonth),
                provider.GetRequiredService<IConversationStateStore>(), VocabularyLoader.LoadAliases(options.AliasesFile), new QuestionRouter(), subscriptions);
        });
        // With a language model configured (Llm:* or the environment, docs/llm.md) the model chooses the analyses and
        // writes the narrative, checked against the tools' numbers; otherwise the deterministic router answers.
        var model = LlmSettings.From(key => builder.Configuration[key]);
        services.AddSingleton<ISalesAssistant>(provider => model.IsEnabled
            ? new LlmSalesAssistant(provider.GetRequiredService<SalesAssistant>(), model)
            : provider.GetRequiredService<SalesAssistant>());
        services.Replace(ServiceDescriptor.Singleton<ITurnAnswerer, AssistantTurnAnswerer>());
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
