using SalesOpsBot.Analysis.Bridge;
using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Analysis.Deals;
using SalesOpsBot.Analysis.Forecast;
using SalesOpsBot.Analysis.Localization;
using SalesOpsBot.Analysis.Metrics;
using SalesOpsBot.Analysis.Pipeline;
using SalesOpsBot.Warehouse.Access;
using SalesOpsBot.Warehouse.Querying;

namespace SalesOpsBot.Warehouse.Insights;

/// <summary>Metrics of one value of a breakdown (a child territory, a rep, a segment …).</summary>
public sealed record BreakdownRow(Dimension Dimension, string Key, string Name, SalesMetrics Metrics);

/// <summary>Metrics of a subject for a period, with a breakdown one level down.</summary>
public sealed record AttainmentView(string SubjectName, FiscalPeriod Period, SalesMetrics Metrics, IReadOnlyList<BreakdownRow> Breakdown, bool PeriodInProgress);

/// <summary>Why a subject hit or missed: the bridge, where the gap sits, the deals behind it.</summary>
public sealed record AttainmentExplanation(
    AttainmentView View,
    BridgeResult Bridge,
    IReadOnlyList<GapLocation> Locations,
    LocalizationResult Localization,
    DealLists Deals,
    IReadOnlyList<FiscalPeriod> BaselinePeriods);

/// <summary>The forecast roll-up of a subject for a period at the as-of date.</summary>
/// <param name="Projection">Where the period is likely to land, from how open pipeline converted at the same point of the four quarters before.</param>
/// <param name="Accuracy">For those quarters: the commit call at the same point against what was booked.</param>
public sealed record ForecastView(string SubjectName, FiscalPeriod Period, IReadOnlyList<ForecastNode> Nodes, SalesMetrics Metrics,
    LandingProjection? Projection = null, IReadOnlyList<ForecastAccuracy>? Accuracy = null);

/// <summary>How the period's open pipeline moved between two dates, and the deals that moved it.</summary>
public sealed record PipelineChangesView(string SubjectName, FiscalPeriod Period, DateOnly From, DateOnly To, WaterfallSteps Steps, DealLists Deals);

/// <summary>Deals of a subject for a period, with the risk flags of the open ones.</summary>
public sealed record DealView(string SubjectName, FiscalPeriod Period, IReadOnlyList<DealRecord> Deals, DealLists Lists, IReadOnlyList<DealRisk> Risks);

/// <summary>One point of a trend.</summary>
public sealed record TrendPoint(FiscalPeriod Period, SalesMetrics Metrics);

/// <summary>
/// The analyses behind the answers: warehouse aggregates (SQL, under the caller's access scope and the question's
/// focus) fed to the pure engine in SalesOpsBot.Analysis. Every figure returned comes from a query result.
/// </summary>
public sealed partial class SalesAnalytics(SqlRunner runner)
{
    private readonly AnalysisQueries _queries = new(runner);

    public async Task<Hierarchy> HierarchyAsync(AccessScope access, CancellationToken cancellationToken, SqlTrace? trace = null)
    {
        var territories = await runner.QueryAsync<TerritoryNode>("Dimensions/Territories", access, null, cancellationToken, trace);
        var people = await runner.QueryAsync<Person>("Dimensions/Reps", access, null, cancellationToken, trace);
        return new Hierarchy(territories.Rows, people.Rows);
    }

    /// <summary>Bookings, quota, attainment and the rest for the subject, broken down one level below it.</summary>
    public async Task<AttainmentView> AttainmentAsync(AnalysisRequest request, CancellationToken cancellationToken, Dimension? breakdownBy = null)
    {
        var hierarchy = await HierarchyAsync(request.Access, cancellationToken, request.Trace);
        var subject = Resolve(request, hierarchy);
        var cells = await _queries.PeriodMeasuresByCellAsync(request.Access, subject.Focus, request.Period, request.AsOf, request.EffectiveFilters, cancellationToken, request.Trace);
        var quotas = await QuotaBookAsync(request, subject, hierarchy, cancellationToken);
        return View(request, subject, hierarchy, cells, quotas, breakdownBy);
    }

