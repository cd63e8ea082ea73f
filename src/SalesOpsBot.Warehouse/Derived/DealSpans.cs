using System.Collections.Concurrent;
using System.Data.Common;
using System.Text;
using Dapper;
using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Warehouse.Access;
using SalesOpsBot.Warehouse.Caching;
using SalesOpsBot.Warehouse.Connections;
using SalesOpsBot.Warehouse.Insights;
using SalesOpsBot.Warehouse.Querying;
using SalesOpsBot.Warehouse.Schema;

namespace SalesOpsBot.Warehouse.Derived;

/// <summary>
/// The deal spans of the embedded warehouse: a copy of the opportunity history, built at load time, in which every row
/// knows when it stopped being the deal's state and carries the deal's cell. The heavy statements have a second form
/// (<c>Name.spans.sql</c> beside <c>Name.sql</c>) that reads these tables instead of window-sorting the history on
/// every question (docs/benchmarks/performance.md, "Deal spans").
/// <para>
/// Only DuckDB: its file is written by seed and import alone, which rebuild the spans right after their rows commit, and
/// a fingerprint of the contract tables guards against any other writer (and against a rebuild that did not finish). Server warehouses are loaded by replication
/// the bot does not see, and a second copy of the deals would sit outside their row-level security policies, so they
/// keep the portable statements.
/// </para>
/// </summary>
public static class DealSpans
{
    /// <summary>Suffix of a statement's form over the derived tables, e.g. <c>Analysis/DealsForPeriod.spans</c>.</summary>
    public const string FormSuffix = ".spans";

    private static readonly ConcurrentDictionary<string, (string Version, bool Current)> Verdicts = new(StringComparer.Ordinal);

    private static readonly string Fingerprint = ReadResource("Derived/Fingerprint.duckdb.sql");

    private static readonly IReadOnlyList<string> PrepareStatements = WarehouseSchema.SplitStatements(ReadResource("Derived/Prepare.duckdb.sql"));

    private static readonly string SpansStatement = ReadResource("Derived/Spans.duckdb.sql");

    private static readonly string QuarterCellsStatement = ReadResource("Derived/QuarterCells.duckdb.sql")
        .Replace("{periodMeasures}", SqlCatalog.Default.Get("Analysis/PeriodMeasuresByCell" + FormSuffix, WarehouseDialect.DuckDb).Text, StringComparison.Ordinal);

    private static readonly IReadOnlyList<string> FinishStatements =
        WarehouseSchema.SplitStatements(ReadResource("Derived/Finish.duckdb.sql").Replace("{fingerprint}", Fingerprint, StringComparison.Ordinal));

    /// <summary>
    /// Deals per slice of the span build. The history of a slice is window-sorted in memory; at 1M deals, slices of this
    /// size keep the build's peak near 0.8 GB where one pass over the whole history took 2.4 GB, for about the same time.
    /// </summary>
    public const int DealsPerSlice = 125_000;

