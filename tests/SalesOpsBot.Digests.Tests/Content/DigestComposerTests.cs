using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Digests.Content;
using SalesOpsBot.Digests.Storage;
using SalesOpsBot.Digests.Subscriptions;
using SalesOpsBot.Warehouse.Access;
using SalesOpsBot.Warehouse.Connections;
using SalesOpsBot.Warehouse.Insights;
using SalesOpsBot.Warehouse.Querying;
using SalesOpsBot.Warehouse.Seeding;

namespace SalesOpsBot.Digests.Tests.Content;

/// <summary>A seeded demo warehouse (DuckDB, a small scale) shared by the composer tests.</summary>
public sealed class DemoWarehouseFixture : IAsyncLifetime
{
    public static readonly DateOnly AsOf = new(2026, 11, 15);

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"salesops-digest-demo-{Guid.NewGuid():N}.duckdb");

    public IWarehouseConnectionFactory Connections { get; private set; } = null!;

    public FiscalCalendar Calendar { get; } = new(1);

    public async ValueTask InitializeAsync()
    {
        var location = new WarehouseLocation(WarehouseDialect.DuckDb, _path);
        await DemoWarehouse.SeedAsync(location, new SeedOptions(10_000, SeedOptions.DefaultSeed, AsOf), null, CancellationToken.None);
        Connections = WarehouseConnectionFactory.Create(location);
    }

    public async ValueTask DisposeAsync()
    {
        await ((IAsyncDisposable)Connections).DisposeAsync();
        File.Delete(_path);
    }
}

public sealed class DigestComposerTests(DemoWarehouseFixture demo) : IClassFixture<DemoWarehouseFixture>
{
    private static readonly DateTimeOffset MondaySlot = new(2026, 11, 16, 7, 0, 0, TimeSpan.Zero);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private SqlRunner Runner => new(demo.Connections);

    private SalesAnalytics Analytics => new(Runner);

    private WarehouseDigestSource Source => new(new AccessResolver(Runner),
        new DigestComposer(Analytics, new PipelineQueries(Runner), demo.Calendar), DemoWarehouseFixture.AsOf);

