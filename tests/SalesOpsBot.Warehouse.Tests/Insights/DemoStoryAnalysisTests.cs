using SalesOpsBot.Analysis.Bridge;
using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Warehouse.Access;
using SalesOpsBot.Warehouse.Insights;
using SalesOpsBot.Warehouse.Connections;
using SalesOpsBot.Warehouse.Querying;
using SalesOpsBot.Warehouse.Seeding;

namespace SalesOpsBot.Warehouse.Tests.Insights;

/// <summary>One seeded demo warehouse (DuckDB, default scale) shared by the story tests of a class.</summary>
public sealed class DemoWarehouseFixture : IAsyncLifetime
{
    public static readonly DateOnly AsOf = new(2026, 11, 15);

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"salesops-demo-{Guid.NewGuid():N}.duckdb");

    public IWarehouseConnectionFactory Connections { get; private set; } = null!;

    public SeedSummary Summary { get; private set; } = null!;

    public FiscalCalendar Calendar { get; } = new(1);

    public async ValueTask InitializeAsync()
    {
        var location = new WarehouseLocation(WarehouseDialect.DuckDb, _path);
        Summary = await DemoWarehouse.SeedAsync(location, new SeedOptions(SeedOptions.DefaultOpportunities, SeedOptions.DefaultSeed, AsOf), null, CancellationToken.None);
        Connections = WarehouseConnectionFactory.Create(location);
    }

    public async ValueTask DisposeAsync()
    {
        await ((IAsyncDisposable)Connections).DisposeAsync();
        File.Delete(_path);
    }
}

/// <summary>The documented demo stories (docs/demo-data.md) are what the SQL + engine pipeline finds.</summary>
public sealed class DemoStoryAnalysisTests(DemoWarehouseFixture demo) : IClassFixture<DemoWarehouseFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private FiscalPeriod LastCompletedQuarter => demo.Calendar.QuarterOffset(DemoWarehouseFixture.AsOf, -1);

    private SalesAnalytics Analytics => new(new SqlRunner(demo.Connections));

    private AnalysisRequest Request(AnalysisSubject subject) =>
        new(AccessScope.Everything, subject, LastCompletedQuarter, DemoWarehouseFixture.AsOf, demo.Calendar);

    [Fact]
    public async Task EmeaMissIsLocatedInDachThroughWinRateWithTheUkiSlippedDealsOnTop()
    {
        var explanation = await Analytics.ExplainAttainmentAsync(Request(new AnalysisSubject(TerritoryId: "T-EMEA")), BaselineKind.TrailingFourQuarters, Token);

        Assert.True(explanation.Bridge.Gap < 0, $"EMEA should miss, gap {explanation.Bridge.Gap}");
        Assert.Equal(explanation.Bridge.Gap, explanation.Bridge.Drivers.Sum(d => d.Impact));
        Assert.Equal("T-EMEA-DACH", explanation.Locations[0].Value);
        Assert.Equal(Mechanism.WinRate, explanation.Locations[0].MainMechanism);
        var slipped = explanation.Deals.Slipped.Select(d => d.Deal.OpportunityId).Take(2).Order().ToList();
        Assert.Equal([DemoStories.AlbionMutualDealId, DemoStories.ThamesideEnergyDealId], slipped);
        Assert.Contains(explanation.Bridge.Drivers.Take(3), d => d.Mechanism == Mechanism.WinRate);
    }

    [Fact]
    public async Task ApacBeatOnOneLargeExpansion()
    {
        var view = await Analytics.AttainmentAsync(Request(new AnalysisSubject(TerritoryId: "T-APAC")), Token);
        var deals = await Analytics.DealsAsync(Request(new AnalysisSubject(TerritoryId: "T-APAC")), Token);

        Assert.True(view.Metrics.Attainment >= 1.0, $"APAC attainment {view.Metrics.Attainment}");
        Assert.Equal(DemoStories.PacificOrbitExpansionDealId, deals.Lists.LargestWon[0].Deal.OpportunityId);
    }

    [Fact]
    public async Task NaSmbPipelineCreationDriedUp()
    {
        var trend = await Analytics.TrendAsync(
            Request(new AnalysisSubject(TerritoryId: "T-NA")) with { Filters = new DealFilters(Segment: "SMB") },
            [.. Enumerable.Range(-5, 5).Select(i => demo.Calendar.QuarterOffset(DemoWarehouseFixture.AsOf, i))], Token);

        var before = trend.Take(4).Average(p => (double)p.Metrics.PipelineCreated);
        var last = (double)trend[^1].Metrics.PipelineCreated;
        Assert.True(last < 0.5 * before, $"NA SMB created {last:N0} vs {before:N0} on average before");
    }

    [Fact]
    public async Task TheVacantSeatTerritoryMissedWithCapacityAmongItsDrivers()
    {
        var territory = demo.Summary.Stories.VacantSeatTerritoryId;

        var explanation = await Analytics.ExplainAttainmentAsync(Request(new AnalysisSubject(TerritoryId: territory)), BaselineKind.TrailingFourQuarters, Token);

        Assert.True(explanation.View.Metrics.Attainment < 0.9, $"{territory} attainment {explanation.View.Metrics.Attainment}");
        Assert.Contains(explanation.Bridge.Drivers, d => d.Mechanism == Mechanism.Capacity && d.Impact < 0);
    }

    [Fact]
    public async Task AnEmeaLeaderSeesOnlyEmea()
    {
        var access = await new AccessResolver(new SqlRunner(demo.Connections)).ResolveAsync(DemoPrincipals.EmeaLeader, Token);

        var view = await Analytics.AttainmentAsync(Request(AnalysisSubject.Everything) with { Access = access.Scope }, Token);

        Assert.Equal("EMEA", view.SubjectName);
        Assert.All(view.Breakdown, b => Assert.StartsWith("T-EMEA-", b.Key, StringComparison.Ordinal));
    }
}
