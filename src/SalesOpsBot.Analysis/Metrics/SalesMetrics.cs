namespace SalesOpsBot.Analysis.Metrics;

/// <summary>
/// The contract's metrics for one scope, period and as-of date. Ratios are null when their denominator is zero
/// (the contract calls them undefined).
/// </summary>
/// <param name="Bookings">Σ amount of won deals with close_date in P.</param>
/// <param name="Quota">Quota of the scope for P.</param>
/// <param name="Attainment">Bookings / quota.</param>
/// <param name="Gap">Bookings − quota (negative = missed).</param>
/// <param name="OpenPipeline">Open pipeline for the rest of P at the as-of date.</param>
/// <param name="Coverage">Open pipeline / max(quota − bookings, 0).</param>
/// <param name="WinRateByCount">Won / (won + lost) by count.</param>
/// <param name="WinRateByAmount">Won amount / (won + lost amount).</param>
/// <param name="AverageDealSize">Bookings / won count.</param>
/// <param name="SalesCycleDays">Mean days from created_date to close_date of won deals.</param>
/// <param name="PipelineCreated">Σ amount at creation of deals created in P.</param>
/// <param name="Slipped">Amount (at the start of P) of deals due in P at its start that were not closed in P.</param>
/// <param name="PulledIn">Amount of deals due after P at its start that were won in P.</param>
/// <param name="WonCount">Deals won in P.</param>
/// <param name="LostCount">Deals lost in P.</param>
public sealed record SalesMetrics(
    decimal Bookings,
    decimal Quota,
    double? Attainment,
    decimal Gap,
    decimal OpenPipeline,
    double? Coverage,
    double? WinRateByCount,
    double? WinRateByAmount,
    decimal? AverageDealSize,
    double? SalesCycleDays,
    decimal PipelineCreated,
    decimal Slipped,
    decimal PulledIn,
    double WonCount,
    double LostCount)
{
    public static SalesMetrics From(PeriodMeasures measures, decimal quota)
    {
        ArgumentNullException.ThrowIfNull(measures);
        var bookings = measures.WonAmount;
        var remaining = Math.Max(quota - bookings, 0m);
        var closedAmount = measures.WonAmount + measures.LostAmount;
        return new SalesMetrics(
            bookings,
            quota,
            quota == 0 ? null : (double)(bookings / quota),
            bookings - quota,
            measures.OpenAmount,
            remaining == 0 ? null : (double)(measures.OpenAmount / remaining),
            measures.ClosedCount == 0 ? null : measures.WonCount / measures.ClosedCount,
            closedAmount == 0 ? null : (double)(measures.WonAmount / closedAmount),
            measures.WonCount == 0 ? null : bookings / (decimal)measures.WonCount,
            measures.WonCount == 0 ? null : measures.WonCycleDays / measures.WonCount,
            measures.CreatedAmount,
            measures.SlippedAmount,
            measures.PulledInAmount,
            measures.WonCount,
            measures.LostCount);
    }

    /// <summary>Metrics per value of <paramref name="dimension"/>: cells are rolled up to that dimension first.</summary>
    public static IReadOnlyList<(string Value, SalesMetrics Metrics)> By(
        Dimension dimension, IEnumerable<MeasureCell> cells, Func<string, decimal> quotaOf)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(quotaOf);
        return [.. cells
            .GroupBy(c => c.Key[dimension] ?? string.Empty, StringComparer.Ordinal)
            .Select(g => (g.Key, From(PeriodMeasures.Sum(g.Select(c => c.Measures)), quotaOf(g.Key))))
            .OrderBy(p => p.Key, StringComparer.Ordinal)];
    }
}
