using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Analysis.Metrics;
using SalesOpsBot.Analysis.Reps;
using SalesOpsBot.Warehouse.Access;

namespace SalesOpsBot.Warehouse.Insights;

/// <summary>Rep performance of a subject for a period, with the subject's own totals to weigh vacancies against its gap.</summary>
/// <param name="Metrics">The subject's bookings and quota (its own quota, as the contract defines it).</param>
/// <param name="OwnNumbersOnly">The caller may see only their own deals (a rep), so the report holds them alone.</param>
public sealed record RepPerformanceView(string SubjectName, FiscalPeriod Period, RepPerformanceReport Report, SalesMetrics Metrics, bool PeriodInProgress, bool OwnNumbersOnly);

public sealed partial class SalesAnalytics
{
    /// <summary>Attainment of every AE of the subject, the distribution, ramp-adjusted new hires and vacant seats.</summary>
    public async Task<RepPerformanceView> RepPerformanceAsync(AnalysisRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var hierarchy = await HierarchyAsync(request.Access, cancellationToken, request.Trace);
        var subject = Resolve(request, hierarchy);
        var queries = new RepAndForecastBaselineQueries(runner);
        var facts = await queries.RepPeriodFactsAsync(request.Access, subject.Focus, request.Period, request.AsOf, request.Calendar, cancellationToken, request.Trace);
        var totals = (await _queries.PeriodMeasuresAsync(request.Access, subject.Focus, [[request.Period]], request.AsOf, request.EffectiveFilters,
            MeasureGrain.Total, cancellationToken, request.Trace))[0];
        var quotas = await QuotaBookAsync(request, subject, hierarchy, cancellationToken);
        var metrics = SalesMetrics.From(PeriodMeasures.Sum(totals.Select(c => c.Measures)), QuotaOf(subject, hierarchy, quotas, request));
        var quarters = Math.Max(1, request.Calendar.QuartersBetween(request.Period.Start, request.Period.End).Count);
        var report = RepPerformance.Assess(facts, request.Period, quarters, periodInQuarters: request.Calendar.QuarterLengths(request.Period));
        return new RepPerformanceView(subject.Name, request.Period, report, metrics, request.Period.Contains(request.AsOf), IsOwnNumbersOnly(request.Access));
    }

    private static bool IsOwnNumbersOnly(AccessScope access) => !access.All && access.TerritoryIds.Count == 0 && access.RepIds.Count == 1;
}
