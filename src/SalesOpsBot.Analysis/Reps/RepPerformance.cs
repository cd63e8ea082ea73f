using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Analysis.Metrics;

namespace SalesOpsBot.Analysis.Reps;

/// <summary>
/// A quota-carrying rep (role AE) of the scope for a period, with what SQL aggregated for them. Reps who left before
/// the period are included (their departure may have left a vacant seat), with zero bookings and quota.
/// </summary>
/// <param name="Bookings">Σ amount of the rep's deals won with close date in the period (the contract's bookings, as of the as-of date).</param>
/// <param name="WonCount">Number of those deals.</param>
/// <param name="Quota">Σ of the rep's quota rows for the quarters of the period.</param>
/// <param name="FullSeatQuota">
/// The largest quarterly quota row of the rep from four quarters before the period to four after: the number the seat
/// carries once ramped. A new hire whose quota is below it already has a ramped quota.
/// </param>
public sealed record RepPeriodFact(
    string RepId,
    string Name,
    string TerritoryId,
    DateOnly HireDate,
    DateOnly? EndDate,
    decimal Bookings,
    long WonCount,
    decimal Quota,
    decimal FullSeatQuota);

/// <summary>A rep's result for the period.</summary>
/// <param name="Attainment">Bookings / quota; null without quota.</param>
/// <param name="RampFactor">Mean ramp factor (<see cref="RampPolicy"/>) over the days of the period the rep was employed (1 = fully ramped).</param>
/// <param name="RampedQuota">
/// What a ramping rep can carry: the quota itself when it is already ramped (below <see cref="RepPeriodFact.FullSeatQuota"/>),
/// else quota × ramp factor. Equal to the quota for a fully ramped rep.
/// </param>
/// <param name="RampAdjustedAttainment">Bookings / ramped quota: how a new hire is doing against what a ramping rep can carry.</param>
/// <param name="IsNewHire">Still ramping on the first day of the period they were employed.</param>
/// <param name="QuotaIncludesRamp">The warehouse's quota for the period was already lowered for ramp (so it is not scaled again).</param>
/// <param name="DaysSinceHire">Days from hire to the end of the period (or the rep's last day).</param>
public sealed record RepResult(
    string RepId,
    string Name,
    string TerritoryId,
    decimal Bookings,
    long WonCount,
    decimal Quota,
    double? Attainment,
    double RampFactor,
    decimal RampedQuota,
    double? RampAdjustedAttainment,
    bool IsNewHire,
    bool QuotaIncludesRamp,
    int DaysSinceHire);

/// <summary>A seat that carried quota before a rep left and was not refilled for part or all of the period.</summary>
/// <param name="RepId">The rep who left.</param>
/// <param name="Quota">The seat's quota for its vacant days: the leaver's full-seat quarterly quota × quarters × vacant days / period days.</param>
/// <param name="VacantDays">Days of the period with nobody in the seat.</param>
/// <param name="FilledOn">Hire date of the replacement, when one was hired before the period ended.</param>
public sealed record VacantSeat(string RepId, string Name, string TerritoryId, decimal Quota, int VacantDays, DateOnly LeftOn, DateOnly? FilledOn);

/// <summary>How attainment is spread across fully ramped reps with quota (new hires are judged by ramp-adjusted attainment instead).</summary>
/// <param name="Buckets">Counts per band: "&lt;50%", "50–80%", "80–100%", "≥100%".</param>
public sealed record AttainmentDistribution(int Reps, double? Median, double ShareAtOrAbovePlan, IReadOnlyList<(string Band, int Count)> Buckets);

/// <summary>Rep performance of a scope: every rep (best attainment first), the distribution, new hires and vacant seats.</summary>
public sealed record RepPerformanceReport(IReadOnlyList<RepResult> Reps, AttainmentDistribution Distribution, IReadOnlyList<VacantSeat> VacantSeats)
{
    public IReadOnlyList<RepResult> NewHires => [.. Reps.Where(r => r.IsNewHire)];

    /// <summary>Σ quota of the vacant seats for their vacant days.</summary>
    public decimal VacantQuota => VacantSeats.Sum(v => v.Quota);

    /// <summary>Vacant quota as a share of a miss (<paramref name="gap"/> &lt; 0); null when the scope did not miss.</summary>
    public double? VacancyShareOfGap(decimal gap) => gap < 0 ? (double)(VacantQuota / -gap) : null;
}

public static class RepPerformance
{
    /// <summary>The attainment bands of the distribution, with their exclusive upper bounds.</summary>
    public static IReadOnlyList<(string Band, double Upper)> Bands { get; } =
        [("<50%", 0.5), ("50–80%", 0.8), ("80–100%", 1.0), ("≥100%", double.PositiveInfinity)];

    /// <summary>A replacement hired up to this many days before the leaver's last day still counts as the backfill (overlap for handover).</summary>
    public const int BackfillOverlapDays = 30;

    /// <summary>A new hire's quota below this share of their full-seat quota is taken as already ramped by the warehouse.</summary>
    public const double RampedQuotaThreshold = 0.95;

