using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Analysis.Metrics;
using SalesOpsBot.Analysis.Reps;

namespace SalesOpsBot.Analysis.Tests.Reps;

public class RepPerformanceTests
{
    private static readonly FiscalPeriod Q1 = new FiscalCalendar().Quarter(2026, 1); // 2026-01-01 … 2026-03-31, 90 days
    private static readonly DateOnly Veteran = new(2020, 1, 1);

    private static readonly RepPeriodFact[] Team =
    [
        new("R-1", "Veteran High", "T", Veteran, null, 130m, 3, 100m, 100m),
        new("R-2", "Veteran Low", "T", Veteran, null, 40m, 1, 100m, 100m),
        new("R-5", "Veteran Mid", "T", Veteran, null, 85m, 2, 100m, 100m),
        // Hired 2025-12-01 with a full quota: the quota is scaled by the ramp.
        new("R-3", "New Hire Full Quota", "T", new DateOnly(2025, 12, 1), null, 30m, 1, 100m, 100m),
        // Hired 2026-01-16 with a quota of 25 where the seat later carries 100: the warehouse already ramped it.
        new("R-6", "New Hire Ramped Quota", "U", new DateOnly(2026, 1, 16), null, 20m, 1, 25m, 100m),
        // Left on 2026-02-14 (45 days worked, prorated quota 50); replaced by R-7 on 2026-03-02.
        new("R-4", "Leaver", "T", Veteran, new DateOnly(2026, 2, 14), 50m, 1, 50m, 100m),
        new("R-7", "Replacement", "T", new DateOnly(2026, 3, 2), null, 0m, 0, 10m, 100m),
        // Left before the quarter and never replaced.
        new("R-8", "Gone", "V", Veteran, new DateOnly(2025, 11, 20), 0m, 0, 0m, 120m),
    ];

    [Fact]
    public void Distribution_counts_fully_ramped_reps_per_band_with_their_median()
    {
        var report = RepPerformance.Assess(Team, Q1, 1, new RampPolicy(3));

        // Ramped reps with quota: 0.4, 0.85, 1.0 (the leaver on prorated quota), 1.3.
        Assert.Equal(4, report.Distribution.Reps);
        Assert.Equal(0.925, report.Distribution.Median!.Value, 12);
        Assert.Equal(0.5, report.Distribution.ShareAtOrAbovePlan, 12);
        Assert.Equal(["<50%", "50–80%", "80–100%", "≥100%"], report.Distribution.Buckets.Select(b => b.Band));
        Assert.Equal([1, 0, 1, 2], report.Distribution.Buckets.Select(b => b.Count));
        Assert.Equal(["R-1", "R-4", "R-5"], report.Reps.Take(3).Select(r => r.RepId));
        Assert.DoesNotContain(report.Reps, r => r.RepId == "R-8");
    }

    [Fact]
    public void A_new_hire_on_full_quota_is_judged_against_quota_times_ramp()
    {
        var report = RepPerformance.Assess(Team, Q1, 1, new RampPolicy(3));

        var hire = report.Reps.Single(r => r.RepId == "R-3");
        // Hired 2025-12-01, full on 2026-03-01 (90 days): Jan 1 … Feb 28 ramp 31/90 … 89/90, then 31 days at 1:
        // (3,540 / 90 + 31) / 90 = 0.781481…; ramped quota 78.15; 30 / 78.15 = 0.38388.
        Assert.True(hire.IsNewHire);
        Assert.False(hire.QuotaIncludesRamp);
        Assert.Equal(0.781481, hire.RampFactor, 6);
        Assert.Equal(78.15m, hire.RampedQuota);
        Assert.Equal(30 / 78.15, hire.RampAdjustedAttainment!.Value, 9);
        Assert.Equal(0.3, hire.Attainment!.Value, 12);
    }

    [Fact]
    public void A_new_hire_whose_quota_is_already_ramped_is_not_ramped_twice()
    {
        var report = RepPerformance.Assess(Team, Q1, 1, new RampPolicy(3));

        var hire = report.Reps.Single(r => r.RepId == "R-6");
        Assert.True(hire.QuotaIncludesRamp);
        Assert.Equal(25m, hire.RampedQuota);
        Assert.Equal(0.8, hire.RampAdjustedAttainment!.Value, 12);
        Assert.Equal(75, hire.DaysSinceHire); // 2026-01-16 … 2026-03-31
        Assert.Equal(["R-3", "R-6", "R-7"], report.NewHires.Select(r => r.RepId).Order());
    }

    [Fact]
    public void Leavers_leave_seats_vacant_until_a_replacement_is_hired()
    {
        var report = RepPerformance.Assess(Team, Q1, 1, new RampPolicy(3));

        Assert.Equal(["R-8", "R-4"], report.VacantSeats.Select(v => v.RepId));
        var gone = report.VacantSeats[0];
        Assert.Equal(90, gone.VacantDays);
        Assert.Equal(120m, gone.Quota);
        Assert.Null(gone.FilledOn);
        var refilled = report.VacantSeats[1];
        Assert.Equal(15, refilled.VacantDays); // 2026-02-15 … 2026-03-01
        Assert.Equal(16.67m, refilled.Quota); // 100 × 15 / 90
        Assert.Equal(new DateOnly(2026, 3, 2), refilled.FilledOn);
        Assert.Equal(136.67m, report.VacantQuota);
        Assert.Equal(136.67 / 200, report.VacancyShareOfGap(-200m)!.Value, 12);
        Assert.Null(report.VacancyShareOfGap(10m));
    }

    [Fact]
    public void A_half_year_spreads_the_seat_quota_over_its_two_quarters()
    {
        var half = new FiscalCalendar().Half(2026, 1); // 2026-01-01 … 2026-06-30, 181 days
        RepPeriodFact[] reps = [new("R-9", "Gone", "V", Veteran, new DateOnly(2026, 3, 31), 10m, 1, 100m, 100m)];

        var seat = Assert.Single(RepPerformance.Assess(reps, half, 2).VacantSeats);

        Assert.Equal(91, seat.VacantDays); // April … June
        Assert.Equal(100.55m, seat.Quota); // 200 × 91 / 181
    }

    [Fact]
    public void A_month_carries_a_month_of_the_seat_quota()
    {
        var calendar = new FiscalCalendar();
        var august = FiscalCalendar.Month(2026, 8); // 31 of Q3's 92 days
        RepPeriodFact[] reps = [new("R-9", "Gone", "V", Veteran, new DateOnly(2026, 6, 30), 0m, 0, 0m, 92_000m)];

        var seat = Assert.Single(RepPerformance.Assess(reps, august, 1, periodInQuarters: calendar.QuarterLengths(august)).VacantSeats);

        Assert.Equal(31, seat.VacantDays);
        Assert.Equal(31_000m, seat.Quota); // 92,000 × 31 / 92, not the whole quarter's 92,000
    }
}
