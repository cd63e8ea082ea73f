using SalesOpsBot.Analysis.Bridge;
using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.TestKit;
using SalesOpsBot.Warehouse.Access;
using SalesOpsBot.Warehouse.Connections;
using SalesOpsBot.Warehouse.Insights;
using SalesOpsBot.Warehouse.Querying;
using SalesOpsBot.Warehouse.Tests.Dialects;

namespace SalesOpsBot.Warehouse.Tests.Insights;

/// <summary>Rep facts and the forecast-at-start flow computed in SQL on the hand-checked sample (see SampleSales).</summary>
public abstract class RepAndForecastBaselineQueriesTests(PostgresServer postgres) : WarehouseKind(postgres)
{
    private static readonly FiscalCalendar Calendar = new(1);
    private static readonly FiscalPeriod Q3 = Calendar.Quarter(2026, 3);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Rep_facts_hold_each_AEs_bookings_and_quota()
    {
        await using var warehouse = await CreateSampleAsync();
        var queries = new RepAndForecastBaselineQueries(new SqlRunner(warehouse.Connections));

        var facts = await queries.RepPeriodFactsAsync(AccessScope.Everything, QueryFocus.Everything, Q3, SampleSales.AsOf, Calendar, Token);

        // Lena: O-1 100 won (O-2 lost); Alex: O-3 200; Sam: O-5 400 + O-6 80. The manager (role Manager) is not a seat.
        Assert.Equal(["R-1", "R-2", "R-3"], facts.Select(f => f.RepId));
        Assert.Equal([100m, 200m, 480m], facts.Select(f => f.Bookings));
        Assert.Equal([1L, 1L, 2L], facts.Select(f => f.WonCount));
        Assert.Equal([300m, 400m, 500m], facts.Select(f => f.Quota));
        Assert.Equal([300m, 400m, 500m], facts.Select(f => f.FullSeatQuota));
    }

    [Fact]
    public async Task A_rep_sees_only_their_own_facts()
    {
        await using var warehouse = await CreateSampleAsync();
        var queries = new RepAndForecastBaselineQueries(new SqlRunner(warehouse.Connections));

        var facts = await queries.RepPeriodFactsAsync(AccessScope.Of([], ["R-2"], "Alex Morgan"), QueryFocus.Everything, Q3, SampleSales.AsOf, Calendar, Token);

        Assert.Equal("R-2", Assert.Single(facts).RepId);
    }

    [Fact]
    public async Task Forecast_flow_splits_the_commit_at_the_start_and_every_won_deal()
    {
        await using var warehouse = await CreateSampleAsync();
        var queries = new RepAndForecastBaselineQueries(new SqlRunner(warehouse.Connections));

        var flows = await queries.ForecastFlowAsync(AccessScope.Everything, QueryFocus.Everything, Q3, SampleSales.AsOf, DealFilters.None, Token);

        // At 2026-07-01 only O-3 (UK&I, 200, due 07-31) was in Commit, and it was won for 200. Outside the commit:
        // O-1 100 was due (Pipeline) and won; O-6 80 was due in November and won in August (pulled in);
        // O-5 400 was created on 07-05 and won. O-2 (lost) and O-4 (slipped) were not committed.
        var total = ForecastStartFlow.Sum(flows.Select(f => f.Flow));
        Assert.Equal(new ForecastStartFlow(200m, 200m, 200m, 0m, 0m, 100m, 80m, 400m, 0m, 0m), total);
        Assert.Equal(SampleSales.Expected.GlobalBookings, total.Bookings);
        var uki = Assert.Single(flows, f => f.Key.Territory == "T-UKI").Flow;
        Assert.Equal(200m, uki.CommitAtStart);
    }

    [Fact]
    public async Task The_bridge_against_the_start_forecast_explains_bookings_minus_the_commit()
    {
        await using var warehouse = await CreateSampleAsync();
        var analytics = new SalesAnalytics(new SqlRunner(warehouse.Connections));
        var request = new AnalysisRequest(AccessScope.Everything, AnalysisSubject.Everything, Q3, SampleSales.AsOf, Calendar);

        var explanation = await analytics.ExplainAttainmentAsync(request, BaselineKind.ForecastAtStart, Token);

        var bridge = explanation.Bridge;
        Assert.Equal(BaselineKind.ForecastAtStart, bridge.Baseline);
        Assert.Equal(200m, bridge.Plan);
        Assert.Equal(SampleSales.Expected.GlobalQuota, bridge.Quota);
        Assert.Equal(580m, bridge.Gap); // 780 booked against a 200 commit
        Assert.Equal(bridge.Gap, bridge.Drivers.Sum(d => d.Impact));
        Assert.Equal(400m, bridge.Drivers.Single(d => d.Mechanism == Mechanism.PipelineCreated).Impact);
        Assert.Equal(100m, bridge.Drivers.Single(d => d.Mechanism == Mechanism.WinRate).Impact);
        Assert.Equal(80m, bridge.Drivers.Single(d => d.Mechanism == Mechanism.PullIn).Impact);
        Assert.Equal(0m, bridge.Drivers.Single(d => d.Mechanism == Mechanism.Other).Impact);
    }
}

public sealed class DuckDbRepAndForecastBaselineQueriesTests(PostgresServer postgres) : RepAndForecastBaselineQueriesTests(postgres)
{
    public override WarehouseDialect Dialect => WarehouseDialect.DuckDb;
}

public sealed class PostgresRepAndForecastBaselineQueriesTests(PostgresServer postgres) : RepAndForecastBaselineQueriesTests(postgres)
{
    public override WarehouseDialect Dialect => WarehouseDialect.Postgres;
}

public sealed class SqlServerRepAndForecastBaselineQueriesTests(PostgresServer postgres) : RepAndForecastBaselineQueriesTests(postgres)
{
    public override WarehouseDialect Dialect => WarehouseDialect.SqlServer;
}
