using Dapper;
using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.TestKit;
using SalesOpsBot.Warehouse.Access;
using SalesOpsBot.Warehouse.Connections;
using SalesOpsBot.Warehouse.Derived;
using SalesOpsBot.Warehouse.Import;
using SalesOpsBot.Warehouse.Insights;
using SalesOpsBot.Warehouse.Querying;
using SalesOpsBot.Warehouse.Seeding;

namespace SalesOpsBot.Warehouse.Tests.Derived;

/// <summary>
/// The runner reads the derived tables only while they describe the contract tables: a write by any other tool makes it
/// fall back to the portable statements (and answer with the write), a load rebuilds them, and server warehouses never
/// have them.
/// </summary>
public sealed class DealSpansFreshnessTests(PostgresServer postgres)
{
    private static readonly DateOnly AsOf = new(2026, 11, 15);

    private static readonly SeedOptions Small = new(SeedOptions.MinimumOpportunities, SeedOptions.DefaultSeed, AsOf);

    private static readonly FiscalCalendar Calendar = new(1);

    private static readonly FiscalPeriod LastQuarter = Calendar.Quarter(2026, 3);

    private static readonly FiscalPeriod CurrentQuarter = Calendar.Quarter(2026, 4);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AfterASeedTheDerivedTablesAreCurrentAndQuestionsRunTheSpansForms()
    {
        await using var warehouse = await SeededAsync();

        var answer = await AskAsync(warehouse.Connections, AccessScope.Everything, LastQuarter);
        var portable = await AskAsync(warehouse.Connections, AccessScope.Everything, LastQuarter, useDerivedTables: false);

        Assert.True(await DealSpans.AreCurrentAsync(warehouse.Connections, Token));
        Assert.Equal(["Analysis/DealsForPeriod.spans", "Analysis/PeriodMeasuresByCell.spans"], answer.Statements);
        Assert.Equal(["Analysis/DealsForPeriod", "Analysis/PeriodMeasuresByCell"], portable.Statements);
        Assert.True(answer.Bookings > 0);
        Assert.Equal(portable.Bookings, answer.Bookings);
        Assert.Equal(portable.DealIds, answer.DealIds);
    }

    [Fact]
    public async Task ADealMovedToAnotherTerritoryByAnotherToolIsAnsweredWhereItNowIsAndHiddenFromTheOldScope()
    {
        await using var warehouse = await SeededAsync();
        var dach = AccessScope.Of(await SubtreeAsync(warehouse, "T-EMEA-DACH"), [], "DACH");
        var japan = AccessScope.Of(await SubtreeAsync(warehouse, "T-APAC-JP"), [], "Japan");
        var (dealId, amount) = await LargestWonAsync(warehouse, "T-EMEA-DACH-GN", LastQuarter);
        var dachBefore = await AskAsync(warehouse.Connections, dach, LastQuarter);
        var japanBefore = await AskAsync(warehouse.Connections, japan, LastQuarter);

        await ExecuteAsync(warehouse, $"UPDATE opportunities SET territory_id = 'T-APAC-JP-E' WHERE opportunity_id = '{dealId}'");
        var dachAfter = await AskAsync(warehouse.Connections, dach, LastQuarter);
        var japanAfter = await AskAsync(warehouse.Connections, japan, LastQuarter);

        Assert.Contains(dealId, dachBefore.DealIds);
        Assert.DoesNotContain(dealId, japanBefore.DealIds);
        Assert.False(await DealSpans.AreCurrentAsync(warehouse.Connections, Token));
        Assert.Equal(["Analysis/DealsForPeriod", "Analysis/PeriodMeasuresByCell"], dachAfter.Statements);
        Assert.DoesNotContain(dealId, dachAfter.DealIds);
        Assert.Contains(dealId, japanAfter.DealIds);
        Assert.Equal(dachBefore.Bookings - amount, dachAfter.Bookings);
        Assert.Equal(japanBefore.Bookings + amount, japanAfter.Bookings);
    }

