using SalesOpsBot.Analysis.Bridge;
using SalesOpsBot.Analysis.Deals;
using SalesOpsBot.Analysis.Localization;
using SalesOpsBot.Analysis.Metrics;

namespace SalesOpsBot.Warehouse.Insights;

public sealed partial class SalesAnalytics
{
    /// <summary>
    /// The bridge against the forecast at the start of the period: plan = the commit then (reconstructed from history),
    /// drivers = what became of the committed deals and what was won outside the commit, per territory child × segment.
    /// </summary>
    private async Task<AttainmentExplanation> ExplainAgainstForecastAsync(AnalysisRequest request, CancellationToken cancellationToken)
    {
        var hierarchy = await HierarchyAsync(request.Access, cancellationToken, request.Trace);
        var subject = Resolve(request, hierarchy);
        var filters = request.EffectiveFilters;
        var actual = await _queries.PeriodMeasuresByCellAsync(request.Access, subject.Focus, request.Period, request.AsOf, filters, cancellationToken, request.Trace);
        var flows = await new RepAndForecastBaselineQueries(runner).ForecastFlowAsync(request.Access, subject.Focus, request.Period, request.AsOf, filters, cancellationToken, request.Trace);
        var quotas = await QuotaBookAsync(request, subject, hierarchy, cancellationToken);
        var deals = await _queries.DealsForPeriodAsync(request.Access, subject.Focus, request.Period, request.AsOf, filters, cancellationToken, request.Trace);
        var view = View(request, subject, hierarchy, actual, quotas, null);

        string Child(string territory) => subject.RootTerritoryId is { } root ? hierarchy.ChildUnder(root, territory) : territory;
        List<ForecastFlowCell> rolledFlows = [.. flows.Select(f => f with { Key = f.Key with { Territory = Child(f.Key.Territory!) } })];
        var bridge = AttainmentBridge.Explain(new BridgeInput(
            view.Metrics.Quota,
            RollUp(actual, subject, hierarchy),
            [],
            Kind: BaselineKind.ForecastAtStart,
            ForecastCells: rolledFlows,
            ValueNames: hierarchy.Territories.ToDictionary(t => t.TerritoryId, t => t.Name, StringComparer.Ordinal)));

        // Where the forecast miss sits: each territory × segment leaf's bookings against its commit at the start.
        var leaves = rolledFlows.GroupBy(f => (f.Key.Territory ?? "", f.Key.Segment ?? ""))
            .Select(g => new CubeLeaf([g.Key.Item1, g.Key.Item2], (double)g.Sum(f => f.Flow.Bookings), (double)g.Sum(f => f.Flow.CommitAtStart)))
            .ToList();
        var localization = RootCauseLocalizer.Localize(new LocalizationInput(["territory", "segment"], leaves));
        var locations = bridge.Locate(subject.RepId is null ? Dimension.Territory : Dimension.Segment);
        return new AttainmentExplanation(view, bridge, locations, localization, DealsBehindTheAnswer.Rank(deals, request.Period, 5), [request.Period]);
    }
}
