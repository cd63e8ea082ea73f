using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Analysis.Deals;
using SalesOpsBot.Analysis.Metrics;
using SalesOpsBot.TestKit;
using SalesOpsBot.Warehouse.Access;
using SalesOpsBot.Warehouse.Insights;
using SalesOpsBot.Warehouse.Connections;
using SalesOpsBot.Warehouse.Querying;
using SalesOpsBot.Warehouse.Tests.Dialects;

namespace SalesOpsBot.Warehouse.Tests.Insights;

/// <summary>The engine's inputs computed in SQL on the hand-checked sample (see SampleSales for the working).</summary>
public abstract class AnalysisQueriesTests(PostgresServer postgres) : WarehouseKind(postgres)
{
    private static readonly FiscalPeriod Q3 = new FiscalCalendar(1).Quarter(2026, 3);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PeriodMeasuresFollowTheContractDefinitions()
    {
        await using var warehouse = await CreateSampleAsync();
        var queries = new AnalysisQueries(new SqlRunner(warehouse.Connections));

        var cells = await queries.PeriodMeasuresByCellAsync(AccessScope.Everything, QueryFocus.Everything, Q3, SampleSales.AsOf, DealFilters.None, Token);

        var dach = Assert.Single(cells, c => c.Key.Territory == "T-DACH").Measures;
        var uki = Assert.Single(cells, c => c.Key.Territory == "T-UKI").Measures;
        var na = Assert.Single(cells, c => c.Key.Territory == "T-NA").Measures;
        // DACH: O-1 won 100 and O-2 lost 50 (both due at start); O-7 created 120 and open for Q4.
        Assert.Equal((1d, 100m, 1d, 50m, 2d, 150m), (dach.WonCount, dach.WonAmount, dach.LostCount, dach.LostAmount, dach.DueAtStartCount, dach.DueAtStartAmount));
        Assert.Equal((1d, 120m, 0d), (dach.CreatedCount, dach.CreatedAmount, dach.SlippedCount));
        // UK&I: O-3 won 200; O-4 (300) due at start and slipped to October.
        Assert.Equal((1d, 200m, 1d, 300m), (uki.WonCount, uki.WonAmount, uki.SlippedCount, uki.SlippedAmount));
        // NA: O-5 created and won (400); O-6 pulled in from November and won (80).
        Assert.Equal((2d, 480m, 1d, 400m, 1d), (na.WonCount, na.WonAmount, na.CreatedCount, na.CreatedAmount, na.CreatedClosedCount));
        Assert.Equal((1d, 80m), (na.PulledInCount, na.PulledInAmount));
        // Cycle: O-5 2026-07-05 → 09-30 = 87 days; O-6 2026-03-01 → 08-20 = 172 days.
        Assert.Equal(259d, na.WonCycleDays);
        Assert.Equal(SampleSales.Expected.GlobalBookings, PeriodMeasures.Sum(cells.Select(c => c.Measures)).WonAmount);
    }

    /// <summary>"As of d" is the state recorded at d: a deal created after d did not exist yet, even in a past quarter.</summary>
    [Fact]
    public async Task PipelineCreatedAsOfADateCountsOnlyDealsCreatedByThen()
    {
        await using var warehouse = await CreateSampleAsync();
        var queries = new AnalysisQueries(new SqlRunner(warehouse.Connections));

        var early = PeriodMeasures.Sum((await queries.PeriodMeasuresByCellAsync(AccessScope.Everything, QueryFocus.Everything, Q3, new DateOnly(2026, 8, 1), DealFilters.None, Token)).Select(c => c.Measures));
        var late = PeriodMeasures.Sum((await queries.PeriodMeasuresByCellAsync(AccessScope.Everything, QueryFocus.Everything, Q3, SampleSales.AsOf, DealFilters.None, Token)).Select(c => c.Measures));

        // By 1 August only O-5 (5 July, 400) existed; O-7 (15 September, 120) came later.
        Assert.Equal((1d, 400m), (early.CreatedCount, early.CreatedAmount));
        Assert.Equal((2d, 520m), (late.CreatedCount, late.CreatedAmount));
    }

