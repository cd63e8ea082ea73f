using SalesOpsBot.Analysis.Metrics;
using SalesOpsBot.Warehouse.Insights;

namespace SalesOpsBot.Digests.Content;

/// <summary>A part of the scope (a child territory) and what it booked between the previous digest and now.</summary>
public sealed record Mover(string Key, string Name, decimal BookedSince, double? AttainmentPointsGained);

/// <summary>
/// A quarter-to-date measure outside the range of the same point of each of the four quarters before, and far from their
/// mean (<see cref="DigestSignals.UnusualShare"/>): something a leader would not expect from the scope's own history.
/// </summary>
public sealed record UnusualChange(string Measure, decimal Current, decimal HistoryLow, decimal HistoryHigh, decimal HistoryMean)
{
    public bool IsHigh => Current > HistoryHigh;
}

/// <summary>The "top movers" and "unusual changes" of a digest, from two views of the same quarter and the history at the same point.</summary>
public static class DigestSignals
{
    /// <summary>How far from the history's mean a value outside its range must also be, so a hair outside is not "unusual".</summary>
    public const decimal UnusualShare = 0.2m;

    /// <summary>
    /// The children whose bookings moved most since the previous digest, largest first; only those that booked anything.
    /// <paramref name="before"/> is the same quarter's breakdown as of the previous digest (empty when that was before the quarter).
    /// </summary>
    public static IReadOnlyList<Mover> TopMovers(IReadOnlyList<BreakdownRow> now, IReadOnlyList<BreakdownRow> before, int take = 3)
    {
        var earlier = before.ToDictionary(row => row.Key, row => row.Metrics, StringComparer.Ordinal);
        return [.. now
            .Select(row =>
            {
                var previous = earlier.GetValueOrDefault(row.Key);
                var booked = row.Metrics.Bookings - (previous?.Bookings ?? 0m);
                double? points = row.Metrics.Quota > 0 ? (double)(booked / row.Metrics.Quota) * 100 : null;
                return new Mover(row.Key, row.Name, booked, points);
            })
            .Where(mover => mover.BookedSince != 0)
            .OrderByDescending(mover => Math.Abs(mover.BookedSince))
            .ThenBy(mover => mover.Name, StringComparer.Ordinal)
            .Take(take)];
    }

    /// <summary>
    /// Bookings and pipeline created to date against the same elapsed days of each earlier quarter. Needs all four quarters
    /// (a scope with less history has no "usual" to compare with).
    /// </summary>
    public static IReadOnlyList<UnusualChange> Unusual(SalesMetrics current, IReadOnlyList<SalesMetrics> samePointBefore)
    {
        if (samePointBefore.Count < 4)
        {
            return [];
        }

        return [.. new[]
            {
                Check("bookings", current.Bookings, samePointBefore.Select(m => m.Bookings)),
                Check("pipeline_created", current.PipelineCreated, samePointBefore.Select(m => m.PipelineCreated)),
            }
            .OfType<UnusualChange>()];
    }

    private static UnusualChange? Check(string measure, decimal current, IEnumerable<decimal> history)
    {
        var values = history.ToList();
        var (low, high, mean) = (values.Min(), values.Max(), values.Average());
        var outside = current < low || current > high;
        var far = mean == 0 ? current != 0 : Math.Abs(current - mean) >= UnusualShare * Math.Abs(mean);
        return outside && far ? new UnusualChange(measure, current, low, high, Math.Round(mean, 2)) : null;
    }
}