    [Fact]
    public async Task AHistoryRowAppendedByAnotherToolIsCounted()
    {
        await using var warehouse = await SeededAsync();
        // An open deal due this quarter, won on the as-of date by a row a CRM sync appended.
        var (dealId, amount) = await FirstAsync<(string, decimal)>(warehouse,
            $"""
            SELECT opportunity_id, amount FROM opportunities
            WHERE is_closed = false AND close_date BETWEEN DATE '{CurrentQuarter.Start:yyyy-MM-dd}' AND DATE '{CurrentQuarter.End:yyyy-MM-dd}'
            ORDER BY amount DESC, opportunity_id LIMIT 1
            """);
        var before = await AskAsync(warehouse.Connections, AccessScope.Everything, CurrentQuarter);

        await ExecuteAsync(warehouse,
            $"""
            INSERT INTO opportunity_history (opportunity_id, changed_at, stage, forecast_category, amount, close_date, is_closed, is_won)
            VALUES ('{dealId}', TIMESTAMP '{AsOf:yyyy-MM-dd} 10:00:00', 'Closed Won', 'Closed', {amount}, DATE '{AsOf:yyyy-MM-dd}', true, true)
            """);
        var after = await AskAsync(warehouse.Connections, AccessScope.Everything, CurrentQuarter);

        Assert.False(await DealSpans.AreCurrentAsync(warehouse.Connections, Token));
        Assert.Equal(["Analysis/DealsForPeriod", "Analysis/PeriodMeasuresByCell"], after.Statements);
        Assert.Equal(before.Bookings + amount, after.Bookings);
    }

    [Fact]
    public async Task ADealDeletedByAnotherToolNoLongerCounts()
    {
        await using var warehouse = await SeededAsync();
        var (dealId, amount) = await LargestWonAsync(warehouse, "T-NA-W-CA", LastQuarter);
        var before = await AskAsync(warehouse.Connections, AccessScope.Everything, LastQuarter);

        await ExecuteAsync(warehouse, $"DELETE FROM opportunity_history WHERE opportunity_id = '{dealId}'");
        await ExecuteAsync(warehouse, $"DELETE FROM opportunities WHERE opportunity_id = '{dealId}'");
        var after = await AskAsync(warehouse.Connections, AccessScope.Everything, LastQuarter);

        Assert.False(await DealSpans.AreCurrentAsync(warehouse.Connections, Token));
        Assert.Equal(["Analysis/DealsForPeriod", "Analysis/PeriodMeasuresByCell"], after.Statements);
        Assert.Equal(before.Bookings - amount, after.Bookings);
        Assert.Contains(dealId, before.DealIds);
        Assert.DoesNotContain(dealId, after.DealIds);
    }

    [Fact]
    public async Task AnAccountMovedToAnotherSegmentByAnotherToolIsFilteredByItsNewSegment()
    {
        await using var warehouse = await SeededAsync();
        var (accountId, won) = await FirstAsync<(string, decimal)>(warehouse,
            $"""
            SELECT a.account_id, SUM(o.amount) AS won
            FROM accounts a JOIN opportunities o ON o.account_id = a.account_id
            WHERE a.segment = 'Enterprise' AND o.is_won AND o.close_date BETWEEN DATE '{LastQuarter.Start:yyyy-MM-dd}' AND DATE '{LastQuarter.End:yyyy-MM-dd}'
            GROUP BY a.account_id ORDER BY won DESC, a.account_id LIMIT 1
            """);
        var enterprise = new DealFilters(Segment: "Enterprise");
        var before = await AskAsync(warehouse.Connections, AccessScope.Everything, LastQuarter, enterprise);

        await ExecuteAsync(warehouse, $"UPDATE accounts SET segment = 'SMB' WHERE account_id = '{accountId}'");
        var after = await AskAsync(warehouse.Connections, AccessScope.Everything, LastQuarter, enterprise);

        Assert.False(await DealSpans.AreCurrentAsync(warehouse.Connections, Token));
        Assert.Equal(before.Bookings - won, after.Bookings);
    }

    [Fact]
    public async Task ACsvImportRebuildsTheDerivedTablesFromTheImportedRows()
    {
        await using var warehouse = await SeededAsync();
        var (dealId, _) = await LargestWonAsync(warehouse, "T-EMEA-DACH-GN", LastQuarter);
        await ExecuteAsync(warehouse, $"UPDATE opportunities SET territory_id = 'T-APAC-JP-E' WHERE opportunity_id = '{dealId}'");
        Assert.False(await DealSpans.AreCurrentAsync(warehouse.Connections, Token));
        // The import brings a different world (another seed), so spans left from the seed could not pass for it.
        var options = Small with { Seed = 7 };
        using var csv = ContractCsvFolder.Of(sink => DemoDataGenerator.Generate(options, sink, cancellationToken: Token));

        await CsvImporter.ImportAsync(warehouse.Connections, csv.Folder, Calendar, null, Token);
        var answer = await AskAsync(warehouse.Connections, AccessScope.Everything, LastQuarter);
        var portable = await AskAsync(warehouse.Connections, AccessScope.Everything, LastQuarter, useDerivedTables: false);

        Assert.True(await DealSpans.AreCurrentAsync(warehouse.Connections, Token));
        Assert.Equal(["Analysis/DealsForPeriod.spans", "Analysis/PeriodMeasuresByCell.spans"], answer.Statements);
        Assert.Equal(portable.Bookings, answer.Bookings);
        Assert.Equal(portable.DealIds, answer.DealIds);
        Assert.Equal(await FirstAsync<long>(warehouse, "SELECT COUNT(*) FROM opportunity_history"), await FirstAsync<long>(warehouse, "SELECT COUNT(*) FROM deal_spans"));
    }

