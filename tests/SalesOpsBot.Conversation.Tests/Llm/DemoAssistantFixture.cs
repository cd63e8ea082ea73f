using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Conversation.Assistant;
using SalesOpsBot.Conversation.Llm;
using SalesOpsBot.Conversation.Routing;
using SalesOpsBot.Conversation.State;
using SalesOpsBot.Warehouse.Connections;
using SalesOpsBot.Warehouse.Querying;
using SalesOpsBot.Warehouse.Seeding;

namespace SalesOpsBot.Conversation.Tests.Llm;

/// <summary>The seeded demo warehouse (DuckDB, default scale) and a deterministic assistant over it, shared by a test class.</summary>
public sealed class DemoAssistantFixture : IAsyncLifetime
{
    public static readonly DateOnly AsOf = new(2026, 11, 15);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"salesops-llm-{Guid.NewGuid():N}");
    private IWarehouseConnectionFactory _connections = null!;

    public FiscalCalendar Calendar { get; } = new(1);

    public SalesAssistant Assistant { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        var location = new WarehouseLocation(WarehouseDialect.DuckDb, Path.Combine(_folder, "demo.duckdb"));
        await DemoWarehouse.SeedAsync(location, new SeedOptions(SeedOptions.DefaultOpportunities, SeedOptions.DefaultSeed, AsOf), null, CancellationToken.None);
        _connections = WarehouseConnectionFactory.Create(location);
        var state = new SqliteConversationStateStore($"Data Source={Path.Combine(_folder, "state.db")}", TimeProvider.System, TimeSpan.FromHours(1));
        Assistant = new SalesAssistant(new SqlRunner(_connections), Calendar, state, VocabularyLoader.DefaultAliases, new QuestionRouter());
    }

    public async ValueTask DisposeAsync()
    {
        await ((IAsyncDisposable)_connections).DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    public static AssistantTurn Turn(string text, string principal = DemoPrincipals.Admin, bool showSql = false) =>
        new(text, principal, $"conversation-{Guid.NewGuid():N}", AsOf, showSql);

    internal LlmSalesAssistant WithModel(ScriptedModelServer server, Func<LlmSettings, LlmSettings>? adjust = null)
    {
        var settings = new LlmSettings { Provider = LlmProvider.OpenAI, Endpoint = server.BaseUrl, Model = "scripted", ApiKey = "test-key", Timeout = TimeSpan.FromSeconds(20) };
        return new LlmSalesAssistant(Assistant, adjust is null ? settings : adjust(settings));
    }
}
