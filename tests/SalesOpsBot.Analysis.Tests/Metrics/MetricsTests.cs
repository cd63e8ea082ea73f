using SalesOpsBot.Analysis.Metrics;

namespace SalesOpsBot.Analysis.Tests.Metrics;

public class MetricsTests
{
    private static readonly DateOnly Q1 = new(2026, 1, 1);
    private static readonly DateOnly Q2 = new(2026, 4, 1);

    private static readonly TerritoryNode[] Tree =
    [
        new("T-EMEA", "EMEA", null),
        new("T-EMEA-DACH", "DACH", "T-EMEA"),
        new("T-EMEA-UKI", "UK&I", "T-EMEA"),
    ];

    [Fact]
    public void Territory_own_quota_row_wins_over_the_sum_of_its_children()
    {
        var book = new QuotaBook(Tree,
        [
            new QuotaFact("T-EMEA", null, Q1, 900m),
            new QuotaFact("T-EMEA-DACH", "R-1", Q1, 600m),
            new QuotaFact("T-EMEA-UKI", "R-2", Q1, 500m),
        ]);

        Assert.Equal(900m, book.ForTerritoryQuarter("T-EMEA", Q1));
        Assert.Equal(600m, book.ForTerritoryQuarter("T-EMEA-DACH", Q1));
    }

    [Fact]
    public void Territory_without_own_row_sums_children_and_direct_reps_and_quarters_add_up()
    {
        var book = new QuotaBook(Tree,
        [
            new QuotaFact("T-EMEA-DACH", "R-1", Q1, 600m),
            new QuotaFact("T-EMEA-UKI", "R-2", Q1, 500m),
            new QuotaFact("T-EMEA", "R-3", Q1, 100m),
            new QuotaFact("T-EMEA-DACH", "R-1", Q2, 700m),
        ]);

        Assert.Equal(1200m, book.ForTerritoryQuarter("T-EMEA", Q1));
        Assert.Equal(1900m, book.ForTerritory("T-EMEA", Q1, new DateOnly(2026, 6, 30)));
        Assert.Equal(1300m, book.ForRep("R-1", Q1, new DateOnly(2026, 6, 30)));
    }

    [Fact]
    public void Parent_attainment_is_its_bookings_over_its_own_quota_not_the_mean_of_children()
    {
        var book = new QuotaBook(Tree,
        [
            new QuotaFact("T-EMEA", null, Q1, 1000m),
            new QuotaFact("T-EMEA-DACH", null, Q1, 600m),
            new QuotaFact("T-EMEA-UKI", null, Q1, 600m),
        ]);
        var dach = new PeriodMeasures(WonCount: 3, WonAmount: 300m);
        var uki = new PeriodMeasures(WonCount: 6, WonAmount: 600m);

        var emea = SalesMetrics.From(dach + uki, book.ForTerritoryQuarter("T-EMEA", Q1));

        Assert.Equal(0.9, emea.Attainment!.Value, 12);
        Assert.Equal(-100m, emea.Gap);
        Assert.Equal(0.5, SalesMetrics.From(dach, book.ForTerritoryQuarter("T-EMEA-DACH", Q1)).Attainment!.Value, 12);
    }

    [Fact]
    public void Metrics_follow_the_contract_definitions()
    {
        var measures = new PeriodMeasures(WonCount: 4, WonAmount: 400m, LostCount: 6, LostAmount: 1600m, WonCycleDays: 360,
            CreatedAmount: 2500m, SlippedAmount: 300m, PulledInAmount: 50m, OpenAmount: 900m);

        var metrics = SalesMetrics.From(measures, 1000m);

        Assert.Equal(0.4, metrics.Attainment!.Value, 12);
        Assert.Equal(-600m, metrics.Gap);
        Assert.Equal(1.5, metrics.Coverage!.Value, 12);
        Assert.Equal(0.4, metrics.WinRateByCount!.Value, 12);
        Assert.Equal(0.2, metrics.WinRateByAmount!.Value, 12);
        Assert.Equal(100m, metrics.AverageDealSize);
        Assert.Equal(90, metrics.SalesCycleDays!.Value, 12);
    }

    [Fact]
    public void Coverage_is_undefined_once_quota_is_reached()
    {
        var metrics = SalesMetrics.From(new PeriodMeasures(WonCount: 1, WonAmount: 1000m, OpenAmount: 10m), 1000m);

        Assert.Null(metrics.Coverage);
    }

    [Fact]
    public void Ramped_seats_count_a_new_hire_by_ramp_progress()
    {
        // A 30-day period; a veteran counts 1; a hire at day 0 with a one-month ramp averages (0 + 1/31 + … + 29/31)/30.
        var start = new DateOnly(2026, 1, 1);
        var end = new DateOnly(2026, 1, 30);
        SeatFact[] seats = [new("R-1", "Vet", "T", new DateOnly(2020, 1, 1), null), new("R-2", "New", "T", start, null)];

        var ramped = Capacity.RampedSeats(seats, start, end, new RampPolicy(1));

        Assert.Equal(1 + (29 * 30 / 2.0 / 31 / 30), ramped, 12);
    }
}
