using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Conversation.Answers;
using SalesOpsBot.Conversation.Assistant;
using SalesOpsBot.Conversation.Routing;
using SalesOpsBot.Conversation.State;
using SalesOpsBot.TestKit;
using SalesOpsBot.Warehouse.Access;
using SalesOpsBot.Warehouse.Contract;
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

    /// <summary>
    /// When set, the warehouse holds no user_access rows and the same rules (plus <see cref="EntraLeader"/>) come from
    /// configuration instead, so the matrix proves that configuration-sourced principals leak nothing either.
    /// </summary>
    public virtual bool RulesFromConfiguration => false;

    /// <summary>An Entra object id configured as leader of DACH (configuration-sourced variant only).</summary>
    public const string EntraLeader = "3f2a6c1e-8d4b-4e7a-9c55-0b1d2e3f4a5b";

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
            planted = new CanaryPlanting(RulesFromConfiguration ? new WithoutAccessRules(sink) : sink);
            DemoDataGenerator.Generate(new SeedOptions(Opportunities, SeedOptions.DefaultSeed, AsOf), planted);
            planted.PlantAll();
        }, CancellationToken.None);
        Planted = planted!;
        ConfiguredAccessRules? configured = null;
        if (RulesFromConfiguration)
        {
            Planted.Rules.Add(new UserAccessRow(EntraLeader, ContractValues.RoleLeader, "T-EMEA-DACH", null));
            configured = ConfiguredAccessRules.From(Planted.Rules.GroupBy(r => r.Principal, StringComparer.OrdinalIgnoreCase).Select(g => new ConfiguredPrincipal
            {
                Principal = g.Key,
                Role = g.Select(r => r.Role).Distinct(StringComparer.Ordinal).Single(),
                Territories = [.. g.Select(r => r.TerritoryId).OfType<string>()],
                Reps = [.. g.Select(r => r.RepId).OfType<string>()],
            }));
        }

        Callers = [.. DemoCaller.Matrix.Select(c => DemoCaller.Of(c.Principal, c.Label, Planted))];
        if (RulesFromConfiguration)
        {
            Callers = [.. Callers, DemoCaller.Of(EntraLeader, "DACH leader by Entra object id", Planted)];
        }

        var state = new SqliteConversationStateStore($"Data Source={_statePath};Pooling=False", TimeProvider.System, TimeSpan.FromHours(8));
        var runner = new SqlRunner(_warehouse.Connections);
        Assistant = new SalesAssistant(runner, new FiscalCalendar(1), state, VocabularyLoader.DefaultAliases, new QuestionRouter(), access: new AccessResolver(runner, configured));
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

/// <summary>The canary warehouse on DuckDB with no user_access rows: every rule comes from configuration.</summary>
public sealed class DuckDbConfiguredCanaryWarehouse : CanaryWarehouse
{
    public override string DialectName => "DuckDB, rules from configuration";

    public override bool RulesFromConfiguration => true;

    protected override Task<TestWarehouse> CreateWarehouseAsync() => Task.FromResult(TestWarehouse.CreateDuckDb());
}

/// <summary>The canary warehouse on PostgreSQL with no user_access rows: every rule comes from configuration.</summary>
public sealed class PostgresConfiguredCanaryWarehouse : CanaryWarehouse
{
    private PostgresServer? _server;

    public override string DialectName => "PostgreSQL, rules from configuration";

    public override bool RulesFromConfiguration => true;

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
