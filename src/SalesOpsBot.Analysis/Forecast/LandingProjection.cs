namespace SalesOpsBot.Analysis.Forecast;

/// <summary>
/// Open amount at the as-of point of a quarter in one (forecast category, stage) bucket, and how much of it was won by
/// the end of that quarter. For past quarters, "as-of point" is the same number of days into the quarter as today.
/// </summary>
public sealed record ConversionBucket(string ForecastCategory, string Stage, decimal OpenAmount, decimal WonByQuarterEnd);

/// <summary>
/// One past quarter seen from the same point in the quarter: its buckets and the bookings that came from deals
/// that did not exist or were not due in the quarter at that point (created or pulled in later).
/// </summary>
public sealed record QuarterHistory(string Label, IReadOnlyList<ConversionBucket> Buckets, decimal LateBookings);

/// <summary>The projected landing and its interval.</summary>
/// <param name="Expected">Won so far + Σ open × pooled conversion rate + mean late bookings.</param>
/// <param name="Low">Lower end: the 10th percentile of the projections made with each past quarter's own rates.</param>
/// <param name="High">Upper end: the 90th percentile of the same.</param>
/// <param name="ByBucket">Expected conversion of each open bucket.</param>
public sealed record LandingProjection(decimal WonSoFar, decimal Expected, decimal Low, decimal High, IReadOnlyList<(string ForecastCategory, string Stage, decimal Open, double Rate, decimal Expected)> ByBucket);

/// <summary>Forecast accuracy of one past quarter.</summary>
public sealed record ForecastAccuracy(string Label, decimal Forecast, decimal Actual)
{
    /// <summary>(actual − forecast) / actual; positive = under-called.</summary>
    public double? Error => Actual == 0 ? null : (double)((Actual - Forecast) / Actual);
}

public static class ForecastProjection
{
    /// <summary>
    /// Projects the landing from <paramref name="open"/> (this quarter's open buckets at the as-of date) with conversion
    /// rates learned from <paramref name="history"/> at the same point of past quarters. A bucket never seen in history
    /// converts at the pooled rate of its forecast category, then at the overall rate.
    /// </summary>
    public static LandingProjection Project(decimal wonSoFar, IReadOnlyList<ConversionBucket> open, IReadOnlyList<QuarterHistory> history)
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(history);
        var pooled = Rates(history.SelectMany(h => h.Buckets));
        var lateMean = history.Count == 0 ? 0 : history.Average(h => h.LateBookings);
        var byBucket = open.Select(b =>
        {
            var rate = pooled.Rate(b.ForecastCategory, b.Stage);
            return (b.ForecastCategory, b.Stage, b.OpenAmount, rate, Math.Round(b.OpenAmount * (decimal)rate, 2));
        }).ToList();
        var expected = wonSoFar + byBucket.Sum(b => b.Item5) + lateMean;

        var perQuarter = history
            .Select(h =>
            {
                var rates = Rates(h.Buckets, pooled);
                return wonSoFar + open.Sum(b => b.OpenAmount * (decimal)rates.Rate(b.ForecastCategory, b.Stage)) + h.LateBookings;
            })
            .Order()
            .ToList();
        var low = perQuarter.Count == 0 ? expected : Percentile(perQuarter, 0.1);
        var high = perQuarter.Count == 0 ? expected : Percentile(perQuarter, 0.9);
        return new LandingProjection(wonSoFar, Math.Round(expected, 2), Math.Round(Math.Min(low, expected), 2), Math.Round(Math.Max(high, expected), 2), byBucket);
    }

    /// <summary>Accuracy summary: mean absolute percentage error and bias (mean signed error) over the quarters.</summary>
    public static (double? MeanAbsoluteError, double? Bias) Summarize(IEnumerable<ForecastAccuracy> quarters)
    {
        var errors = quarters.Select(q => q.Error).OfType<double>().ToList();
        return errors.Count == 0 ? (null, null) : (errors.Average(Math.Abs), errors.Average());
    }

    private static decimal Percentile(List<decimal> sorted, double p)
    {
        var position = p * (sorted.Count - 1);
        var lower = (int)Math.Floor(position);
        var upper = (int)Math.Ceiling(position);
        return sorted[lower] + ((sorted[upper] - sorted[lower]) * (decimal)(position - lower));
    }

    private static RateTable Rates(IEnumerable<ConversionBucket> buckets, RateTable? fallback = null) => new(buckets.ToList(), fallback);

    private sealed class RateTable
    {
        private readonly Dictionary<(string, string), double> _byBucket;
        private readonly Dictionary<string, double> _byCategory;
        private readonly double _overall;
        private readonly RateTable? _fallback;

        public RateTable(List<ConversionBucket> buckets, RateTable? fallback)
        {
            _fallback = fallback;
            _byBucket = buckets.GroupBy(b => (b.ForecastCategory, b.Stage))
                .Where(g => g.Sum(b => b.OpenAmount) > 0)
                .ToDictionary(g => g.Key, g => (double)(g.Sum(b => b.WonByQuarterEnd) / g.Sum(b => b.OpenAmount)));
            _byCategory = buckets.GroupBy(b => b.ForecastCategory, StringComparer.Ordinal)
                .Where(g => g.Sum(b => b.OpenAmount) > 0)
                .ToDictionary(g => g.Key, g => (double)(g.Sum(b => b.WonByQuarterEnd) / g.Sum(b => b.OpenAmount)), StringComparer.Ordinal);
            var open = buckets.Sum(b => b.OpenAmount);
            _overall = open > 0 ? (double)(buckets.Sum(b => b.WonByQuarterEnd) / open) : 0;
        }

        public double Rate(string category, string stage) =>
            _byBucket.TryGetValue((category, stage), out var rate) ? rate
            : _fallback is not null ? _fallback.Rate(category, stage)
            : _byCategory.TryGetValue(category, out var categoryRate) ? categoryRate
            : _overall;
    }
}
