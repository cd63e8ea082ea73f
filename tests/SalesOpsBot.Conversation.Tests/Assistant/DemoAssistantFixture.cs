using System.Data.Common;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Conversation.Answers;
using SalesOpsBot.Conversation.Assistant;
using SalesOpsBot.Conversation.Routing;
using SalesOpsBot.Conversation.State;
using SalesOpsBot.Warehouse.Connections;
using SalesOpsBot.Warehouse.Querying;
using SalesOpsBot.Warehouse.Seeding;

namespace SalesOpsBot.Conversation.Tests.Assistant;

/// <summary>
/// One seeded demo warehouse (DuckDB, default scale, as of 2026-11-15) and an assistant over it whose conversation
/// state lives in a temporary SQLite file; shared by the tests of a class.
/// </summary>
public sealed class DemoAssistantFixture : IAsyncLifetime
{
    public static readonly DateOnly AsOf = new(2026, 11, 15);

    private static readonly JsonSerializerOptions DocumentJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly string _warehousePath = Path.Combine(Path.GetTempPath(), $"salesops-conv-{Guid.NewGuid():N}.duckdb");
    private readonly string _statePath = Path.Combine(Path.GetTempPath(), $"salesops-conv-state-{Guid.NewGuid():N}.db");

    public IWarehouseConnectionFactory Connections { get; private set; } = null!;

    public SalesAssistant Assistant { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var location = new WarehouseLocation(WarehouseDialect.DuckDb, _warehousePath);
        await DemoWarehouse.SeedAsync(location, new SeedOptions(SeedOptions.DefaultOpportunities, SeedOptions.DefaultSeed, AsOf), null, CancellationToken.None);
        Connections = WarehouseConnectionFactory.Create(location);
        var state = new SqliteConversationStateStore($"Data Source={_statePath};Pooling=False", TimeProvider.System, TimeSpan.FromHours(8));
        Assistant = new SalesAssistant(new SqlRunner(Connections), new FiscalCalendar(1), state, VocabularyLoader.DefaultAliases, new QuestionRouter());
    }

    public async ValueTask DisposeAsync()
    {
        await ((IAsyncDisposable)Connections).DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(_warehousePath);
        File.Delete(_statePath);
    }

    public static string NewConversation() => $"test-{Guid.NewGuid():N}";

    public Task<AnswerDocument> AskAsync(string text, string principal = DemoPrincipals.Admin, string? conversationId = null, bool showSql = false) =>
        Assistant.AnswerAsync(new AssistantTurn(text, principal, conversationId ?? NewConversation(), AsOf, showSql), TestContext.Current.CancellationToken);

    /// <summary>Asks each message in one conversation; returns every answer.</summary>
    public async Task<List<AnswerDocument>> ConverseAsync(string principal, params string[] messages)
    {
        var conversation = NewConversation();
        var answers = new List<AnswerDocument>();
        foreach (var message in messages)
        {
            answers.Add(await AskAsync(message, principal, conversation));
        }

        return answers;
    }

    public static string Serialize(AnswerDocument document) => JsonSerializer.Serialize(document, DocumentJson);

    /// <summary>Runs an independent query (not the engine's SQL) and returns its rows as column → value maps.</summary>
    public async Task<List<Dictionary<string, object?>>> QueryAsync(string sql)
    {
        await using var connection = await Connections.OpenReadOnlyAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using DbDataReader reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var rows = new List<Dictionary<string, object?>>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            var row = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    public async Task<decimal> ScalarAsync(string sql)
    {
        var rows = await QueryAsync(sql);
        return Convert.ToDecimal(rows[0].Values.First() ?? 0m, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Territory ids of a subtree (root included), by a recursive query of our own.</summary>
    public async Task<HashSet<string>> SubtreeAsync(string rootId)
    {
        var rows = await QueryAsync($"""
            WITH RECURSIVE sub(territory_id) AS (
                SELECT territory_id FROM territories WHERE territory_id = '{rootId}'
                UNION ALL
                SELECT t.territory_id FROM territories t JOIN sub s ON t.parent_id = s.territory_id)
            SELECT territory_id FROM sub
            """);
        return [.. rows.Select(r => (string)r["territory_id"]!)];
    }
}
