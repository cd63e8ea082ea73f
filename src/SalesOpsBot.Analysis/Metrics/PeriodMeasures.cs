namespace SalesOpsBot.Analysis.Metrics;

/// <summary>
/// The additive measures of one cell for one period P = [start, end] and scope, as the warehouse computes them in
/// one GROUP BY (or GROUPING SETS) over <c>opportunities</c> joined to <c>opportunity_history</c>. "State at d" is the
/// history row of the deal with the greatest <c>changed_at</c> ≤ d (end of day d); the as-of date caps every
/// state: a deal's state "at the end of P" is its state at min(end, as-of). Every measure is additive over cells,
/// so rolling up is a SUM. Amounts are in the reporting currency.
/// </summary>
/// <param name="WonCount">Counts are doubles because a baseline averaged over several quarters has fractional counts. Deals won with close_date in P (state at the end of P: is_won, close_date ∈ P). COUNT(*).</param>
/// <param name="WonAmount">Σ amount of those deals (amount at the end of P) = <b>bookings</b>.</param>
/// <param name="LostCount">Deals lost (is_closed ∧ ¬is_won) with close_date in P, state at the end of P.</param>
/// <param name="LostAmount">Σ amount of those lost deals.</param>
/// <param name="WonCycleDays">Σ (close_date − created_date) in days over the won deals (for the sales cycle).</param>
/// <param name="CreatedCount">Deals with created_date in P.</param>
/// <param name="CreatedAmount">Σ amount at creation (the first history row) of those deals = <b>pipeline created</b>.</param>
/// <param name="CreatedClosedCount">Deals created in P that are also won or lost with close_date in P (state at the end of P).</param>
/// <param name="DueAtStartCount">Deals open at the start of P (the last history row with changed_at before P's first day, or before the end of the as-of date when P starts after it) whose close_date in that state lies in P.</param>
/// <param name="DueAtStartAmount">Σ amount at the start of P of those deals.</param>
/// <param name="SlippedCount">Deals due at start that at the end of P are not won or lost with close_date in P (contract: <b>slipped</b>).</param>
/// <param name="SlippedAmount">Σ amount at the start of P of the slipped deals.</param>
/// <param name="PulledInCount">Deals open at the start of P with close_date then after P, and won or lost with close_date in P (contract: <b>pulled in</b>).</param>
/// <param name="PulledInAmount">Σ amount at the end of P of the pulled-in deals that were won.</param>
/// <param name="OpenCount">Deals open at the as-of date whose close_date at the as-of date lies in P (contract: open pipeline as of d for P).</param>
/// <param name="OpenAmount">Σ amount at the as-of date of those deals = <b>open pipeline</b>; coverage divides it by the remaining quota.</param>
public sealed record PeriodMeasures(
    double WonCount = 0,
    decimal WonAmount = 0,
    double LostCount = 0,
    decimal LostAmount = 0,
    double WonCycleDays = 0,
    double CreatedCount = 0,
    decimal CreatedAmount = 0,
    double CreatedClosedCount = 0,
    double DueAtStartCount = 0,
    decimal DueAtStartAmount = 0,
    double SlippedCount = 0,
    decimal SlippedAmount = 0,
    double PulledInCount = 0,
    decimal PulledInAmount = 0,
    double OpenCount = 0,
    decimal OpenAmount = 0)
{
    public static PeriodMeasures Zero { get; } = new();

    public double ClosedCount => WonCount + LostCount;

    /// <summary>Deals closed in P that were neither due at start, pulled in nor created in P (past-due deals closed late).</summary>
    public double OtherClosedCount => ClosedCount - (DueAtStartCount - SlippedCount) - PulledInCount - CreatedClosedCount;

    public static PeriodMeasures operator +(PeriodMeasures left, PeriodMeasures right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return new(
            left.WonCount + right.WonCount,
            left.WonAmount + right.WonAmount,
            left.LostCount + right.LostCount,
            left.LostAmount + right.LostAmount,
            left.WonCycleDays + right.WonCycleDays,
            left.CreatedCount + right.CreatedCount,
            left.CreatedAmount + right.CreatedAmount,
            left.CreatedClosedCount + right.CreatedClosedCount,
            left.DueAtStartCount + right.DueAtStartCount,
            left.DueAtStartAmount + right.DueAtStartAmount,
            left.SlippedCount + right.SlippedCount,
            left.SlippedAmount + right.SlippedAmount,
            left.PulledInCount + right.PulledInCount,
            left.PulledInAmount + right.PulledInAmount,
            left.OpenCount + right.OpenCount,
            left.OpenAmount + right.OpenAmount);
    }

    public static PeriodMeasures Sum(IEnumerable<PeriodMeasures> measures) => measures.Aggregate(Zero, (a, b) => a + b);

    /// <summary>Every volume multiplied by <paramref name="factor"/> (e.g. 1/4 to turn four baseline quarters into one); rates are unchanged.</summary>
    public PeriodMeasures Scale(double factor)
    {
        var f = (decimal)factor;
        return new(
            WonCount * factor, WonAmount * f, LostCount * factor, LostAmount * f, WonCycleDays * factor,
            CreatedCount * factor, CreatedAmount * f, CreatedClosedCount * factor, DueAtStartCount * factor, DueAtStartAmount * f,
            SlippedCount * factor, SlippedAmount * f, PulledInCount * factor, PulledInAmount * f, OpenCount * factor, OpenAmount * f);
    }
}

/// <summary>One cell of a measure cube.</summary>
public sealed record MeasureCell(CellKey Key, PeriodMeasures Measures);