    /// <summary>A quarter that starts after the as-of date is seen from the as-of date: nothing later is known yet.</summary>
    [Fact]
    public async Task AQuarterAfterTheAsOfDateIsMeasuredAtTheAsOfDate()
    {
        await using var warehouse = await CreateSampleAsync();
        var queries = new AnalysisQueries(new SqlRunner(warehouse.Connections));
        var q4 = new FiscalCalendar(1).Quarter(2026, 4);

        var measures = PeriodMeasures.Sum((await queries.PeriodMeasuresByCellAsync(
            AccessScope.Everything, QueryFocus.Everything, q4, new DateOnly(2026, 9, 15), DealFilters.None, Token)).Select(c => c.Measures));

        // On 15 September only O-7 (120, due 10 December) was open and due in Q4; O-4 was still due 20 September (it
        // moved to October on the 25th), so it is neither due in Q4 nor "slipped" from a quarter that has not begun.
        Assert.Equal((1d, 120m), (measures.DueAtStartCount, measures.DueAtStartAmount));
        Assert.Equal((0d, 0m), (measures.SlippedCount, measures.SlippedAmount));
        Assert.Equal((1d, 120m), (measures.OpenCount, measures.OpenAmount));
    }

    [Fact]
    public async Task OpenPipelineCountsTheRestOfTheCurrentQuarter()
    {
        await using var warehouse = await CreateSampleAsync();
        var queries = new AnalysisQueries(new SqlRunner(warehouse.Connections));
        var q4 = new FiscalCalendar(1).Quarter(2026, 4);

        var cells = await queries.PeriodMeasuresByCellAsync(AccessScope.Everything, QueryFocus.Everything, q4, SampleSales.AsOf, DealFilters.None, Token);

        var total = PeriodMeasures.Sum(cells.Select(c => c.Measures));
        Assert.Equal(SampleSales.Expected.Q4OpenPipelineAsOf, total.OpenAmount);
        Assert.Equal(0m, total.WonAmount);
    }

    [Fact]
    public async Task SeveralPeriodsInOneStatementMatchTheHandCheckedFigures()
    {
        await using var warehouse = await CreateSampleAsync();
        var trace = new SqlTrace();
        var queries = new AnalysisQueries(new SqlRunner(warehouse.Connections));
        var q4 = new FiscalCalendar(1).Quarter(2026, 4);

        var groups = await queries.PeriodMeasuresAsync(AccessScope.Everything, QueryFocus.Everything, [[Q3], [q4], [Q3, q4]],
            SampleSales.AsOf, DealFilters.None, MeasureGrain.LeafCells, Token, trace);

        var (q3Total, q4Total, both) = (Total(groups[0]), Total(groups[1]), Total(groups[2]));
        Assert.Single(trace.Statements);
        Assert.Equal((SampleSales.Expected.GlobalBookings, SampleSales.Expected.GlobalPipelineCreated, 0m), (q3Total.WonAmount, q3Total.CreatedAmount, q3Total.OpenAmount));
        Assert.Equal((0m, SampleSales.Expected.Q4OpenPipelineAsOf), (q4Total.WonAmount, q4Total.OpenAmount));
        // The group sums its two quarters. Slipped: O-4 (300) out of Q3. Q4 is still running at the as-of date: O-4 (due
        // 10-20) and O-7 (due 12-10) are open and still due in it, so they have not slipped (their close dates did not move past Q4).
        Assert.Equal((SampleSales.Expected.GlobalBookings, SampleSales.Expected.Q4OpenPipelineAsOf, 300m),
            (both.WonAmount, both.OpenAmount, both.SlippedAmount));
        // Per leaf cell too: UK&I has O-3 won 200 in Q3, O-4 slipped out of Q3 (300) and open, still due, in Q4 (300).
        var uki = Total(groups[2].Where(c => c.Key.Territory == "T-UKI"));
        Assert.Equal((200m, 300m, 300m), (uki.WonAmount, uki.SlippedAmount, uki.OpenAmount));
    }