    /// <summary>
    /// Attainment per rep, ramp-adjusted attainment of new hires, the distribution of fully ramped reps and the seats
    /// left vacant by leavers (docs/explanations.md, "rep performance").
    /// </summary>
    /// <param name="reps">Reps of the scope employed in the period, and those who left in the year before it.</param>
    /// <param name="quartersInPeriod">Number of fiscal quarters in <paramref name="period"/> (quota rows are quarterly).</param>
    /// <param name="periodInQuarters">
    /// The period's length in quarters (<see cref="FiscalCalendar.QuarterLengths"/>), which a vacant seat's quota is spread
    /// over: a month is about a third of a quarter. Defaults to <paramref name="quartersInPeriod"/>.
    /// </param>
    public static RepPerformanceReport Assess(
        IReadOnlyCollection<RepPeriodFact> reps, FiscalPeriod period, int quartersInPeriod = 1, RampPolicy? ramp = null, double? periodInQuarters = null)
    {
        ArgumentNullException.ThrowIfNull(reps);
        ArgumentNullException.ThrowIfNull(period);
        ramp ??= new RampPolicy();
        quartersInPeriod = Math.Max(1, quartersInPeriod);
        var results = new List<RepResult>();
        foreach (var rep in reps)
        {
            var first = rep.HireDate > period.Start ? rep.HireDate : period.Start;
            var last = rep.EndDate is { } end && end < period.End ? end : period.End;
            if (last < first)
            {
                continue;
            }

            var rampSum = 0.0;
            for (var day = first; day <= last; day = day.AddDays(1))
            {
                rampSum += ramp.FactorOn(rep.HireDate, day);
            }

            var rampFactor = rampSum / (last.DayNumber - first.DayNumber + 1);
            var isNewHire = ramp.FactorOn(rep.HireDate, first) < 1;
            var quotaIncludesRamp = isNewHire && rep.FullSeatQuota > 0
                && (double)(rep.Quota / quartersInPeriod) < RampedQuotaThreshold * (double)rep.FullSeatQuota;
            var rampedQuota = quotaIncludesRamp || !isNewHire ? rep.Quota : Math.Round(rep.Quota * (decimal)rampFactor, 2);
            results.Add(new RepResult(rep.RepId, rep.Name, rep.TerritoryId, rep.Bookings, rep.WonCount, rep.Quota,
                rep.Quota > 0 ? (double)(rep.Bookings / rep.Quota) : null, rampFactor, rampedQuota,
                rampedQuota > 0 ? (double)(rep.Bookings / rampedQuota) : null, isNewHire, quotaIncludesRamp,
                last.DayNumber - rep.HireDate.DayNumber + 1));
        }

        return new RepPerformanceReport(
            [.. results.OrderByDescending(r => r.Attainment ?? -1).ThenBy(r => r.Name, StringComparer.Ordinal)],
            Distribution(results),
            VacantSeats(reps, period, periodInQuarters ?? quartersInPeriod));
    }

    /// <summary>
    /// Each leaver (last day before the period's end) is matched, per territory and in order of leaving, with the
    /// earliest later hire of that territory not matched yet; the seat is vacant from the day after they left until
    /// the replacement's hire date (or the end of the period).
    /// </summary>
    private static List<VacantSeat> VacantSeats(IReadOnlyCollection<RepPeriodFact> reps, FiscalPeriod period, double periodInQuarters)
    {
        var vacant = new List<VacantSeat>();
        foreach (var territory in reps.GroupBy(r => r.TerritoryId, StringComparer.Ordinal))
        {
            var hires = territory.OrderBy(r => r.HireDate).ThenBy(r => r.RepId, StringComparer.Ordinal).ToList();
            var matched = new HashSet<string>(StringComparer.Ordinal);
            foreach (var leaver in territory.Where(r => r.EndDate is { } end && end < period.End).OrderBy(r => r.EndDate))
            {
                var left = leaver.EndDate!.Value;
                var replacement = hires.FirstOrDefault(h => h.RepId != leaver.RepId && !matched.Contains(h.RepId)
                    && h.HireDate > left.AddDays(-BackfillOverlapDays) && h.HireDate <= period.End);
                if (replacement is not null)
                {
                    matched.Add(replacement.RepId);
                }

                var from = left.AddDays(1) > period.Start ? left.AddDays(1) : period.Start;
                var until = replacement is null ? period.End : replacement.HireDate.AddDays(-1);
                if (until > period.End)
                {
                    until = period.End;
                }

                var days = until.DayNumber - from.DayNumber + 1;
                if (days <= 0)
                {
                    continue;
                }

                var quota = Math.Round(leaver.FullSeatQuota * (decimal)periodInQuarters * days / period.Days, 2);
                vacant.Add(new VacantSeat(leaver.RepId, leaver.Name, leaver.TerritoryId, quota, days, left, replacement?.HireDate));
            }
        }

        return [.. vacant.OrderByDescending(v => v.Quota).ThenBy(v => v.RepId, StringComparer.Ordinal)];
    }

    private static AttainmentDistribution Distribution(List<RepResult> reps)
    {
        var attainments = reps.Where(r => !r.IsNewHire).Select(r => r.Attainment).OfType<double>().Order().ToList();
        if (attainments.Count == 0)
        {
            return new AttainmentDistribution(0, null, 0, [.. Bands.Select(b => (b.Band, 0))]);
        }

        var mid = attainments.Count / 2;
        var median = attainments.Count % 2 == 1 ? attainments[mid] : (attainments[mid - 1] + attainments[mid]) / 2;
        var buckets = Bands.Select((b, i) => (b.Band, attainments.Count(a => a < b.Upper && (i == 0 || a >= Bands[i - 1].Upper)))).ToList();
        return new AttainmentDistribution(attainments.Count, median, (double)attainments.Count(a => a >= 1.0) / attainments.Count, buckets);
    }
}