    /// <summary>The attainment bridge against <paramref name="baseline"/>, located by dimension, with the deals behind it.</summary>
    public async Task<AttainmentExplanation> ExplainAttainmentAsync(AnalysisRequest request, BaselineKind baseline, CancellationToken cancellationToken)
    {
        if (baseline == BaselineKind.ForecastAtStart)
        {
            return await ExplainAgainstForecastAsync(request, cancellationToken);
        }

        var hierarchy = await HierarchyAsync(request.Access, cancellationToken, request.Trace);
        var subject = Resolve(request, hierarchy);
        var filters = request.EffectiveFilters;
        var baselinePeriods = BaselinePeriods(request.Calendar, request.Period, baseline);
        var window = FiscalPeriod.Custom(baselinePeriods[0].Start, baselinePeriods[^1].End);

        // The period and its baseline quarters in one statement: one scan of the history instead of one per quarter.
        var measured = await _queries.PeriodMeasuresAsync(request.Access, subject.Focus, [[request.Period], baselinePeriods], request.AsOf, filters,
            MeasureGrain.LeafCells, cancellationToken, request.Trace);
        var (actual, baselineCells) = (measured[0], measured[1]);
        var quotas = await QuotaBookAsync(request, subject, hierarchy, cancellationToken);
        var seats = await _queries.SeatsAsync(request.Access, subject.Focus, window.Start < request.Period.Start ? FiscalPeriod.Custom(window.Start, request.Period.End) : request.Period, cancellationToken, request.Trace);
        var deals = await _queries.DealsForPeriodAsync(request.Access, subject.Focus, request.Period, request.AsOf, filters, cancellationToken, request.Trace);
        var view = View(request, subject, hierarchy, actual, quotas, null);

        var periodQuarters = Math.Max(1, request.Calendar.QuartersBetween(request.Period.Start, request.Period.End).Count);
        var rolledActual = RollUp(actual, subject, hierarchy);
        var rolledBaseline = Combine(RollUp(baselineCells, subject, hierarchy));
        var bridge = AttainmentBridge.Explain(new BridgeInput(
            view.Metrics.Quota,
            rolledActual,
            rolledBaseline,
            (double)periodQuarters / baselinePeriods.Count,
            baseline,
            Capacity.RampedSeats(seats, request.Period.Start, MinDate(request.Period.End, request.AsOf)),
            Capacity.RampedSeats(seats, window.Start, window.End),
            ValueNames: hierarchy.Territories.ToDictionary(t => t.TerritoryId, t => t.Name, StringComparer.Ordinal)));

        var locations = bridge.Locate(subject.RepId is null ? Dimension.Territory : Dimension.Segment);
        var localization = Localize(rolledActual, rolledBaseline, bridge, (double)periodQuarters / baselinePeriods.Count);
        return new AttainmentExplanation(view, bridge, locations, localization, DealsBehindTheAnswer.Rank(deals, request.Period, 5), baselinePeriods);
    }

