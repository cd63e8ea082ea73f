using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Analysis.Metrics;

namespace SalesOpsBot.Analysis.Reps;

/// <summary>A rep's result for the period.</summary>
/// <param name="RampFactor">Mean ramp factor over the days of the period the rep was employed (1 = fully ramped).</param>
/// <param name="RampAdjustedAttainment">Bookings / (quota × ramp factor): how a new hire is doing against what a ramping rep can carry.</param>
/// <param name="IsNewHire">Still ramping at some point of the period.</param>
public sealed record RepResult(
    string RepId,
    string Name,
    decimal Bookings,
    decimal Quota,
    double? Attainment,
    double RampFactor,
    double? RampAdjustedAttainment,
    bool IsNewHire);

/// <summary>A seat that carried quota in the period without a rep for all of it (left, or not yet hired).</summary>
/// <param name="VacantDays">Days of the period with no rep in the seat.</param>
public sealed record VacantSeat(string RepId, string Name, string TerritoryId, decimal Quota, int VacantDays, DateOnly? LeftOn, DateOnly? StartsOn);

/// <summary>How attainment is spread across reps.</summary>
/// <param name="Buckets">Counts per band: "&lt;50%", "50–75%", "75–100%", "100–125%", "≥125%" (fully ramped reps with quota only; new hires are judged by ramp-adjusted attainment instead).</param>
public sealed record AttainmentDistribution(int Reps, double? Median, double ShareAtOrAbovePlan, IReadOnlyList<(string Band, int Count)> Buckets);

public sealed record RepPerformanceReport(IReadOnlyList<RepResult> Reps, AttainmentDistribution Distribution, IReadOnlyList<VacantSeat> VacantSeats);

public static class RepPerformance
{
    private static readonly (string Band, double Upper)[] Bands =
        [("<50%", 0.5), ("50–75%", 0.75), ("75–100%", 1.0), ("100–125%", 1.25), ("≥125%", double.PositiveInfinity)];

    /// <param name="bookings">Bookings per rep for the period (owner_id of won deals).</param>
    /// <param name="quotas">Quota per rep for the period (see <see cref="QuotaBook.ForRep"/>).</param>
    public static RepPerformanceReport Analyze(
        IReadOnlyCollection<SeatFact> seats,
        IReadOnlyDictionary<string, decimal> bookings,
        IReadOnlyDictionary<string, decimal> quotas,
        FiscalPeriod period,
        RampPolicy? ramp = null)
    {
        ArgumentNullException.ThrowIfNull(seats);
        ArgumentNullException.ThrowIfNull(bookings);
        ArgumentNullException.ThrowIfNull(quotas);
        ArgumentNullException.ThrowIfNull(period);
        ramp ??= new RampPolicy();
        var reps = new List<RepResult>();
        var vacant = new List<VacantSeat>();
        foreach (var seat in seats)
        {
            var quota = quotas.GetValueOrDefault(seat.RepId);
            var booked = bookings.GetValueOrDefault(seat.RepId);
            var first = seat.HireDate > period.Start ? seat.HireDate : period.Start;
            var last = seat.EndDate is { } end && end < period.End ? end : period.End;
            var employedDays = Math.Max(0, last.DayNumber - first.DayNumber + 1);
            var rampSum = 0.0;
            for (var day = first; day <= last; day = day.AddDays(1))
            {
                rampSum += ramp.FactorOn(seat.HireDate, day);
            }

            var rampFactor = employedDays == 0 ? 0 : rampSum / employedDays;
            var isNewHire = employedDays > 0 && ramp.FactorOn(seat.HireDate, first) < 1;
            if (employedDays < period.Days && quota > 0)
            {
                vacant.Add(new VacantSeat(seat.RepId, seat.Name, seat.TerritoryId, quota, period.Days - employedDays,
                    seat.EndDate is { } left && left < period.End ? left : null, seat.HireDate > period.Start ? seat.HireDate : null));
            }

            if (employedDays == 0)
            {
                continue;
            }

            var rampQuota = quota * (decimal)rampFactor;
            reps.Add(new RepResult(seat.RepId, seat.Name, booked, quota,
                quota == 0 ? null : (double)(booked / quota), rampFactor,
                rampQuota == 0 ? null : (double)(booked / rampQuota), isNewHire));
        }

        return new RepPerformanceReport([.. reps.OrderByDescending(r => r.Attainment ?? -1)], Distribution(reps), vacant);
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