    [Fact]
    public async Task AFileWithoutItsDerivedStateIsAnsweredByThePortableStatementsWithTheSameFigures()
    {
        await using var warehouse = await SeededAsync();
        var dach = AccessScope.Of(await SubtreeAsync(warehouse, "T-EMEA-DACH"), [], "DACH");
        var fromSpans = await AskAsync(warehouse.Connections, dach, LastQuarter);

        // A file seeded by a build from before the derived tables had none of them; losing the state alone is the same.
        await ExecuteAsync(warehouse, "DROP TABLE derived_state");
        var portable = await AskAsync(warehouse.Connections, dach, LastQuarter);

        Assert.False(await DealSpans.AreCurrentAsync(warehouse.Connections, Token));
        Assert.Equal(["Analysis/DealsForPeriod.spans", "Analysis/PeriodMeasuresByCell.spans"], fromSpans.Statements);
        Assert.Equal(["Analysis/DealsForPeriod", "Analysis/PeriodMeasuresByCell"], portable.Statements);
        Assert.True(portable.Bookings > 0);
        Assert.Equal(fromSpans.Bookings, portable.Bookings);
        Assert.Equal(fromSpans.DealIds, portable.DealIds);
    }

    [Fact]
    public async Task AFileFromAnOlderBuildGetsItsDerivedTablesAtTheNextImport()
    {
        await using var warehouse = await SeededAsync();
        await ExecuteAsync(warehouse, "DROP TABLE deal_spans");
        await ExecuteAsync(warehouse, "DROP TABLE deal_cells");
        await ExecuteAsync(warehouse, "DROP TABLE derived_state");
        var old = await AskAsync(warehouse.Connections, AccessScope.Everything, LastQuarter);
        Assert.False(await DealSpans.AreCurrentAsync(warehouse.Connections, Token));
        Assert.Equal(["Analysis/DealsForPeriod", "Analysis/PeriodMeasuresByCell"], old.Statements);
        using var csv = ContractCsvFolder.Of(sink => DemoDataGenerator.Generate(Small, sink, cancellationToken: Token));

        await CsvImporter.ImportAsync(warehouse.Connections, csv.Folder, Calendar, null, Token);
        var rebuilt = await AskAsync(warehouse.Connections, AccessScope.Everything, LastQuarter);

        Assert.True(await DealSpans.AreCurrentAsync(warehouse.Connections, Token));
        Assert.Equal(["Analysis/DealsForPeriod.spans", "Analysis/PeriodMeasuresByCell.spans"], rebuilt.Statements);
        Assert.Equal(old.Bookings, rebuilt.Bookings);
        Assert.Equal(old.DealIds, rebuilt.DealIds);
    }

