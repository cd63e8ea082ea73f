using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Conversation.Answers;
using SalesOpsBot.Conversation.Assistant;
using SalesOpsBot.Conversation.Routing;
using SalesOpsBot.Conversation.State;
using SalesOpsBot.TestKit;
using SalesOpsBot.Warehouse.Querying;
using SalesOpsBot.Warehouse.Seeding;

namespace SalesOpsBot.Security.Tests.Canaries;

/// <summary>
/// The demo warehouse (small scale, as of 2026-11-15) with canaries planted in every leaf territory, and a deterministic
/// assistant over it whose conversation state lives in a temporary SQLite file.
/// </summary>
public abstract class CanaryWarehouse : IAsyncLifetime
{
    public static readonly DateOnly AsOf = new(2026, 11, 15);

    /// <summary>The smallest demo the generator allows: the planted deals stand out and the matrix stays quick.</summary>
    public const int Opportunities = SeedOptions.MinimumOpportunities;

    private static readonly JsonSerializerOptions DocumentJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly string _statePath = Path.Combine(Path.GetTempPath(), $"salesops-sec-state-{Guid.NewGuid():N}.db");
    private TestWarehouse _warehouse = null!;

    public abstract string DialectName { get; }

    public CanaryPlanting Planted { get; private set; } = null!;

    public SalesAssistant Assistant { get; private set; } = null!;

    public TestWarehouse Warehouse => _warehouse;

    public IReadOnlyList<DemoCaller> Callers { get; private set; } = [];

    public DemoCaller Caller(string principal) => Callers.Single(c => c.Principal == principal);

    public async ValueTask InitializeAsync()
    {
        _warehouse = await CreateWarehouseAsync();
        CanaryPlanting? planted = null;
        await _warehouse.LoadAsync(sink =>
        {
            planted = new CanaryPlanting(sink);
            DemoDataGenerator.Generate(new SeedOptions(Opportunities, SeedOptions.DefaultSeed, AsOf), planted);
            planted.PlantAll();
        }, CancellationToken.None);
        Planted = planted!;
        Callers = [.. DemoCaller.Matrix.Select(c => DemoCaller.Of(c.Principal, c.Label, Planted))];
        var state = new SqliteConversationStateStore($"Data Source={_statePath};Pooling=False", TimeProvider.System, TimeSpan.FromHours(8));
        Assistant = new SalesAssistant(new SqlRunner(_warehouse.Connections), new FiscalCalendar(1), state, VocabularyLoader.DefaultAliases, new QuestionRouter());
    }

    protected abstract Task<TestWarehouse> CreateWarehouseAsync();

    public virtual async ValueTask DisposeAsync()
    {
        await _warehouse.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(_statePath);
        GC.SuppressFinalize(this);
    }

    public Task<AnswerDocument> AskAsync(string text, string principal, string conversationId, bool showSql = true) =>
        Assistant.AnswerAsync(new AssistantTurn(text, principal, conversationId, AsOf, showSql), TestContext.Current.CancellationToken);

    public static string Serialize(AnswerDocument document) => JsonSerializer.Serialize(document, DocumentJson);

    public Task<string> FingerprintAsync() => WarehouseFingerprint.OfAsync(_warehouse.Connections, TestContext.Current.CancellationToken);
}

public sealed class DuckDbCanaryWarehouse : CanaryWarehouse
{
    public override string DialectName => "DuckDB";

    protected override Task<TestWarehouse> CreateWarehouseAsync() => Task.FromResult(TestWarehouse.CreateDuckDb());
}

/// <summary>The same warehouse on a private PostgreSQL cluster this fixture starts and stops.</summary>
public sealed class PostgresCanaryWarehouse : CanaryWarehouse
{
    private PostgresServer? _server;

    public override string DialectName => "PostgreSQL";

    protected override async Task<TestWarehouse> CreateWarehouseAsync()
    {
        _server = new PostgresServer();
        return await TestWarehouse.CreatePostgresAsync(_server, CancellationToken.None);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
