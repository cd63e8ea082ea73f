using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Analysis.Pipeline;
using SalesOpsBot.Warehouse.Access;
using SalesOpsBot.Warehouse.Querying;

namespace SalesOpsBot.Warehouse.Insights;

/// <summary>How a period's pipeline moved between two dates, computed in SQL (one pass over the relevant deals' history).</summary>
public sealed class PipelineQueries(SqlRunner runner)
{
    /// <summary>
    /// The waterfall of <paramref name="period"/>'s open pipeline from the end of <paramref name="from"/> to the end of
    /// <paramref name="to"/>: it reconciles exactly (start + steps = end), by the rules of <see cref="PipelineWaterfall"/>.
    /// </summary>
    public async Task<WaterfallSteps> WaterfallAsync(AccessScope scope, QueryFocus focus, FiscalPeriod period, DateOnly from, DateOnly to,
        DealFilters filters, CancellationToken cancellationToken, SqlTrace? trace = null)
    {
        var rows = await runner.QueryAsync<WaterfallRow>("Pipeline/WaterfallSteps", scope, new
        {
            periodStart = period.Start,
            periodEnd = period.End,
            fromAt = PeriodWindow.EndOfDay(from),
            toAt = PeriodWindow.EndOfDay(to),
            toDate = to,
            segment = filters.Segment,
            productId = filters.ProductId,
            type = filters.Type,
            leadSource = filters.LeadSource,
        }, cancellationToken, trace, focus);
        var r = rows.Rows.Count > 0 ? rows.Rows[0] : new WaterfallRow();
        return new WaterfallSteps(r.StartPipeline ?? 0, r.Created ?? 0, r.PulledIn ?? 0, r.Won ?? 0, r.Lost ?? 0, r.SlippedOut ?? 0,
            r.AmountChanges ?? 0, r.CategoryMovesIn ?? 0, r.CategoryMovesOut ?? 0, r.EndPipeline ?? 0);
    }

    /// <summary>SUM over no rows is NULL in SQL: every step is nullable here.</summary>
    private sealed class WaterfallRow
    {
        public decimal? StartPipeline { get; init; }
        public decimal? Created { get; init; }
        public decimal? PulledIn { get; init; }
        public decimal? Won { get; init; }
        public decimal? Lost { get; init; }
        public decimal? SlippedOut { get; init; }
        public decimal? AmountChanges { get; init; }
        public decimal? CategoryMovesIn { get; init; }
        public decimal? CategoryMovesOut { get; init; }
        public decimal? EndPipeline { get; init; }
    }
}