    [Fact]
    public async Task PostgresNeverRunsTheSpansFormsAndGetsNoDerivedTablesFromALoad()
    {
        await using var warehouse = await TestWarehouse.CreatePostgresAsync(postgres, Token);
        await DemoWarehouse.SeedAsync(warehouse.Location, Small, null, Token);

        var answer = await AskAsync(warehouse.Connections, AccessScope.Everything, LastQuarter);

        Assert.False(await DealSpans.AreCurrentAsync(warehouse.Connections, Token));
        Assert.Equal(["Analysis/DealsForPeriod", "Analysis/PeriodMeasuresByCell"], answer.Statements);
        Assert.True(answer.Bookings > 0);
        Assert.Equal(0, await FirstAsync<long>(warehouse,
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_name IN ('deal_spans', 'deal_cells', 'derived_state', 'deal_keys')"));
    }

    [Fact]
    public async Task AFileSwappedInWithoutCurrentSpansIsReadAsItIsNowEvenWithoutTheAnswerCache()
    {
        await using var served = await SeededAsync();
        var before = await AskAsync(served.Connections, AccessScope.Everything, LastQuarter);
        var replacement = TestWarehouse.CreateDuckDb();
        await DemoWarehouse.SeedAsync(replacement.Location, Small with { Seed = 7 }, null, Token);
        await ExecuteAsync(replacement, "DROP TABLE derived_state");
        await ((IAsyncDisposable)replacement.Connections).DisposeAsync();
        File.Move(replacement.Location.DuckDbPath!, served.Location.DuckDbPath!, overwrite: true);

        var after = await AskAsync(served.Connections, AccessScope.Everything, LastQuarter);
        var fresh = WarehouseConnectionFactory.Create(served.Location);
        var expected = await AskAsync(fresh, AccessScope.Everything, LastQuarter, useDerivedTables: false);
        await ((IAsyncDisposable)fresh).DisposeAsync();

        Assert.Contains("Analysis/PeriodMeasuresByCell.spans", before.Statements);
        Assert.NotEqual(before.Bookings, expected.Bookings);
        Assert.Equal(expected.Bookings, after.Bookings);
        Assert.Equal(["Analysis/DealsForPeriod", "Analysis/PeriodMeasuresByCell"], after.Statements);
    }

    /// <summary>What a question about a period reads: bookings, the deals listed, and the statements that ran.</summary>
    private sealed record Answer(decimal Bookings, List<string> DealIds, List<string> Statements);

    private static async Task<Answer> AskAsync(
        IWarehouseConnectionFactory connections, AccessScope scope, FiscalPeriod period, DealFilters? filters = null, bool useDerivedTables = true)
    {
        var trace = new SqlTrace();
        var queries = new AnalysisQueries(new SqlRunner(connections) { UseDerivedTables = useDerivedTables });
        var cells = await queries.PeriodMeasuresByCellAsync(scope, QueryFocus.Everything, period, AsOf, filters ?? DealFilters.None, Token, trace);
        var deals = await queries.DealsForPeriodAsync(scope, QueryFocus.Everything, period, AsOf, filters ?? DealFilters.None, Token, trace);
        return new Answer(
            cells.Sum(c => c.Measures.WonAmount),
            [.. deals.Select(d => d.OpportunityId).Order(StringComparer.Ordinal)],
            [.. trace.Statements.Select(s => s.Name).Order(StringComparer.Ordinal)]);
    }

    private static async Task<TestWarehouse> SeededAsync()
    {
        var warehouse = TestWarehouse.CreateDuckDb();
        await DemoWarehouse.SeedAsync(warehouse.Location, Small, null, Token);
        return warehouse;
    }

    private static Task<(string DealId, decimal Amount)> LargestWonAsync(TestWarehouse warehouse, string territoryId, FiscalPeriod period) =>
        FirstAsync<(string, decimal)>(warehouse,
            $"""
            SELECT opportunity_id, amount FROM opportunities
            WHERE is_won AND territory_id = '{territoryId}' AND close_date BETWEEN DATE '{period.Start:yyyy-MM-dd}' AND DATE '{period.End:yyyy-MM-dd}'
            ORDER BY amount DESC, opportunity_id LIMIT 1
            """);

    private static async Task<IReadOnlyList<string>> SubtreeAsync(TestWarehouse warehouse, string rootId)
    {
        await using var connection = await warehouse.Connections.OpenReadOnlyAsync(Token);
        return [.. await connection.QueryAsync<string>(
            $"""
            WITH RECURSIVE sub(territory_id) AS (
                SELECT territory_id FROM territories WHERE territory_id = '{rootId}'
                UNION ALL
                SELECT t.territory_id FROM territories t JOIN sub s ON t.parent_id = s.territory_id)
            SELECT territory_id FROM sub
            """)];
    }

    private static async Task<T> FirstAsync<T>(TestWarehouse warehouse, string sql)
    {
        await using var connection = await warehouse.Connections.OpenReadOnlyAsync(Token);
        return await connection.QueryFirstAsync<T>(new CommandDefinition(sql, cancellationToken: Token));
    }

    /// <summary>A write by a tool other than seed and import: a plain writable connection, no rebuild.</summary>
    private static async Task ExecuteAsync(TestWarehouse warehouse, string sql)
    {
        await using var connection = await warehouse.Connections.OpenWritableAsync(Token);
        await connection.ExecuteAsync(new CommandDefinition(sql, cancellationToken: Token));
    }
}
