namespace SalesOpsBot.Analysis.Metrics;

/// <summary>
/// A quota-carrying seat from the <c>reps</c> table (one row per rep who carries a number in the scope; the
/// warehouse filters to roles that carry quota, e.g. <c>AE</c>).
/// </summary>
public sealed record SeatFact(string RepId, string Name, string TerritoryId, DateOnly HireDate, DateOnly? EndDate);

/// <summary>How a new hire ramps: productivity grows linearly from 0 on the hire date to 1 after <see cref="Months"/> months.</summary>
public sealed record RampPolicy(int Months = 6)
{
    /// <summary>Productivity (0–1) of a seat on <paramref name="day"/>.</summary>
    public double FactorOn(DateOnly hireDate, DateOnly day)
    {
        if (day < hireDate)
        {
            return 0;
        }

        if (Months <= 0)
        {
            return 1;
        }

        var fullDate = hireDate.AddMonths(Months);
        return day >= fullDate ? 1 : (double)(day.DayNumber - hireDate.DayNumber) / (fullDate.DayNumber - hireDate.DayNumber);
    }
}

/// <summary>Seat capacity of a period: how many fully ramped reps the scope had on average.</summary>
public static class Capacity
{
    /// <summary>
    /// Ramped full-time equivalents over [<paramref name="start"/>, <paramref name="end"/>]: the mean over the days of
    /// the period of Σ seats employed that day × their ramp factor.
    /// </summary>
    public static double RampedSeats(IEnumerable<SeatFact> seats, DateOnly start, DateOnly end, RampPolicy? ramp = null)
    {
        ArgumentNullException.ThrowIfNull(seats);
        ramp ??= new RampPolicy();
        var days = end.DayNumber - start.DayNumber + 1;
        if (days <= 0)
        {
            return 0;
        }

        var total = 0.0;
        foreach (var seat in seats)
        {
            var first = seat.HireDate > start ? seat.HireDate : start;
            var last = seat.EndDate is { } endDate && endDate < end ? endDate : end;
            for (var day = first; day <= last; day = day.AddDays(1))
            {
                total += ramp.FactorOn(seat.HireDate, day);
            }
        }

        return total / days;
    }

    /// <summary>Reps employed on <paramref name="day"/> (hired on or before it, not yet gone).</summary>
    public static double HeadcountOn(IEnumerable<SeatFact> seats, DateOnly day) =>
        seats.Count(s => s.HireDate <= day && (s.EndDate is null || s.EndDate >= day));
}
