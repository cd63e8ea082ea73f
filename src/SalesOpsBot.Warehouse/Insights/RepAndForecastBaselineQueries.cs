using SalesOpsBot.Analysis.Bridge;
using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Analysis.Metrics;
using SalesOpsBot.Analysis.Reps;
using SalesOpsBot.Warehouse.Access;
using SalesOpsBot.Warehouse.Querying;

namespace SalesOpsBot.Warehouse.Insights;

/// <summary>
/// The aggregates behind rep performance (<c>Sql/Reps/RepPeriodFacts.sql</c>) and the forecast-at-start baseline of
/// the bridge (<c>Sql/Analysis/ForecastFlowByCell.sql</c>), under the caller's access scope and the question's focus.
/// </summary>
public sealed class RepAndForecastBaselineQueries(SqlRunner runner)
{
    /// <summary>How far back leavers are read: a seat left within a year before the period may still be vacant.</summary>
    public const int LeaverLookbackDays = 365;

    /// <summary>Per AE of the scope: bookings and quota of <paramref name="period"/> as of <paramref name="asOf"/>, and the full-seat quota.</summary>
    public async Task<IReadOnlyList<RepPeriodFact>> RepPeriodFactsAsync(
        AccessScope scope, QueryFocus focus, FiscalPeriod period, DateOnly asOf, FiscalCalendar calendar, CancellationToken cancellationToken, SqlTrace? trace = null)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(calendar);
        var rows = await runner.QueryAsync<RepRow>("Reps/RepPeriodFacts", scope, new
        {
            periodStart = period.Start,
            periodEnd = period.End,
            lookbackStart = period.Start.AddDays(-LeaverLookbackDays),
            quotaFrom = calendar.QuarterOffset(period.Start, -4).Start,
            quotaTo = calendar.QuarterOffset(period.End, 4).Start,
            asOfEnd = PeriodWindow.EndOfDay(period.End < asOf ? period.End : asOf),
        }, cancellationToken, trace, focus);
        return [.. rows.Rows.Select(r => new RepPeriodFact(r.RepId, r.Name, r.TerritoryId, r.HireDate, r.EndDate, r.Bookings, r.WonCount, r.Quota, r.FullSeatQuota))];
    }

    /// <summary>
    /// Share of a Best Case deal's amount the forecast at the start counts on (Commit counts fully, Pipeline not at
    /// all): the usual "commit plus half the best case" call; docs/explanations.md gives the reasoning.
    /// </summary>
    public const decimal BestCaseShare = 0.5m;

    /// <summary>The forecast-at-start flow of <paramref name="period"/> per credited territory × segment, followed to <paramref name="asOf"/>.</summary>
    public async Task<IReadOnlyList<ForecastFlowCell>> ForecastFlowAsync(
        AccessScope scope, QueryFocus focus, FiscalPeriod period, DateOnly asOf, DealFilters filters, CancellationToken cancellationToken, SqlTrace? trace = null)
    {
        ArgumentNullException.ThrowIfNull(filters);
        var window = PeriodWindow.Of(period, asOf);
        var rows = await runner.QueryAsync<FlowRow>("Analysis/ForecastFlowByCell", scope, new
        {
            periodStart = period.Start,
            periodEnd = period.End,
            startAt = window.StartAt,
            endAt = window.EndAt,
            bestCaseShare = BestCaseShare,
            segment = filters.Segment,
            productId = filters.ProductId,
            type = filters.Type,
            leadSource = filters.LeadSource,
        }, cancellationToken, trace, focus);
        return [.. rows.Rows.Select(r => new ForecastFlowCell(new CellKey(r.TerritoryId, r.Segment), new ForecastStartFlow(
            r.CommitAtStart, r.CommitWonAtStartAmount, r.CommitWonFinalAmount, r.CommitLost, r.CommitSlipped,
            r.UpsideWon, r.PulledInWon, r.CreatedWon, r.OtherWon, r.CommitStillOpen)))];
    }

    private sealed class RepRow
    {
        public string RepId { get; init; } = "";
        public string Name { get; init; } = "";
        public string TerritoryId { get; init; } = "";
        public DateOnly HireDate { get; init; }
        public DateOnly? EndDate { get; init; }
        public decimal Bookings { get; init; }
        public long WonCount { get; init; }
        public decimal Quota { get; init; }
        public decimal FullSeatQuota { get; init; }
    }

    private sealed class FlowRow
    {
        public string TerritoryId { get; init; } = "";
        public string Segment { get; init; } = "";
        public decimal CommitAtStart { get; init; }
        public decimal CommitWonAtStartAmount { get; init; }
        public decimal CommitWonFinalAmount { get; init; }
        public decimal CommitLost { get; init; }
        public decimal CommitSlipped { get; init; }
        public decimal CommitStillOpen { get; init; }
        public decimal UpsideWon { get; init; }
        public decimal PulledInWon { get; init; }
        public decimal CreatedWon { get; init; }
        public decimal OtherWon { get; init; }
    }
}
