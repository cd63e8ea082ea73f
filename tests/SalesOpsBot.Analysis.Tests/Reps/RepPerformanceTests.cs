using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Analysis.Metrics;
using SalesOpsBot.Analysis.Reps;

namespace SalesOpsBot.Analysis.Tests.Reps;

public class RepPerformanceTests
{
    private static readonly FiscalPeriod Q1 = new FiscalCalendar().Quarter(2026, 1); // 2026-01-01 … 2026-03-31, 90 days

    [Fact]
    public void Attainment_distribution_ramp_adjustment_and_vacancies()
    {
        SeatFact[] seats =
        [
            new("R-1", "Veteran High", "T", new DateOnly(2020, 1, 1), null),
            new("R-2", "Veteran Low", "T", new DateOnly(2020, 1, 1), null),
            new("R-3", "New Hire", "T", new DateOnly(2025, 12, 1), null),
            new("R-4", "Leaver", "T", new DateOnly(2020, 1, 1), new DateOnly(2026, 2, 14)),
        ];
        var bookings = new Dictionary<string, decimal> { ["R-1"] = 130m, ["R-2"] = 40m, ["R-3"] = 30m, ["R-4"] = 50m };
        var quotas = new Dictionary<string, decimal> { ["R-1"] = 100m, ["R-2"] = 100m, ["R-3"] = 100m, ["R-4"] = 100m };

        var report = RepPerformance.Analyze(seats, bookings, quotas, Q1, new RampPolicy(3));

        var newHire = report.Reps.Single(r => r.RepId == "R-3");
        Assert.True(newHire.IsNewHire);
        // Hired 2025-12-01, full on 2026-03-01 (90 days): Jan 1 … Feb 28 ramp 31/90 … 89/90, then 31 days at 1.
        var expectedRamp = (Enumerable.Range(31, 59).Sum(d => d / 90.0) + 31) / 90;
        Assert.Equal(expectedRamp, newHire.RampFactor, 9);
        Assert.Equal(0.3 / expectedRamp, newHire.RampAdjustedAttainment!.Value, 9);
        var vacancy = Assert.Single(report.VacantSeats);
        Assert.Equal("R-4", vacancy.RepId);
        Assert.Equal(45, vacancy.VacantDays);
        Assert.Equal(3, report.Distribution.Reps);
        Assert.Equal(0.5, report.Distribution.Median!.Value, 12);
        Assert.Equal(1.0 / 3, report.Distribution.ShareAtOrAbovePlan, 12);
        Assert.Equal([1, 1, 0, 0, 1], report.Distribution.Buckets.Select(b => b.Count));
    }
}