    [Fact]
    public async Task TwoLeadersWithDifferentScopesEachGetOnlyTheirOwnNumbersAndDeals()
    {
        var emea = await PackAsync(Subscription(DemoPrincipals.EmeaLeader));
        var dach = await PackAsync(Subscription(DemoPrincipals.DachLeader));

        // The same figures computed independently with full access, narrowed to each leader's territory.
        var adminEmea = await AdminAttainmentAsync("T-EMEA");
        var adminDach = await AdminAttainmentAsync("T-EMEA-DACH");
        var emeaDealIds = await AdminDealIdsAsync("T-EMEA");
        var dachDealIds = await AdminDealIdsAsync("T-EMEA-DACH");

        Assert.Equal(adminEmea.Metrics.Bookings, emea.Document.Metrics["bookings"]);
        Assert.Equal(adminDach.Metrics.Bookings, dach.Document.Metrics["bookings"]);
        Assert.True(adminDach.Metrics.Bookings < adminEmea.Metrics.Bookings);
        Assert.NotEmpty(dach.Document.Deals);
        Assert.All(dach.Document.Deals, d => Assert.Contains(d.OpportunityId, dachDealIds));
        Assert.All(emea.Document.Deals, d => Assert.Contains(d.OpportunityId, emeaDealIds));
        Assert.Equal(adminDach.Breakdown.Select(b => b.Name), dach.Document.Breakdown.Select(b => b.Value));
        Assert.DoesNotContain(dach.Document.Breakdown, b => adminEmea.Breakdown.Any(e => e.Name == b.Value && e.Key != "T-EMEA-DACH" && e.Key.StartsWith("T-EMEA-", StringComparison.Ordinal)));
        Assert.Contains("Germany", string.Join(' ', dach.Document.Breakdown.Select(b => b.Value)) + " " + dach.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDigestMeasuresPaceAgainstTheElapsedShareOfTheQuarter()
    {
        var digest = await PackAsync(Subscription(DemoPrincipals.EmeaLeader));
        var metrics = digest.Document.Metrics;

        // 15 November is day 46 of the 92-day quarter October-December: half the quota is the pace to date.
        Assert.Equal(0.5m, metrics["pace_share"]);
        Assert.Equal(Math.Round(metrics["quota"]!.Value / 2, 2), metrics["pace_expected_to_date"]);
        Assert.Equal(metrics["bookings"] - metrics["pace_expected_to_date"], metrics["pace_gap"]);
        Assert.Equal(metrics["bookings"] * 2, metrics["run_rate_projection"]);
        Assert.Equal("FY2026 Q4", digest.Document.Period!.Label);
        Assert.Equal("digest", digest.Document.Intent);
    }

    [Fact]
    public async Task TheDigestNamesTheTopMoversAndTheProjectedLanding()
    {
        var content = await PackAsync(Subscription(DemoPrincipals.EmeaLeader));

        var figures = content.Document.Metrics;
        var movers = figures.Keys.Where(key => key.StartsWith("booked_since_", StringComparison.Ordinal)).ToList();
        Assert.InRange(movers.Count, 1, 3);
        Assert.Contains("Top movers since", content.Text, StringComparison.Ordinal);
        Assert.True(figures["projection_low"] <= figures["projection"] && figures["projection"] <= figures["projection_high"]);
        Assert.Contains("Projected landing", content.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePipelineChangesReconcileAndTwoQuestionsAreSuggested()
    {
        var digest = await PackAsync(Subscription(DemoPrincipals.EmeaLeader));
        var points = digest.Document.Chart!.Points;

        Assert.Equal(points[^1].Value, points.Take(points.Count - 1).Sum(p => p.Value));
        Assert.Equal(digest.Document.Metrics["changes_end"], points[^1].Value);
        Assert.Equal(2, digest.Document.Followups.Count);
        Assert.All(digest.Document.Followups, q => Assert.Contains("EMEA", q, StringComparison.Ordinal));
        Assert.StartsWith("EMEA, as of 15 Nov 2026:", digest.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASubscriptionToATerritoryOutsideTheRecipientsScopeShowsNothingOfIt()
    {
        var digest = await PackAsync(Subscription(DemoPrincipals.DachLeader, "T-EMEA-UKI"));

        Assert.Empty(digest.Document.Metrics);
        Assert.Empty(digest.Document.Deals);
        Assert.Contains("no longer have access to T-EMEA-UKI", digest.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARecipientWhoLostAllAccessGetsAnEmptyDigest()
    {
        var digest = await PackAsync(Subscription("someone.gone@example.com"));

        Assert.Empty(digest.Document.Metrics);
        Assert.Contains("no access", digest.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AlertSubscriptionsGetOnlyTheRulesThatFiredAndNothingWhenNoneDid()
    {
        var alerts = Subscription(DemoPrincipals.EmeaLeader) with { Kind = DigestKind.PipelineAlerts };
        var quiet = new AlertRules(MinCoverage: 0m, MaxBehindPaceShare: 1m, LargeLoss: decimal.MaxValue);
        var coverageOnly = quiet with { MinCoverage = 100m };

        var none = await SourceWith(quiet).ComposeAsync(alerts, MondaySlot, null, Token);
        var fired = await SourceWith(coverageOnly).ComposeAsync(alerts, MondaySlot, null, Token);

        Assert.Null(none);
        Assert.NotNull(fired);
        Assert.Equal("alerts", fired.Document.Intent);
        Assert.StartsWith("EMEA's open pipeline covers", Assert.Single(fired.Text.Split('\n')), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAlertSentOnceIsHeldBackDuringItsCooldownAndFiresAgainAfterIt()
    {
        await using var state = TestAppState.Sqlite();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(MondaySlot);
        var cooldown = new AlertCooldown(new DigestTables(state.Database), time, TimeSpan.FromDays(3));
        var alerts = Subscription(DemoPrincipals.EmeaLeader) with { Kind = DigestKind.PipelineAlerts };
        var source = SourceWith(new AlertRules(MinCoverage: 100m, MaxBehindPaceShare: 1m, LargeLoss: decimal.MaxValue), cooldown);

        var first = await source.ComposeAsync(alerts, MondaySlot, null, Token);
        await cooldown.RecordSentAsync(alerts.Id, first!.AlertKeys, Token);
        time.Advance(TimeSpan.FromDays(1));
        var nextDay = await source.ComposeAsync(alerts, MondaySlot.AddDays(1), null, Token);
        time.Advance(TimeSpan.FromDays(3));
        var afterCooldown = await source.ComposeAsync(alerts, MondaySlot.AddDays(4), null, Token);

        Assert.Equal(["low_coverage"], first.AlertKeys);
        Assert.Null(nextDay);
        Assert.Equal(["low_coverage"], afterCooldown!.AlertKeys);
    }

    private WarehouseDigestSource SourceWith(AlertRules rules, AlertCooldown? cooldown = null) => new(new AccessResolver(Runner),
        new DigestComposer(Analytics, new PipelineQueries(Runner), demo.Calendar), DemoWarehouseFixture.AsOf, rules, cooldown);

    private async Task<SalesOpsBot.Digests.Delivery.DigestContent> PackAsync(Subscription subscription) =>
        await Source.ComposeAsync(subscription, MondaySlot, null, Token) ?? throw new InvalidOperationException("a forecast digest is always composed");

    private static Subscription Subscription(string principal, string? territory = null) =>
        new("sub-1", principal, "conv-1", "0 8 * * 1", "Europe/Berlin", DigestKind.ForecastDigest, territory, true, MondaySlot.AddDays(-30));

    private Task<AttainmentView> AdminAttainmentAsync(string territory) =>
        Analytics.AttainmentAsync(new AnalysisRequest(AccessScope.Everything, new AnalysisSubject(TerritoryId: territory),
            demo.Calendar.QuarterContaining(DemoWarehouseFixture.AsOf), DemoWarehouseFixture.AsOf, demo.Calendar), Token);

    private async Task<HashSet<string>> AdminDealIdsAsync(string territory)
    {
        var view = await Analytics.DealsAsync(new AnalysisRequest(AccessScope.Everything, new AnalysisSubject(TerritoryId: territory),
            demo.Calendar.QuarterContaining(DemoWarehouseFixture.AsOf), DemoWarehouseFixture.AsOf, demo.Calendar), Token);
        return [.. view.Deals.Select(d => d.OpportunityId)];
    }
}