    [Fact]
    public async Task TotalsAreOneCellPerGroupAndMorePeriodsThanOneStatementHoldsAreSplit()
    {
        await using var warehouse = await CreateSampleAsync();
        var trace = new SqlTrace();
        var queries = new AnalysisQueries(new SqlRunner(warehouse.Connections));
        var calendar = new FiscalCalendar(1);
        // Seven quarters, Q3 first and last: two statements (six periods, then one).
        IReadOnlyList<IReadOnlyList<FiscalPeriod>> quarters = [[Q3], .. Enumerable.Range(-5, 5).Select(i => (IReadOnlyList<FiscalPeriod>)[calendar.QuarterOffset(Q3.Start, i)]), [Q3]];

        var totals = await queries.PeriodMeasuresAsync(AccessScope.Everything, QueryFocus.Everything, quarters, SampleSales.AsOf, DealFilters.None,
            MeasureGrain.Total, Token, trace);

        Assert.Equal(7, totals.Count);
        Assert.Equal(2, trace.Statements.Count);
        Assert.Equal(SampleSales.Expected.GlobalBookings, Assert.Single(totals[0]).Measures.WonAmount);
        Assert.Equal(SampleSales.Expected.GlobalBookings, Assert.Single(totals[6]).Measures.WonAmount);
        Assert.Equal(new CellKey("", "", "", "", "", ""), totals[0][0].Key);
    }

    [Fact]
    public async Task PeriodsThatTogetherExceedTheRowCapAreReadOneByOne()
    {
        await using var warehouse = await CreateSampleAsync();
        var trace = new SqlTrace();
        // Q3 has three leaf cells (DACH, UK&I, NA) and Q4 two (UK&I's O-4 and DACH's O-7 open): five rows together.
        var queries = new AnalysisQueries(new SqlRunner(warehouse.Connections, new QueryLimits(TimeSpan.FromSeconds(30), 4)));
        var q4 = new FiscalCalendar(1).Quarter(2026, 4);

        var groups = await queries.PeriodMeasuresAsync(AccessScope.Everything, QueryFocus.Everything, [[Q3], [q4]],
            SampleSales.AsOf, DealFilters.None, MeasureGrain.LeafCells, Token, trace);

        // The first read stops at the cap (4 rows read), then each period alone fits.
        Assert.Equal([4, 3, 2], trace.Statements.Select(s => s.Rows));
        Assert.Equal((3, SampleSales.Expected.GlobalBookings), (groups[0].Count, Total(groups[0]).WonAmount));
        Assert.Equal((2, SampleSales.Expected.Q4OpenPipelineAsOf), (groups[1].Count, Total(groups[1]).OpenAmount));
    }

    [Fact]
    public async Task FocusNarrowsButNeverWidensTheAccessScope()
    {
        await using var warehouse = await CreateSampleAsync();
        var queries = new AnalysisQueries(new SqlRunner(warehouse.Connections));
        var emeaLeader = AccessScope.Of(["T-EMEA", "T-DACH", "T-UKI"], [], "EMEA");

        var dach = await queries.PeriodMeasuresByCellAsync(emeaLeader, QueryFocus.Territories(["T-DACH"]), Q3, SampleSales.AsOf, DealFilters.None, Token);
        var na = await queries.PeriodMeasuresByCellAsync(emeaLeader, QueryFocus.Territories(["T-NA"]), Q3, SampleSales.AsOf, DealFilters.None, Token);
        var smb = await queries.PeriodMeasuresByCellAsync(emeaLeader, QueryFocus.Everything, Q3, SampleSales.AsOf, new DealFilters(Segment: "SMB"), Token);

        Assert.All(dach, c => Assert.Equal("T-DACH", c.Key.Territory));
        Assert.Empty(na);
        Assert.Equal(200m, PeriodMeasures.Sum(smb.Select(c => c.Measures)).WonAmount);
    }

