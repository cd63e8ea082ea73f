using System.Globalization;
using Dapper;
using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Warehouse.Connections;
using SalesOpsBot.Warehouse.Querying;
using SalesOpsBot.Warehouse.Seeding;

namespace SalesOpsBot.Warehouse.Tests.Derived;

/// <summary>
/// One demo warehouse (DuckDB, 4,000 deals with their history, as of 2026-11-15) seeded once per test class: large enough
/// that every territory, rep, filter value and history shape occurs, small enough that a statement runs in milliseconds.
/// </summary>
public sealed class DemoSpansWarehouse : IAsyncLifetime
{
    public const int Opportunities = 4_000;

    public static readonly DateOnly AsOf = new(2026, 11, 15);

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"salesops-spans-{Guid.NewGuid():N}.duckdb");

    public IWarehouseConnectionFactory Connections { get; private set; } = null!;

    public FiscalCalendar Calendar { get; } = new(1);

    private Dictionary<string, string?> ParentOf { get; set; } = [];

    public async ValueTask InitializeAsync()
    {
        var location = new WarehouseLocation(WarehouseDialect.DuckDb, _path);
        await DemoWarehouse.SeedAsync(location, new SeedOptions(Opportunities, SeedOptions.DefaultSeed, AsOf), null, CancellationToken.None);
        Connections = WarehouseConnectionFactory.Create(location);
        await using var connection = await Connections.OpenReadOnlyAsync(CancellationToken.None);
        ParentOf = (await connection.QueryAsync<(string Id, string? Parent)>("SELECT territory_id, parent_id FROM territories"))
            .ToDictionary(t => t.Id, t => t.Parent, StringComparer.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await ((IAsyncDisposable)Connections).DisposeAsync();
        File.Delete(_path);
        File.Delete(_path + ".wal");
    }

    /// <summary>The territory ids of <paramref name="rootId"/>'s subtree (root included), as an access scope carries them.</summary>
    public IReadOnlyList<string> Subtree(string rootId) =>
        [.. ParentOf.Keys.Where(id => IsUnder(id, rootId)).Order(StringComparer.Ordinal)];

    private bool IsUnder(string territoryId, string rootId)
    {
        for (string? current = territoryId; current is not null; current = ParentOf[current])
        {
            if (current == rootId)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>Runs one catalogue statement on a connection with the parameters the runner would pass, and normalizes its rows.</summary>
internal static class StatementRows
{
    /// <summary>Rows as <c>column=value|…</c> strings, in the order the statement returned them.</summary>
    public static async Task<List<string>> RunAsync(IWarehouseConnectionFactory connections, string name, DynamicParameters arguments, CancellationToken cancellationToken)
    {
        var statement = SqlCatalog.Default.Get(name, connections.Dialect);
        await using var connection = await connections.OpenReadOnlyAsync(cancellationToken);
        var rows = await connection.QueryAsync(new CommandDefinition(statement.Text, arguments, cancellationToken: cancellationToken));
        return [.. rows.Select(r => string.Join("|", ((IDictionary<string, object?>)r).Select(kv => $"{kv.Key}={Normalize(kv.Value)}")))];
    }

    /// <summary>
    /// One spelling per value whatever the column's SQL type: the forms may differ in integer width or decimal scale
    /// (a SUM over INTEGER is a HUGEINT in DuckDB), which no reader of the rows can tell apart.
    /// </summary>
    public static string Normalize(object? value) => value switch
    {
        null => "null",
        decimal d => d.ToString("0.00########", CultureInfo.InvariantCulture),
        double d => d.ToString("0.00########", CultureInfo.InvariantCulture),
        float f => ((double)f).ToString("0.00########", CultureInfo.InvariantCulture),
        DateTime dt => dt.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00",
        bool b => b ? "1" : "0",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null",
    };
}