    /// <summary>The commit / best case / pipeline roll-up through the subject's territory tree.</summary>
    public async Task<ForecastView> ForecastAsync(AnalysisRequest request, CancellationToken cancellationToken)
    {
        var hierarchy = await HierarchyAsync(request.Access, cancellationToken, request.Trace);
        var subject = Resolve(request, hierarchy);
        var cells = await _queries.ForecastCellsAsync(request.Access, subject.Focus, request.Period, request.AsOf, request.EffectiveFilters, cancellationToken, request.Trace);
        var measures = (await _queries.PeriodMeasuresAsync(request.Access, subject.Focus, [[request.Period]], request.AsOf, request.EffectiveFilters,
            MeasureGrain.Total, cancellationToken, request.Trace))[0];
        var quotas = await QuotaBookAsync(request, subject, hierarchy, cancellationToken);
        var metrics = SalesMetrics.From(PeriodMeasures.Sum(measures.Select(c => c.Measures)), QuotaOf(subject, hierarchy, quotas, request));
        var root = subject.RootTerritoryId;
        IReadOnlyList<ForecastNode> nodes = root is null
            ? []
            : ForecastRollup.Build(root, hierarchy.Territories, cells, t => quotas.ForTerritory(t, request.Period.Start, request.Period.End));

        // The projection: this quarter's open pipeline at the as-of date, converted at the rates the four quarters before
        // showed from the same number of days in; the same history gives past forecast accuracy.
        var (projection, accuracy) = (default(LandingProjection), default(IReadOnlyList<ForecastAccuracy>));
        if (request.Period.Contains(request.AsOf) && request.Period.Kind == PeriodKind.Quarter)
        {
            var forecasts = new ForecastQueries(runner);
            var daysIn = request.AsOf.DayNumber - request.Period.Start.DayNumber;
            // This quarter at the as-of date and the four before at the same day in, in one statement.
            ConversionWindow[] windows =
            [
                new(request.Period, request.AsOf, request.AsOf),
                .. Enumerable.Range(1, 4).Select(i => request.Calendar.QuarterOffset(request.Period.Start, -i))
                    .Select(quarter => new ConversionWindow(quarter, quarter.Start.AddDays(Math.Min(daysIn, quarter.Days - 1)), quarter.End)),
            ];
            var conversions = await forecasts.ConversionsAsync(request.Access, subject.Focus, windows, request.EffectiveFilters, cancellationToken, request.Trace);
            var current = conversions[0];
            var history = conversions.Skip(1).ToList();

            projection = ForecastProjection.Project(current.WonAtPoint, current.Buckets,
                [.. history.Select(h => new QuarterHistory(h.Period.Label, h.Buckets, h.LateBookings))]);
            accuracy = [.. history.Select(h => new ForecastAccuracy(h.Period.Label, h.CommitCallAtPoint, h.WonByEnd))];
        }

        return new ForecastView(subject.Name, request.Period, nodes, metrics, projection, accuracy);
    }

    /// <summary>The waterfall of the period's open pipeline from the end of <paramref name="from"/> to the end of <paramref name="to"/>, with the deals behind it.</summary>
    public async Task<PipelineChangesView> PipelineChangesAsync(AnalysisRequest request, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var hierarchy = await HierarchyAsync(request.Access, cancellationToken, request.Trace);
        var subject = Resolve(request, hierarchy);
        var steps = await new PipelineQueries(runner).WaterfallAsync(request.Access, subject.Focus, request.Period, from, to, request.EffectiveFilters, cancellationToken, request.Trace);
        var deals = await _queries.DealsForPeriodAsync(request.Access, subject.Focus, request.Period, to, request.EffectiveFilters, cancellationToken, request.Trace);
        return new PipelineChangesView(subject.Name, request.Period, from, to, steps, DealsBehindTheAnswer.Rank(deals, request.Period, 5));
    }

    /// <summary>The deals of the subject for the period with risk flags on the open ones.</summary>
    public async Task<DealView> DealsAsync(AnalysisRequest request, CancellationToken cancellationToken)
    {
        var hierarchy = await HierarchyAsync(request.Access, cancellationToken, request.Trace);
        var subject = Resolve(request, hierarchy);
        var deals = await _queries.DealsForPeriodAsync(request.Access, subject.Focus, request.Period, request.AsOf, request.EffectiveFilters, cancellationToken, request.Trace);
        var quarter = request.Calendar.QuarterContaining(request.AsOf);
        return new DealView(subject.Name, request.Period, deals, DealsBehindTheAnswer.Rank(deals, request.Period, 10),
            RiskFlags.Assess(deals.Where(d => !d.IsClosed).ToList(), request.AsOf, quarter));
    }

