using Dapper;
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

/// <summary>A quarter to follow: seen from the end of <paramref name="Point"/>, followed to the end of <paramref name="End"/>.</summary>
public sealed record ConversionWindow(FiscalPeriod Period, DateOnly Point, DateOnly End);

/// <summary>The inputs of the landing projection and of past forecast accuracy, computed in SQL.</summary>
public sealed class ForecastQueries(SqlRunner runner)
{
    /// <summary>How many quarters one ConversionBuckets statement follows (the slots of its quarter list).</summary>
    public const int QuartersPerStatement = 5;

    /// <summary>
    /// <paramref name="period"/> seen from the end of <paramref name="point"/>, followed to the end of <paramref name="end"/>.
    /// </summary>
    public async Task<QuarterConversion> ConversionAsync(AccessScope scope, QueryFocus focus, FiscalPeriod period, DateOnly point, DateOnly end,
        DealFilters filters, CancellationToken cancellationToken, SqlTrace? trace = null) =>
        (await ConversionsAsync(scope, focus, [new ConversionWindow(period, point, end)], filters, cancellationToken, trace))[0];

    /// <summary>
    /// Each quarter of <paramref name="windows"/> seen from the end of its point and followed to the end of its end date, in
    /// order; up to <see cref="QuartersPerStatement"/> quarters are read by one statement, from one pass over the history.
    /// </summary>
    public async Task<IReadOnlyList<QuarterConversion>> ConversionsAsync(AccessScope scope, QueryFocus focus, IReadOnlyList<ConversionWindow> windows,
        DealFilters filters, CancellationToken cancellationToken, SqlTrace? trace = null)
    {
        ArgumentNullException.ThrowIfNull(windows);
        var conversions = new List<QuarterConversion>(windows.Count);
        foreach (var chunk in windows.Chunk(QuartersPerStatement))
        {
            var rows = await runner.QueryAsync<BucketRow>("Forecast/ConversionBuckets", scope, ConversionParameters(chunk, filters), cancellationToken, trace, focus);
            conversions.AddRange(chunk.Select((window, slot) =>
            {
                var total = rows.Rows.FirstOrDefault(r => r.SlotIndex == slot && r.Kind == "total");
                var buckets = rows.Rows.Where(r => r.SlotIndex == slot && r.Kind == "bucket")
                    .Select(r => new ConversionBucket(r.ForecastCategory ?? "", r.Stage ?? "", r.OpenAmount ?? 0, r.WonAmount ?? 0))
                    .ToList();
                return new QuarterConversion(window.Period, buckets, total?.OpenAmount ?? 0, total?.WonAmount ?? 0);
            }));
        }

        return conversions;
    }

    /// <summary>
    /// The statement parameters (without scope and focus) for up to <see cref="QuartersPerStatement"/> windows; unused slots
    /// repeat the first (for tests and tools that run the SQL themselves).
    /// </summary>
    public static DynamicParameters ConversionParameters(IReadOnlyList<ConversionWindow> windows, DealFilters filters)
    {
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(filters);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(windows.Count, QuartersPerStatement, nameof(windows));
        ArgumentOutOfRangeException.ThrowIfZero(windows.Count, nameof(windows));
        var arguments = new DynamicParameters(new
        {
            conversionCount = windows.Count,
            segment = filters.Segment,
            productId = filters.ProductId,
            type = filters.Type,
            leadSource = filters.LeadSource,
        });
        for (var index = 0; index < QuartersPerStatement; index++)
        {
            var window = windows[index < windows.Count ? index : 0];
            arguments.Add($"q{index}Start", window.Period.Start);
            arguments.Add($"q{index}End", window.Period.End);
            arguments.Add($"q{index}PointAt", PeriodWindow.EndOfDay(window.Point));
            arguments.Add($"q{index}EndAt", PeriodWindow.EndOfDay(window.End));
        }

        return arguments;
    }

    private sealed class BucketRow
    {
        public string Kind { get; init; } = "";

        public int SlotIndex { get; init; }
        public string? ForecastCategory { get; init; }
        public string? Stage { get; init; }
        public decimal? OpenAmount { get; init; }
        public decimal? WonAmount { get; init; }
    }
}
