using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Analysis.Forecast;
using SalesOpsBot.Warehouse.Access;
using SalesOpsBot.Warehouse.Querying;

namespace SalesOpsBot.Warehouse.Insights;

/// <summary>A quarter seen from one point in it: open buckets then, bookings already won then, and bookings by the end.</summary>
public sealed record QuarterConversion(FiscalPeriod Period, IReadOnlyList<ConversionBucket> Buckets, decimal WonAtPoint, decimal WonByEnd)
{
    /// <summary>Bookings that came from deals not open and due at the point (created or pulled in later).</summary>
    public decimal LateBookings => WonByEnd - WonAtPoint - Buckets.Sum(b => b.WonByQuarterEnd);

    /// <summary>What the commit call was at the point: won so far + open Commit.</summary>
    public decimal CommitCallAtPoint => WonAtPoint + Buckets.Where(b => b.ForecastCategory == "Commit").Sum(b => b.OpenAmount);
}

/// <summary>The inputs of the landing projection and of past forecast accuracy, computed in SQL.</summary>
public sealed class ForecastQueries(SqlRunner runner)
{
    /// <summary>
    /// <paramref name="period"/> seen from the end of <paramref name="point"/>, followed to the end of <paramref name="end"/>.
    /// </summary>
    public async Task<QuarterConversion> ConversionAsync(AccessScope scope, QueryFocus focus, FiscalPeriod period, DateOnly point, DateOnly end,
        DealFilters filters, CancellationToken cancellationToken, SqlTrace? trace = null)
    {
        var rows = await runner.QueryAsync<BucketRow>("Forecast/ConversionBuckets", scope, new
        {
            periodStart = period.Start,
            periodEnd = period.End,
            pointAt = PeriodWindow.EndOfDay(point),
            endAt = PeriodWindow.EndOfDay(end),
            segment = filters.Segment,
            productId = filters.ProductId,
            type = filters.Type,
            leadSource = filters.LeadSource,
        }, cancellationToken, trace, focus);
        var total = rows.Rows.FirstOrDefault(r => r.Kind == "total");
        var buckets = rows.Rows.Where(r => r.Kind == "bucket")
            .Select(r => new ConversionBucket(r.ForecastCategory ?? "", r.Stage ?? "", r.OpenAmount ?? 0, r.WonAmount ?? 0))
            .ToList();
        return new QuarterConversion(period, buckets, total?.OpenAmount ?? 0, total?.WonAmount ?? 0);
    }

    private sealed class BucketRow
    {
        public string Kind { get; init; } = "";
        public string? ForecastCategory { get; init; }
        public string? Stage { get; init; }
        public decimal? OpenAmount { get; init; }
        public decimal? WonAmount { get; init; }
    }
}