    private static PeriodMeasures Total(IEnumerable<MeasureCell> cells) => PeriodMeasures.Sum(cells.Select(c => c.Measures));

    [Fact]
    public async Task QuotasSeatsAndForecastCellsReadTheirRows()
    {
        await using var warehouse = await CreateSampleAsync();
        var queries = new AnalysisQueries(new SqlRunner(warehouse.Connections));

        var quotas = await queries.QuotaFactsAsync(AccessScope.Everything, QueryFocus.Everything, Q3, Token);
        var seats = await queries.SeatsAsync(AccessScope.Everything, QueryFocus.Everything, Q3, Token);
        var forecast = await queries.ForecastCellsAsync(AccessScope.Everything, QueryFocus.Everything,
            new FiscalCalendar(1).Quarter(2026, 4), SampleSales.AsOf, DealFilters.None, Token);

        var book = new QuotaBook([new("T-GLOBAL", "Global", null), new("T-EMEA", "EMEA", "T-GLOBAL"), new("T-DACH", "DACH", "T-EMEA"),
            new("T-UKI", "UK&I", "T-EMEA"), new("T-NA", "NA", "T-GLOBAL")], quotas);
        Assert.Equal(SampleSales.Expected.GlobalQuota, book.ForTerritory("T-GLOBAL", Q3.Start, Q3.End));
        Assert.Equal(["R-1", "R-2", "R-3"], seats.Select(s => s.RepId).Order());
        // At 2026-10-15: O-4 in Commit (300, UK&I) and O-7 in Best Case (120, DACH).
        Assert.Equal(300m, Assert.Single(forecast, f => f.TerritoryId == "T-UKI").Commit);
        Assert.Equal(120m, Assert.Single(forecast, f => f.TerritoryId == "T-DACH").BestCase);
    }

    [Fact]
    public async Task DealListsCarryHistoryFacts()
    {
        await using var warehouse = await CreateSampleAsync();
        var queries = new AnalysisQueries(new SqlRunner(warehouse.Connections));

        var deals = await queries.DealsForPeriodAsync(AccessScope.Everything, QueryFocus.Everything, Q3, SampleSales.AsOf, DealFilters.None, Token);

        var slipped = Assert.Single(deals, d => d.OpportunityId == "O-4");
        Assert.True(slipped.OpenAtStart);
        Assert.Equal(new DateOnly(2026, 9, 20), slipped.CloseDateAtStart);
        Assert.Equal(new DateOnly(2026, 10, 20), slipped.CloseDate);
        Assert.Equal(1, slipped.PushCount);
        Assert.Equal("Alex Morgan", slipped.OwnerName);
        // Negotiation since 2026-09-25, 20 days before the as-of date.
        Assert.Equal(20, slipped.DaysInStage);
        var lists = DealsBehindTheAnswer.Rank(deals, Q3);
        Assert.Equal("O-4", Assert.Single(lists.Slipped).Deal.OpportunityId);
        Assert.Equal("O-2", Assert.Single(lists.Lost).Deal.OpportunityId);
        Assert.Equal("O-6", Assert.Single(lists.PulledIn).Deal.OpportunityId);
    }
}

public sealed class DuckDbAnalysisQueriesTests(PostgresServer postgres) : AnalysisQueriesTests(postgres)
{
    public override WarehouseDialect Dialect => WarehouseDialect.DuckDb;
}

public sealed class PostgresAnalysisQueriesTests(PostgresServer postgres) : AnalysisQueriesTests(postgres)
{
    public override WarehouseDialect Dialect => WarehouseDialect.Postgres;
}

public sealed class SqlServerAnalysisQueriesTests(PostgresServer postgres) : AnalysisQueriesTests(postgres)
{
    public override WarehouseDialect Dialect => WarehouseDialect.SqlServer;
}
