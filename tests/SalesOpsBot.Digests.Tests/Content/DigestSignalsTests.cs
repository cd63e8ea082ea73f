using SalesOpsBot.Analysis.Metrics;
using SalesOpsBot.Digests.Content;
using SalesOpsBot.Warehouse.Insights;

namespace SalesOpsBot.Digests.Tests.Content;

public sealed class DigestSignalsTests
{
    private static SalesMetrics Metrics(decimal bookings, decimal quota, decimal created = 0m) =>
        new(bookings, quota, quota == 0 ? null : (double)(bookings / quota), bookings - quota, 0m, null, null, null, null, null, created, 0m, 0m, 0, 0);

    private static BreakdownRow Row(string key, decimal bookings, decimal quota) => new(Dimension.Territory, key, key.Replace("T-", "", StringComparison.Ordinal), Metrics(bookings, quota));

    [Fact]
    public void MoversAreTheChildrenThatBookedMostSinceThePreviousDigest()
    {
        IReadOnlyList<BreakdownRow> before = [Row("T-DACH", 1_000_000m, 4_000_000m), Row("T-UKI", 500_000m, 2_000_000m), Row("T-FR", 300_000m, 1_000_000m)];
        IReadOnlyList<BreakdownRow> now = [Row("T-DACH", 1_400_000m, 4_000_000m), Row("T-UKI", 500_000m, 2_000_000m), Row("T-FR", 550_000m, 1_000_000m), Row("T-NORDICS", 100_000m, 500_000m)];

        var movers = DigestSignals.TopMovers(now, before);

        // DACH +400k of a 4M quota = +10 pts; France +250k of 1M = +25 pts; Nordics new +100k of 500k = +20 pts; UK&I did not move.
        Assert.Equal(["DACH", "FR", "NORDICS"], movers.Select(m => m.Name));
        Assert.Equal([400_000m, 250_000m, 100_000m], movers.Select(m => m.BookedSince));
        Assert.Equal(10.0, movers[0].AttainmentPointsGained!.Value, 6);
        Assert.Equal(25.0, movers[1].AttainmentPointsGained!.Value, 6);
    }

    [Fact]
    public void AtTheStartOfAQuarterEverythingBookedIsMovement()
    {
        var movers = DigestSignals.TopMovers([Row("T-DACH", 200_000m, 0m)], []);

        var mover = Assert.Single(movers);
        Assert.Equal(200_000m, mover.BookedSince);
        Assert.Null(mover.AttainmentPointsGained);
    }

    [Fact]
    public void AMeasureOutsideItsOwnHistoryAndFarFromItsMeanIsUnusual()
    {
        // Same point of the four quarters before: bookings 2.0M–2.6M (mean 2.3M), created 1.0M–1.4M (mean 1.2M).
        IReadOnlyList<SalesMetrics> history =
        [
            Metrics(2_000_000m, 9m, 1_000_000m), Metrics(2_600_000m, 9m, 1_400_000m), Metrics(2_200_000m, 9m, 1_200_000m), Metrics(2_400_000m, 9m, 1_200_000m),
        ];

        // Bookings 1.7M: below 2.0M and 26% under 2.3M → unusual. Created 1.45M: above 1.4M but only 21% over 1.2M → unusual too.
        var unusual = DigestSignals.Unusual(Metrics(1_700_000m, 9m, 1_450_000m), history);

        Assert.Equal(["bookings", "pipeline_created"], unusual.Select(u => u.Measure));
        Assert.False(unusual[0].IsHigh);
        Assert.Equal((2_000_000m, 2_600_000m, 2_300_000m), (unusual[0].HistoryLow, unusual[0].HistoryHigh, unusual[0].HistoryMean));
        Assert.True(unusual[1].IsHigh);
    }

    [Fact]
    public void AHairOutsideTheRangeOrTooLittleHistoryIsNotUnusual()
    {
        IReadOnlyList<SalesMetrics> history = [Metrics(2_000_000m, 9m), Metrics(2_100_000m, 9m), Metrics(2_050_000m, 9m), Metrics(2_080_000m, 9m)];

        // 1.95M is below the range but only 5% under the 2.0575M mean.
        Assert.Empty(DigestSignals.Unusual(Metrics(1_950_000m, 9m), history));
        Assert.Empty(DigestSignals.Unusual(Metrics(100m, 9m), history.Take(3).ToList()));
    }
}