    /// <summary>
    /// Rebuilds the derived tables from the contract tables in one transaction (DuckDB only); whole quarters are stored
    /// for <paramref name="calendar"/> (questions under another fiscal calendar compute every period from the spans).
    /// </summary>
    public static async Task RebuildAsync(DbConnection connection, WarehouseDialect dialect, FiscalCalendar calendar, CancellationToken cancellationToken)
    {
        if (dialect != WarehouseDialect.DuckDb)
        {
            return;
        }

        DapperSetup.EnsureConfigured();
        // A file written before the derived tables existed lacks them; the DDL only creates what is missing.
        await WarehouseSchema.CreateAsync(connection, dialect, transaction: null, cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        foreach (var statement in PrepareStatements)
        {
            await ExecuteAsync(connection, transaction, statement, null, cancellationToken);
        }

        var deals = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM deal_keys", transaction: transaction, cancellationToken: cancellationToken));
        for (var first = 1L; first <= deals; first += DealsPerSlice)
        {
            await ExecuteAsync(connection, transaction, SpansStatement, new { firstDeal = first, lastDeal = first + DealsPerSlice - 1 }, cancellationToken);
        }

        await StoreQuarterCellsAsync(connection, transaction, calendar, cancellationToken);

        foreach (var statement in FinishStatements)
        {
            await ExecuteAsync(connection, transaction, statement, null, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Every fiscal quarter from the first deal's creation to the last close date, measured once from the spans just written:
    /// a quarter seen after its end has the same cells for every later as-of date, so past quarters are read, not computed.
    /// </summary>
    private static async Task StoreQuarterCellsAsync(DbConnection connection, DbTransaction transaction, FiscalCalendar calendar, CancellationToken cancellationToken)
    {
        var range = await connection.QuerySingleAsync<DealDates>(new CommandDefinition(
            "SELECT MIN(deal_created_date) AS first_created, MAX(deal_close_date) AS last_close FROM deal_spans",
            transaction: transaction, cancellationToken: cancellationToken));
        if (range.FirstCreated is not { } first || range.LastClose is not { } last)
        {
            return;
        }

        var quarters = calendar.QuartersBetween(first, last);
        foreach (var chunk in quarters.Chunk(AnalysisQueries.PeriodsPerStatement))
        {
            var slots = chunk.Select((quarter, index) => new PeriodSlot(index, PeriodWindow.Of(quarter, quarter.End.AddDays(1)), quarter)).ToList();
            var arguments = SqlRunner.ScopedParameters(AccessScope.Everything, AnalysisQueries.SlotParameters(slots, DealFilters.None, MeasureGrain.LeafCells));
            await connection.ExecuteAsync(new CommandDefinition(QuarterCellsStatement, arguments, transaction, commandTimeout: 0, cancellationToken: cancellationToken));
        }
    }

    /// <summary>
    /// True when <paramref name="connections"/> is an embedded warehouse whose derived tables describe its contract tables
    /// as they are now. Decided once per version of the file (a stat call per question), because the check reads every row.
    /// </summary>
    public static async ValueTask<bool> AreCurrentAsync(IWarehouseConnectionFactory connections, CancellationToken cancellationToken)
    {
        if (connections.Location.DuckDbPath is not { } path)
        {
            return false;
        }

        var key = Path.GetFullPath(path);
        var version = await new DuckDbFileVersion(key).CurrentAsync(cancellationToken);
        if (Verdicts.TryGetValue(key, out var known))
        {
            if (known.Version == version)
            {
                return known.Current;
            }

            // The file changed since the last verdict: a seed may have swapped in a new one, which this process's shared
            // read-only database does not see until it is reopened, so the check below reads the file as it is now.
            if (connections is DuckDbConnectionFactory duckDb)
            {
                await duckDb.ReleaseReadOnlyAsync();
            }
        }

        var current = await CheckAsync(connections, cancellationToken);
        Verdicts[key] = (version, current);
        return current;
    }

    /// <summary>The fingerprint statement (tests compare it with what a load recorded).</summary>
    public static string FingerprintSql => Fingerprint;

    private static async Task<bool> CheckAsync(IWarehouseConnectionFactory connections, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenReadOnlyAsync(cancellationToken);
        var present = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_name IN ('deal_spans', 'deal_cells', 'deal_names', 'quarter_cells', 'derived_state')",
            cancellationToken: cancellationToken));
        if (present < 5)
        {
            return false;
        }

        var matching = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"""
            SELECT COUNT(*)
            FROM derived_state d
            JOIN ({Fingerprint}) f
              ON d.opportunity_rows = f.opportunity_rows AND d.opportunity_hash = f.opportunity_hash
             AND d.account_rows = f.account_rows AND d.account_hash = f.account_hash
             AND d.history_rows = f.history_rows AND d.history_hash = f.history_hash
            """,
            commandTimeout: 0, cancellationToken: cancellationToken));
        return matching == 1;
    }

    private static Task<int> ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, object? parameters, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, commandTimeout: 0, cancellationToken: cancellationToken));

    private sealed class DealDates
    {
        public DateOnly? FirstCreated { get; init; }

        public DateOnly? LastClose { get; init; }
    }

    private static string ReadResource(string name)
    {
        using var stream = typeof(DealSpans).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"No embedded SQL '{name}'.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