    /// <summary>The subject's metrics quarter by quarter, oldest first.</summary>
    public async Task<IReadOnlyList<TrendPoint>> TrendAsync(AnalysisRequest request, IReadOnlyList<FiscalPeriod> periods, CancellationToken cancellationToken)
    {
        var hierarchy = await HierarchyAsync(request.Access, cancellationToken, request.Trace);
        var subject = Resolve(request, hierarchy);
        if (periods.Count == 0)
        {
            return [];
        }

        var totals = await _queries.PeriodMeasuresAsync(request.Access, subject.Focus, [.. periods.Select(p => (IReadOnlyList<FiscalPeriod>)[p])], request.AsOf,
            request.EffectiveFilters, MeasureGrain.Total, cancellationToken, request.Trace);
        // One quota read covers every period: the book sums the quarters that start inside whichever period it is asked about.
        var span = FiscalPeriod.Custom(periods.Min(p => p.Start), periods.Max(p => p.End));
        var quotas = await QuotaBookAsync(request with { Period = span }, subject, hierarchy, cancellationToken);
        return [.. periods.Select((period, index) => new TrendPoint(period,
            SalesMetrics.From(PeriodMeasures.Sum(totals[index].Select(c => c.Measures)), QuotaOf(subject, hierarchy, quotas, request with { Period = period }))))];
    }

    /// <summary>The quarters a baseline compares with, oldest first.</summary>
    public static IReadOnlyList<FiscalPeriod> BaselinePeriods(FiscalCalendar calendar, FiscalPeriod period, BaselineKind baseline) => baseline switch
    {
        BaselineKind.PriorQuarter => [calendar.QuarterOffset(period.Start, -1)],
        BaselineKind.SameQuarterLastYear => [calendar.QuarterOffset(period.Start, -4)],
        _ => [.. Enumerable.Range(1, 4).Select(i => calendar.QuarterOffset(period.Start, -5 + i))],
    };

    private static AttainmentView View(AnalysisRequest request, Subject subject, Hierarchy hierarchy, IReadOnlyList<MeasureCell> cells, QuotaBook quotas, Dimension? breakdownBy)
    {
        var metrics = SalesMetrics.From(PeriodMeasures.Sum(cells.Select(c => c.Measures)), QuotaOf(subject, hierarchy, quotas, request));
        var dimension = breakdownBy ?? (subject.RootTerritoryId is not null && hierarchy.ChildrenOf(subject.RootTerritoryId).Count > 0 ? Dimension.Territory : Dimension.Rep);
        var rolled = RollUp(cells, subject, hierarchy);
        var period = request.Period;
        Func<string, decimal> quotaOf = dimension switch
        {
            Dimension.Territory => key => quotas.ForTerritory(key, period.Start, period.End),
            Dimension.Rep => key => quotas.ForRep(key, period.Start, period.End),
            _ => _ => 0m,
        };
        var breakdown = SalesMetrics.By(dimension, rolled, quotaOf)
            .Select(b => new BreakdownRow(dimension, b.Value, NameOf(dimension, b.Value, hierarchy), b.Metrics))
            .ToList();
        if (dimension == Dimension.Territory && subject.RootTerritoryId is { } root)
        {
            // Children that had no activity still belong in a leaderboard.
            foreach (var child in hierarchy.ChildrenOf(root).Where(c => breakdown.All(b => b.Key != c.TerritoryId)))
            {
                breakdown.Add(new BreakdownRow(dimension, child.TerritoryId, child.Name, SalesMetrics.From(PeriodMeasures.Zero, quotaOf(child.TerritoryId))));
            }
        }

        return new AttainmentView(subject.Name, period, metrics, [.. breakdown.OrderBy(b => b.Metrics.Attainment ?? double.MaxValue)],
            period.Contains(request.AsOf));
    }

    private static string NameOf(Dimension dimension, string key, Hierarchy hierarchy) => dimension switch
    {
        Dimension.Territory => hierarchy.TerritoryName(key),
        Dimension.Rep => hierarchy.PersonName(key),
        _ => key.Length == 0 ? "(none)" : key,
    };

    private async Task<QuotaBook> QuotaBookAsync(AnalysisRequest request, Subject subject, Hierarchy hierarchy, CancellationToken cancellationToken) =>
        new(hierarchy.Territories, await _queries.QuotaFactsAsync(request.Access, subject.Focus, request.Period, cancellationToken, request.Trace));

    private static decimal QuotaOf(Subject subject, Hierarchy hierarchy, QuotaBook quotas, AnalysisRequest request)
    {
        var (start, end) = (request.Period.Start, request.Period.End);
        if (subject.RepIds is { } reps)
        {
            return reps.Sum(r => quotas.ForRep(r, start, end));
        }

        return subject.RootTerritoryId is { } root ? quotas.ForTerritory(root, start, end) : 0m;
    }

    /// <summary>Leaf cells with the territory replaced by the child of the subject's root it lies under, and reps kept.</summary>
    private static List<MeasureCell> RollUp(IEnumerable<MeasureCell> cells, Subject subject, Hierarchy hierarchy) =>
        [.. cells.Select(c => c with
        {
            Key = c.Key with { Territory = subject.RootTerritoryId is { } root ? hierarchy.ChildUnder(root, c.Key.Territory!) : c.Key.Territory },
        })];

    /// <summary>Sums cells with the same key (e.g. four baseline quarters into one window).</summary>
    private static List<MeasureCell> Combine(IEnumerable<MeasureCell> cells) =>
        [.. cells.GroupBy(c => c.Key).Select(g => new MeasureCell(g.Key, PeriodMeasures.Sum(g.Select(c => c.Measures))))];

    private static LocalizationResult Localize(IReadOnlyList<MeasureCell> actual, IReadOnlyList<MeasureCell> baseline, BridgeResult bridge, double scale)
    {
        // Expected bookings per leaf: the baseline's run-rate scaled so that the whole plan books the quota.
        string[] dimensions = ["territory", "segment", "product", "type", "lead_source"];
        static string[] Values(CellKey key) => [key.Territory ?? "", key.Segment ?? "", key.Product ?? "", key.Type ?? "", key.LeadSource ?? ""];
        var factor = (decimal)(scale * (bridge.PlanScale > 0 ? bridge.PlanScale : 1));
        var leaves = new Dictionary<string, (string[] Values, decimal Actual, decimal Expected)>(StringComparer.Ordinal);
        foreach (var (cell, isActual) in actual.Select(c => (c, true)).Concat(baseline.Select(c => (c, false))))
        {
            var values = Values(cell.Key);
            var id = string.Join('\u001f', values);
            var current = leaves.TryGetValue(id, out var existing) ? existing : (Values: values, Actual: 0m, Expected: 0m);
            leaves[id] = isActual
                ? (values, current.Actual + cell.Measures.WonAmount, current.Expected)
                : (values, current.Actual, current.Expected + cell.Measures.WonAmount * factor);
        }

        return RootCauseLocalizer.Localize(new LocalizationInput(dimensions,
            [.. leaves.Values.Select(l => new CubeLeaf(l.Values, (double)l.Actual, (double)l.Expected))]));
    }

    private static DateOnly MinDate(DateOnly a, DateOnly b) => a < b ? a : b;

    private static Subject Resolve(AnalysisRequest request, Hierarchy hierarchy)
    {
        var s = request.Subject;
        if (s.RepId is { } rep)
        {
            var person = hierarchy.Person(rep);
            return new Subject(person?.Name ?? rep, QueryFocus.Reps([rep]), null, [rep], rep);
        }

        if (s.ManagerId is { } manager)
        {
            var line = hierarchy.ReportingLine(manager);
            return new Subject($"{hierarchy.PersonName(manager)}'s team", QueryFocus.Reps(line), null, [.. line], null);
        }

        if (s.TerritoryId is { } territory)
        {
            return new Subject(hierarchy.TerritoryName(territory), QueryFocus.Territories(hierarchy.Subtree(territory)), territory, null, null);
        }

        if (hierarchy.DefaultRoot(request.Access) is { } root)
        {
            return new Subject(hierarchy.TerritoryName(root), QueryFocus.Everything, root, null, null);
        }

        // A manager's or rep's own view: their reps.
        return new Subject(request.Access.Description, QueryFocus.Everything, null, request.Access.RepIds, null);
    }

    /// <summary>The resolved subject: a name for people, the SQL focus, the territory it rolls up under, or its reps.</summary>
    private sealed record Subject(string Name, QueryFocus Focus, string? RootTerritoryId, IReadOnlyList<string>? RepIds, string? RepId);
}
