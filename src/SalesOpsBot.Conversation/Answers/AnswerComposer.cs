using System.Globalization;
using System.Text;
using SalesOpsBot.Analysis.Bridge;
using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Analysis.Deals;
using SalesOpsBot.Analysis.Metrics;
using SalesOpsBot.Conversation.Assistant;
using SalesOpsBot.Conversation.Routing;
using SalesOpsBot.Warehouse.Doctor;
using SalesOpsBot.Warehouse.Insights;
using SalesOpsBot.Warehouse.Querying;

namespace SalesOpsBot.Conversation.Answers;

/// <summary>
/// Writes answer documents and their deterministic narrative: the headline numbers formatted for people, the two
/// or three drivers that matter with their amounts, the deals by name, one suggested next question, and the
/// caveats that affect the answer. Numbers only ever come from the analyses' results.
/// </summary>
public static partial class AnswerComposer
{
    public static readonly IReadOnlyList<string> ExampleQuestions =
    [
        "Why did EMEA miss last quarter?",
        "How are we tracking this quarter?",
        "Are we going to make the number?",
        "Show me Alex Morgan's pipeline",
        "What slipped last quarter?",
        "Compare EMEA and APAC",
        "How do you calculate coverage?",
    ];

    public static AnswerDocument Explain(AnswerContext context, AttainmentExplanation explanation)
    {
        var view = explanation.View;
        var bridge = explanation.Bridge;
        var metrics = view.Metrics;
        var text = new StringBuilder();
        var verb = bridge.Gap >= 0 ? "beat" : "missed";
        var againstForecast = bridge.Baseline == BaselineKind.ForecastAtStart;
        if (againstForecast)
        {
            var difference = bridge.Gap >= 0 ? $"{Figures.Money(bridge.Gap)} above it" : $"{Figures.Money(-bridge.Gap)} short of it";
            text.Append(CultureInfo.InvariantCulture, $"{view.SubjectName} {verb} the forecast at the start of {view.Period.Label}: booked {Figures.Money(metrics.Bookings)} against a start-of-quarter forecast of {Figures.Money(bridge.Plan)} (commit plus half the best case due in the quarter), {difference}; ");
            text.Append(CultureInfo.InvariantCulture, $"quota was {Figures.Money(metrics.Quota)} ({Figures.Percent(metrics.Attainment)}).");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"{view.SubjectName} {verb} {Period(view)}: booked {Figures.Money(metrics.Bookings)} against {Figures.Money(metrics.Quota)} ");
            text.Append(CultureInfo.InvariantCulture, $"({Figures.Percent(metrics.Attainment)}), {Figures.VsQuota(metrics.Gap)}.");
        }

        // The bridge lists drivers most harmful first; a beat's main drivers are the largest positive ones, at the end.
        var drivers = bridge.Drivers
            .Where(d => d.Mechanism != Analysis.Bridge.Mechanism.Other && Math.Sign(d.Impact) == Math.Sign(bridge.Gap) && d.Impact != 0)
            .OrderByDescending(d => Math.Abs(d.Impact))
            .Take(3)
            .ToList();
        if ((explanation.Locations.Count > 0 ? explanation.Locations[0] : null) is { } top && top.ShareOfGap >= 0.2)
        {
            text.Append(' ').Append(top.Sentence(context.Vocabulary(top.Value))).Append('.');
        }
        else if (explanation.Localization.IsBroadBased && bridge.Gap != 0)
        {
            text.Append(" The ").Append(bridge.Gap < 0 ? "miss" : "beat").Append(" is broad-based: no single territory, segment or product explains most of it.");
        }

        if (drivers.Count > 0)
        {
            text.Append(" Main drivers: ")
                .Append(string.Join("; ", drivers.Select(d => $"{MechanismText(d.Mechanism)} {Figures.WithSign(d.Impact)} ({d.Detail})")))
                .Append('.');
        }

        var slipped = explanation.Deals.Slipped.Take(2).ToList();
        if (bridge.Gap < 0 && slipped.Count > 0)
        {
            text.Append(' ').Append(slipped.Count == 1 ? "Largest deal that slipped out: " : "Largest deals that slipped out: ")
                .Append(string.Join(", ", slipped.Select(d => $"{d.Deal.Name} ({Figures.Money(d.Deal.AmountAtStart)}, {d.Deal.OwnerName})")))
                .Append('.');
        }
        else if (bridge.Gap > 0 && explanation.Deals.LargestWon.Count > 0 && explanation.Deals.LargestWon[0] is { } largest)
        {
            text.Append(CultureInfo.InvariantCulture, $" Largest win: {largest.Deal.Name} ({Figures.Money(largest.Deal.Amount)}, {largest.Deal.OwnerName}).");
        }

        var caveats = new List<string>();
        if (view.PeriodInProgress)
        {
            caveats.Add($"{view.Period.Label} is still in progress; the bridge compares bookings so far with the full quota.");
        }

        if (againstForecast)
        {
            caveats.Add("Baseline: the forecast at the start of the quarter (Commit plus half of Best Case among deals due in it), reconstructed from the opportunity history.");
        }

        if (metrics.Quota == 0)
        {
            caveats.Add($"{view.SubjectName} has no quota for {view.Period.Label}, so attainment is undefined.");
        }

        var followups = new List<string>();
        if ((explanation.Locations.Count > 0 ? explanation.Locations[0] : null) is { } drill && context.Hierarchy.Territory(drill.Value) is not null)
        {
            followups.Add($"Drill into {context.Vocabulary(drill.Value)}");
        }

        if (explanation.Deals.Slipped.Count > 0)
        {
            followups.Add("Show the slipped deals");
        }

        followups.Add("Compare with the same quarter last year");
        text.Append(" Next, ask: \"").Append(followups[0]).Append('"');

        var breakdownDimension = (explanation.Locations.Count > 0 ? explanation.Locations[0] : null)?.Dimension ?? Dimension.Territory;
        return Document(context, view.Period, text.ToString()) with
        {
            Metrics = againstForecast ? new Dictionary<string, decimal?>(Figures.MetricsOf(metrics)) { ["forecast_at_start"] = bridge.Plan, ["gap_to_forecast"] = bridge.Gap } : Figures.MetricsOf(metrics),
            Drivers = [.. bridge.Drivers.Select(d => new AnswerDriver(d.MechanismName, DimensionName(d.Dimension), d.Value is null ? null : context.Vocabulary(d.Value), d.Impact, d.Detail))],
            Breakdown = [.. explanation.Locations.Take(6).Select(l => new AnswerBreakdownRow
            {
                Dimension = DimensionName(breakdownDimension)!,
                Value = context.Vocabulary(l.Value),
                Measures = new Dictionary<string, decimal?> { ["gap"] = l.Gap, ["share_of_gap"] = Figures.Round(l.ShareOfGap), ["main_impact"] = l.MainImpact },
            })],
            // The deals the narrative names come first, so every deal it mentions is in the document.
            Deals = [.. NamedDeals(bridge.Gap, explanation).Concat(explanation.Deals.All(8)).DistinctBy(d => d.Deal.OpportunityId).Take(8).Select(d => Deal(d.Deal, Flag(d.Role)))],
            Chart = new AnswerChart("waterfall", $"{view.SubjectName} {view.Period.Label}: {(againstForecast ? "start-of-quarter forecast" : "quota")} to bookings",
                [new ChartPoint(againstForecast ? "Forecast at start" : "Quota", bridge.Plan), .. bridge.Drivers.Where(d => d.Impact != 0).Select(d => new ChartPoint(MechanismText(d.Mechanism), d.Impact)), new ChartPoint("Bookings", bridge.Bookings)]),
            Followups = followups,
            Caveats = caveats,
            Provenance = Provenance(context, ["bookings", "quota", "attainment", "gap", "win_rate", "slipped", "pulled_in", "pipeline_created"]),
        };
    }

    private static IEnumerable<DealImpact> NamedDeals(decimal gap, AttainmentExplanation explanation) =>
        gap < 0 ? explanation.Deals.Slipped.Take(2) : gap > 0 ? explanation.Deals.LargestWon.Take(1) : [];

    public static AnswerDocument Attainment(AnswerContext context, AttainmentView view)
    {
        var m = view.Metrics;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{view.SubjectName} {(view.PeriodInProgress ? "has booked" : "booked")} {Figures.Money(m.Bookings)} {(view.PeriodInProgress ? "so far in" : "in")} {view.Period.Label}");
        text.Append(m.Quota > 0 ? $" against {Figures.Money(m.Quota)} ({Figures.Percent(m.Attainment)}), {Figures.VsQuota(m.Gap)}." : " (no quota set).");
        text.Append(CultureInfo.InvariantCulture, $" Win rate {Figures.Percent(m.WinRateByCount)}, average deal {(m.AverageDealSize is { } size ? Figures.Money(size) : "n/a")}, cycle {Figures.Days(m.SalesCycleDays)}.");
        decimal? pace = null;
        if (view.PeriodInProgress)
        {
            pace = LinearPace(view, context.Turn.AsOf);
            text.Append(CultureInfo.InvariantCulture, $" Linear pace to date would be {Figures.Money(pace.Value)}; open pipeline for the rest of the quarter {Figures.Money(m.OpenPipeline)} (coverage {Figures.Ratio(m.Coverage)}).");
        }

        var behind = view.Breakdown.Where(b => b.Metrics.Quota > 0).OrderBy(b => b.Metrics.Attainment).FirstOrDefault();
        var ahead = view.Breakdown.Where(b => b.Metrics.Quota > 0).OrderByDescending(b => b.Metrics.Attainment).FirstOrDefault();
        if (behind is not null && ahead is not null && behind != ahead)
        {
            text.Append(CultureInfo.InvariantCulture, $" Furthest behind: {behind.Name} at {Figures.Percent(behind.Metrics.Attainment)}; furthest ahead: {ahead.Name} at {Figures.Percent(ahead.Metrics.Attainment)}.");
        }

        var followup = behind is not null ? $"Why did {behind.Name} {(view.PeriodInProgress ? "fall behind" : "miss")}?" : "Show the top deals";
        text.Append(" Next, ask: \"").Append(followup).Append('"');
        return Document(context, view.Period, text.ToString()) with
        {
            Metrics = new Dictionary<string, decimal?>(Figures.MetricsOf(m)) { ["linear_pace"] = pace },
            Breakdown = Breakdown(view),
            Chart = new AnswerChart("bar", $"Attainment by {DimensionName((view.Breakdown.Count > 0 ? view.Breakdown[0].Dimension : (Dimension?)null) ?? Dimension.Territory)}, {view.Period.Label}",
                [.. view.Breakdown.Where(b => b.Metrics.Attainment is not null).Take(12).Select(b => new ChartPoint(b.Name, Figures.Round(b.Metrics.Attainment) ?? 0))],
                ChartUnits.Ratio),
            Followups = [followup, "Show the top deals", "How is the trend over the last quarters?"],
            Caveats = m.Quota == 0 ? [$"No quota for {view.SubjectName} in {view.Period.Label}: attainment is undefined."] : [],
            Provenance = Provenance(context, ["bookings", "quota", "attainment", "gap", "win_rate", "average_deal_size", "sales_cycle"]),
        };
    }

    public static AnswerDocument Pipeline(AnswerContext context, AttainmentView view)
    {
        var m = view.Metrics;
        var remaining = Math.Max(m.Quota - m.Bookings, 0m);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{view.SubjectName} has {Figures.Money(m.OpenPipeline)} of open pipeline due in the rest of {view.Period.Label}");
        text.Append(remaining > 0
            ? $" against {Figures.Money(remaining)} still to book: coverage {Figures.Ratio(m.Coverage)}."
            : $"; quota ({Figures.Money(m.Quota)}) is already reached with {Figures.Money(m.Bookings)} booked.");
        text.Append(CultureInfo.InvariantCulture, $" Pipeline created in the quarter: {Figures.Money(m.PipelineCreated)}; slipped out so far: {Figures.Money(m.Slipped)}.");
        var thinnest = view.Breakdown.Where(b => b.Metrics.Coverage is not null).OrderBy(b => b.Metrics.Coverage).FirstOrDefault();
        if (thinnest is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" Thinnest coverage: {thinnest.Name} at {Figures.Ratio(thinnest.Metrics.Coverage)}.");
        }

        var followup = thinnest is not null ? $"Show {thinnest.Name}'s pipeline" : "Which deals are at risk?";
        text.Append(" Next, ask: \"").Append(followup).Append('"');
        return Document(context, view.Period, text.ToString()) with
        {
            Metrics = Figures.MetricsOf(m),
            Breakdown = Breakdown(view),
            Chart = new AnswerChart("bar", $"Open pipeline by {DimensionName((view.Breakdown.Count > 0 ? view.Breakdown[0].Dimension : (Dimension?)null) ?? Dimension.Territory)}, rest of {view.Period.Label}",
                [.. view.Breakdown.Take(12).Select(b => new ChartPoint(b.Name, b.Metrics.OpenPipeline))]),
            Followups = [followup, "Which deals are at risk?", "Are we going to make the number?"],
            Provenance = Provenance(context, ["open_pipeline", "coverage", "pipeline_created", "slipped"]),
        };
    }

    public static AnswerDocument Forecast(AnswerContext context, ForecastView view)
    {
        var m = view.Metrics;
        var root = view.Nodes.Count > 0 ? view.Nodes[0] : null;
        var text = new StringBuilder();
        if (root is null)
        {
            text.Append(CultureInfo.InvariantCulture, $"{view.SubjectName} has booked {Figures.Money(m.Bookings)} of {Figures.Money(m.Quota)} in {view.Period.Label}, with {Figures.Money(m.OpenPipeline)} still open.");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"{view.SubjectName} {view.Period.Label}: won {Figures.Money(root.Won)}, commit call {Figures.Money(root.CommitCall)}, best case {Figures.Money(root.BestCaseCall)} against quota {Figures.Money(root.Quota)}. ");
            text.Append(root.GapToQuota >= 0
                ? $"The commit covers the number with {Figures.Money(root.GapToQuota)} to spare."
                : $"The commit is {Figures.Money(-root.GapToQuota)} short; best case {(root.BestCaseCall >= root.Quota ? "would reach it" : "would not reach it either")}.");
            var weakest = view.Nodes.Where(n => n.Depth == 1 && n.Quota > 0).OrderBy(n => n.GapToQuota).FirstOrDefault();
            if (weakest is not null && weakest.GapToQuota < 0)
            {
                text.Append(CultureInfo.InvariantCulture, $" Biggest commit gap: {weakest.Name} ({Figures.Money(weakest.GapToQuota)}).");
            }
        }

        if (view.Projection is { } projection)
        {
            text.Append(CultureInfo.InvariantCulture, $" At the conversion of the last four quarters from the same point, the quarter lands near {Figures.Money(projection.Expected)} (range {Figures.Money(projection.Low)}–{Figures.Money(projection.High)})");
            text.Append(m.Quota > 0 ? $", {Figures.Percent((double)(projection.Expected / m.Quota))} of quota." : ".");
        }

        if (view.Accuracy is { Count: > 0 } accuracy && Analysis.Forecast.ForecastProjection.Summarize(accuracy) is { MeanAbsoluteError: { } error })
        {
            text.Append(CultureInfo.InvariantCulture, $" The commit call at this point was off by {Figures.Percent(error)} on average over those quarters.");
        }

        text.Append(" Next, ask: \"Which deals are at risk?\"");
        return Document(context, view.Period, text.ToString()) with
        {
            Metrics = new Dictionary<string, decimal?>(Figures.MetricsOf(m))
            {
                ["projection"] = view.Projection?.Expected,
                ["projection_low"] = view.Projection?.Low,
                ["projection_high"] = view.Projection?.High,
                ["projection_attainment"] = view.Projection is { } landing && m.Quota > 0 ? Figures.Round((double)(landing.Expected / m.Quota)) : null,
                ["forecast_error"] = view.Accuracy is { Count: > 0 } a ? Figures.Round(Analysis.Forecast.ForecastProjection.Summarize(a).MeanAbsoluteError) : null,
                ["commit"] = root?.Commit,
                ["best_case"] = root?.BestCase,
                ["commit_call"] = root?.CommitCall,
                ["best_case_call"] = root?.BestCaseCall,
                ["gap_to_quota"] = root?.GapToQuota,
            },
            Breakdown = [.. view.Nodes.Where(n => n.Depth == 1).Select(n => new AnswerBreakdownRow
            {
                Dimension = "territory",
                Value = n.Name,
                Bookings = n.Won,
                Quota = n.Quota,
                Attainment = n.Quota > 0 ? Figures.Round((double)(n.Won / n.Quota)) : null,
                Measures = new Dictionary<string, decimal?> { ["commit"] = n.Commit, ["best_case"] = n.BestCase, ["pipeline"] = n.Pipeline, ["commit_call"] = n.CommitCall, ["gap_to_quota"] = n.GapToQuota, ["coverage"] = Figures.Round(n.Coverage) },
            })],
            Chart = root is null ? null : new AnswerChart("bar", $"Forecast {view.Period.Label}",
                [new ChartPoint("Won", root.Won), new ChartPoint("Commit", root.Commit), new ChartPoint("Best case", root.BestCase), new ChartPoint("Pipeline", root.Pipeline), new ChartPoint("Quota", root.Quota)]),
            Followups = ["Which deals are at risk?", "How much pipeline do we have?", "Why did we miss last quarter?"],
            Provenance = Provenance(context, ["bookings", "quota", "commit", "best_case", "coverage"]),
        };
    }

    public static AnswerDocument Deals(AnswerContext context, DealView view)
    {
        var flag = context.Routed.DealFlag;
        var lists = view.Lists;
        IReadOnlyList<(DealRecord Deal, string Flag)> deals = flag switch
        {
            DealFlags.Slipped or DealFlags.Pushed => [.. lists.Slipped.Select(d => (d.Deal, "slipped"))],
            DealFlags.Lost => [.. lists.Lost.Select(d => (d.Deal, "lost"))],
            DealFlags.Won => [.. lists.LargestWon.Select(d => (d.Deal, "won"))],
            DealFlags.PulledIn => [.. lists.PulledIn.Select(d => (d.Deal, "pulled_in"))],
            _ when context.Routed.Question.Contains("risk", StringComparison.OrdinalIgnoreCase) => [.. view.Risks.Take(10).Select(r => (r.Deal, "at_risk"))],
            _ => [.. view.Deals.Where(d => !d.IsClosed || d.IsWon).OrderByDescending(d => d.Amount).Take(10).Select(d => (d, d.IsClosed ? "won" : "open"))],
        };
        var what = flag switch
        {
            DealFlags.Slipped or DealFlags.Pushed => "slipped out of",
            DealFlags.Lost => "were lost in",
            DealFlags.Won => "were won in",
            DealFlags.PulledIn => "were pulled into",
            _ => "are the largest in",
        };
        var total = deals.Sum(d => flag is DealFlags.Slipped or DealFlags.Pushed ? d.Deal.AmountAtStart : d.Deal.Amount);
        var text = new StringBuilder();
        if (deals.Count == 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"No deals of {view.SubjectName} {what} {view.Period.Label}.");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"{deals.Count} deal{(deals.Count == 1 ? "" : "s")} of {view.SubjectName} {what} {view.Period.Label} ({Figures.Money(total)} in all). ");
            text.Append("Largest: ").Append(string.Join("; ", deals.Take(3).Select(d => DealLine(d.Deal, d.Flag)))).Append('.');
        }

        var followup = flag is DealFlags.Slipped ? "Why did we miss?" : "Show the slipped deals";
        text.Append(" Next, ask: \"").Append(followup).Append('"');
        return Document(context, view.Period, text.ToString()) with
        {
            Metrics = new Dictionary<string, decimal?> { ["deals"] = deals.Count, ["amount"] = total },
            Deals = [.. deals.Select(d => Deal(d.Deal, d.Flag))],
            Followups = [followup, "Which deals are at risk?"],
            Provenance = Provenance(context, flag is null ? ["bookings"] : [flag]),
        };
    }

    public static AnswerDocument PipelineChanges(AnswerContext context, PipelineChangesView view)
    {
        var st = view.Steps;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{view.SubjectName}'s open pipeline for {view.Period.Label} went from {Figures.Money(st.StartPipeline)} on {Figures.Date(view.From)} to {Figures.Money(st.EndPipeline)} on {Figures.Date(view.To)}: ");
        var steps = new (string Label, decimal Amount)[]
        {
            ("created", st.Created), ("pulled in", st.PulledIn), ("won", st.Won), ("lost", st.Lost), ("slipped out", st.SlippedOut),
            ("amount changes", st.AmountChanges), ("moved in", st.CategoryMovesIn), ("moved out", st.CategoryMovesOut),
        };
        text.Append(string.Join(", ", steps.Where(p => p.Amount != 0).Select(p => $"{p.Label} {Figures.WithSign(p.Amount)}"))).Append('.');
        var slipped = view.Deals.Slipped.Take(2).ToList();
        if (slipped.Count > 0)
        {
            text.Append(" Largest slipped: ").Append(string.Join("; ", slipped.Select(d => DealLine(d.Deal, "slipped")))).Append('.');
        }

        text.Append(" Next, ask: \"Which deals are at risk?\"");
        return Document(context, view.Period, text.ToString()) with
        {
            Metrics = new Dictionary<string, decimal?>
            {
                ["start_pipeline"] = st.StartPipeline,
                ["created"] = st.Created,
                ["pulled_in"] = st.PulledIn,
                ["won"] = st.Won,
                ["lost"] = st.Lost,
                ["slipped_out"] = st.SlippedOut,
                ["amount_changes"] = st.AmountChanges,
                ["category_moves_in"] = st.CategoryMovesIn,
                ["category_moves_out"] = st.CategoryMovesOut,
                ["end_pipeline"] = st.EndPipeline,
            },
            Deals = [.. view.Deals.All(10).Select(d => Deal(d.Deal, Flag(d.Role)))],
            Chart = new AnswerChart("waterfall", $"{view.SubjectName} {view.Period.Label} pipeline, {Figures.Date(view.From)} to {Figures.Date(view.To)}",
                [new ChartPoint("Start", st.StartPipeline), .. steps.Where(p => p.Amount != 0).Select(p => new ChartPoint(p.Label, p.Amount)), new ChartPoint("End", st.EndPipeline)]),
            Followups = ["Which deals are at risk?", "Show the slipped deals"],
            Provenance = Provenance(context, ["pipeline", "slipped", "pulled_in", "pipeline_created"]),
        };
    }

    public static AnswerDocument RepPipeline(AnswerContext context, DealView view)
    {
        var open = view.Deals.Where(d => !d.IsClosed).OrderByDescending(d => d.Amount).ToList();
        if (context.Routed.DealFlag is DealFlags.Slipped or DealFlags.Pushed)
        {
            open = [.. open.Where(d => d.PushCount > 0 || (d.OpenAtStart && d.CloseDateAtStart is { } due && due < view.Period.Start))];
        }

        var risks = view.Risks.ToDictionary(r => r.Deal.OpportunityId, StringComparer.Ordinal);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{view.SubjectName} has {open.Count} open deal{(open.Count == 1 ? "" : "s")} due in {view.Period.Label} worth {Figures.Money(open.Sum(d => d.Amount))}");
        var byCategory = open.GroupBy(d => d.ForecastCategory).Select(g => $"{g.Key} {Figures.Money(g.Sum(d => d.Amount))}");
        text.Append(open.Count > 0 ? $" ({string.Join(", ", byCategory)})." : ".");
        var flagged = open.Where(d => risks.ContainsKey(d.OpportunityId)).Take(3).ToList();
        if (flagged.Count > 0)
        {
            text.Append(" At risk: ").Append(string.Join("; ", flagged.Select(d => $"{d.Name} ({Figures.Money(d.Amount)}, {string.Join(", ", risks[d.OpportunityId].Reasons)})"))).Append('.');
        }

        text.Append(" Next, ask: \"Only the slipped ones\"");
        return Document(context, view.Period, text.ToString()) with
        {
            Metrics = new Dictionary<string, decimal?>(open.GroupBy(d => d.ForecastCategory).ToDictionary(g => "open_in_" + Snake(g.Key), g => (decimal?)g.Sum(d => d.Amount)))
            {
                ["open_pipeline"] = open.Sum(d => d.Amount),
                ["deals"] = open.Count,
                ["at_risk"] = flagged.Count,
            },
            Deals = [.. open.Take(15).Concat(flagged).DistinctBy(d => d.OpportunityId).Select(d => Deal(d, risks.ContainsKey(d.OpportunityId) ? "at_risk" : "open"))],
            Followups = ["Only the slipped ones", "Why did they miss last quarter?"],
            Provenance = Provenance(context, ["open_pipeline"]),
        };
    }

    public static AnswerDocument Trend(AnswerContext context, IReadOnlyList<TrendPoint> points)
    {
        var metric = context.Routed.Metric ?? "bookings";
        decimal? Value(SalesMetrics m) => metric switch
        {
            "win_rate" => Figures.Round(m.WinRateByCount),
            "deal_size" => m.AverageDealSize,
            "pipeline" => m.PipelineCreated,
            "attainment" => Figures.Round(m.Attainment),
            "cycle" => Figures.Round(m.SalesCycleDays, 1),
            _ => m.Bookings,
        };
        string Show(decimal? v) => v is null ? "n/a" : metric is "win_rate" or "attainment" ? Figures.Percent((double)v) : metric == "cycle" ? $"{v:0} days" : Figures.Money(v.Value);
        var label = metric switch { "pipeline" => "pipeline created", "win_rate" => "win rate", "deal_size" => "average deal size", "cycle" => "sales cycle", _ => metric };
        var subject = context.Routed.TerritoryId is { } t ? context.Vocabulary(t) : context.Routed.RepId is { } r ? context.Vocabulary(r) : context.Access.Description;
        var text = $"{Capitalize(label)} for {subject}, quarter by quarter: " +
            string.Join(", ", points.Select(p => $"{p.Period.Label} {Show(Value(p.Metrics))}")) + ".";
        var last = points[^1].Period;
        return Document(context, last, text + " Next, ask: \"Why did we miss last quarter?\"") with
        {
            Metrics = Figures.MetricsOf(points[^1].Metrics),
            Breakdown = [.. points.Select(p => new AnswerBreakdownRow { Dimension = "quarter", Value = p.Period.Label, Bookings = p.Metrics.Bookings, Quota = p.Metrics.Quota, Attainment = Figures.Round(p.Metrics.Attainment) })],
            Chart = new AnswerChart("line", $"{Capitalize(label)} by quarter", [.. points.Select(p => new ChartPoint(p.Period.Label, Value(p.Metrics) ?? 0))],
                metric is "win_rate" or "attainment" ? ChartUnits.Ratio : metric == "cycle" ? ChartUnits.Days : ChartUnits.Currency),
            Followups = ["Why did we miss last quarter?", "How are we tracking this quarter?"],
            Provenance = Provenance(context, [metric]),
        };
    }

    public static AnswerDocument Compare(AnswerContext context, IReadOnlyList<AttainmentView> views)
    {
        var period = views[0].Period;
        var text = string.Join("; ", views.Select(v => $"{v.SubjectName} booked {Figures.Money(v.Metrics.Bookings)}" +
            (v.Metrics.Quota > 0 ? $" of {Figures.Money(v.Metrics.Quota)} ({Figures.Percent(v.Metrics.Attainment)})" : "") +
            $", win rate {Figures.Percent(v.Metrics.WinRateByCount)}"));
        var best = views.Where(v => v.Metrics.Attainment is not null).OrderByDescending(v => v.Metrics.Attainment).FirstOrDefault();
        var sentence = $"In {period.Label}: {text}." + (best is not null && views.Count > 1 ? $" {best.SubjectName} is ahead on attainment." : "");
        return Document(context, period, sentence) with
        {
            Metrics = Figures.MetricsOf(views[0].Metrics),
            Breakdown = [.. views.Select(v => new AnswerBreakdownRow
            {
                Dimension = "subject",
                Value = v.SubjectName,
                Bookings = v.Metrics.Bookings,
                Quota = v.Metrics.Quota,
                Attainment = Figures.Round(v.Metrics.Attainment),
                Measures = new Dictionary<string, decimal?> { ["win_rate"] = Figures.Round(v.Metrics.WinRateByCount), ["open_pipeline"] = v.Metrics.OpenPipeline, ["pipeline_created"] = v.Metrics.PipelineCreated },
            })],
            Chart = new AnswerChart("bar", $"Bookings, {period.Label}", [.. views.Select(v => new ChartPoint(v.SubjectName, v.Metrics.Bookings))]),
            Followups = [.. views.Where(v => v.Metrics.Gap < 0).Take(1).Select(v => $"Why did {v.SubjectName} miss?"), "How is the trend over the last quarters?"],
            Provenance = Provenance(context, ["bookings", "quota", "attainment", "win_rate"]),
        };
    }

    public static AnswerDocument DataQuality(AnswerContext context, DoctorReport report)
    {
        // Only the checks that run under the caller's scope are shown; contract and whole-warehouse counts are for admins (salesops doctor).
        var checks = report.Checks.Where(c => c.Area == "quality" && !c.Title.StartsWith("orphaned", StringComparison.Ordinal) && !c.Title.StartsWith("every reference", StringComparison.Ordinal)).ToList();
        var problems = checks.Where(c => c.Severity != CheckSeverity.Ok).ToList();
        var text = problems.Count == 0
            ? "No data-quality problems in your data: won deals are closed, open deals have future close dates, history is complete and every rep has quota."
            : "Data-quality problems that can affect answers: " + string.Join("; ", problems.Select(p => $"{p.Count:N0} {p.Title}" + (p.Examples is { Count: > 0 } e ? $" (e.g. {string.Join(", ", e.Take(3))})" : ""))) + ".";
        return Document(context, null, text) with
        {
            Metrics = problems.ToDictionary(p => p.Title, p => (decimal?)p.Count),
            Followups = ["Which deals are at risk?"],
            Caveats = [.. problems.Select(p => p.Title)],
        };
    }

    public static AnswerDocument Definition(AnswerContext context)
    {
        var metric = context.Routed.Metric ?? GuessMetric(context.Routed.Question);
        var definition = Definitions.GetValueOrDefault(metric ?? "", "I define bookings, quota, attainment, gap, pipeline, coverage, win rate, deal size, sales cycle, pipeline created, slipped, pulled in and commit. Ask \"how do you calculate coverage?\", for example.");
        return Document(context, null, definition) with
        {
            Followups = ["What's our coverage this quarter?", "What is the win rate?"],
            Provenance = new Provenance { Definitions = metric is null ? [] : [metric] },
        };
    }

    /// <summary>Example questions; <paramref name="intent"/> is <c>unknown</c> when the message was not understood.</summary>
    public static AnswerDocument Help(string question, DateOnly asOf, string lead, string intent = Intents.Help) => new()
    {
        Question = question,
        Intent = intent,
        AsOf = asOf,
        Answer = lead + " " + string.Join(" · ", ExampleQuestions.Select(q => $"\"{q}\"")),
        Followups = [.. ExampleQuestions.Take(4)],
    };

    public static AnswerDocument NoAccess(string question, DateOnly asOf, string reason) => new()
    {
        Question = question,
        Intent = Intents.Unknown,
        AsOf = asOf,
        Answer = reason,
    };

    public static AnswerDocument Clarify(AnswerContext context, Clarification clarification)
    {
        // A name the caller cannot see comes back without close matches; offer what they can ask about instead.
        if (clarification.Options.Count == 0)
        {
            clarification = clarification with { Options = Suggestions(context) };
        }

        return Document(context, null, clarification.Question + " " + string.Join(" / ", clarification.Options)) with
        {
            Clarification = clarification,
            Followups = [.. clarification.Options],
        };
    }

    /// <summary>The caller's top visible territories' children (or the tops themselves): names they can ask about.</summary>
    private static IReadOnlyList<string> Suggestions(AnswerContext context)
    {
        var hierarchy = context.Hierarchy;
        var tops = hierarchy.Territories.Where(t => t.ParentId is null || hierarchy.Territory(t.ParentId) is null).OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        var below = tops.SelectMany(t => hierarchy.ChildrenOf(t.TerritoryId)).ToList();
        return [.. (below.Count > 0 ? below : tops).Select(t => t.Name).Take(6)];
    }

    public static AnswerDocument UnknownNames(AnswerContext context)
    {
        var names = string.Join(", ", context.Routed.UnknownNames.Select(n => $"\"{n}\""));
        var suggestions = Suggestions(context);
        return Document(context, null, $"I don't know {names} among the territories and people you can see. " +
            (suggestions.Count > 0 ? $"Try a territory such as {string.Join(", ", suggestions.Take(4))}, or a rep's name." : "Try a rep's name."));
    }

    public static AnswerDocument FuturePeriod(AnswerContext context, FiscalPeriod period) =>
        Document(context, period, $"{period.Label} has not started yet (it starts {Figures.Date(period.Start)}), so there is nothing to explain. Ask about the forecast for it instead?") with
        {
            Followups = ["Are we going to make the number?"],
        };

    public static AnswerDocument Subscription(AnswerContext context, string confirmation) =>
        Document(context, null, confirmation) with
        {
            Followups = ["What am I subscribed to?", "Are we going to make the number?"],
        };

    public static AnswerDocument SubscriptionsUnavailable(AnswerContext context) =>
        Document(context, null, "Scheduled digests are not switched on in this installation yet, so I cannot set up or change subscriptions. You can ask the same question any time, e.g. \"Are we going to make the number?\"") with
        {
            Followups = ["Are we going to make the number?", "How are we tracking this quarter?"],
        };

    public static ProvenanceStatement Trace(ExecutedStatement statement) => new(
        statement.Text,
        statement.Parameters.ToDictionary(p => p.Key, p => Describe(p.Value), StringComparer.Ordinal),
        Math.Round(statement.Elapsed.TotalMilliseconds, 2),
        statement.FromCache);

    private static string? Describe(object? value) => value switch
    {
        null => null,
        string s => s,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
        System.Collections.IEnumerable list => "[" + string.Join(", ", list.Cast<object?>().Select(Describe)) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static AnswerDocument Document(AnswerContext context, FiscalPeriod? period, string answer)
    {
        var routed = context.Routed;
        return new AnswerDocument
        {
            Question = routed.Question,
            Intent = routed.Intent,
            Scope = new AnswerScope
            {
                // An answer with figures to a question that names nobody is about the caller's own top territory (a leader's region).
                Territory = (routed.TerritoryId ?? (period is not null && routed.RepId is null && routed.ManagerId is null && !routed.AboutCaller ? context.Hierarchy.DefaultRoot(context.Access) : null)) is { } t
                    ? context.Vocabulary(t)
                    : null,
                Rep = (routed.RepId ?? (routed.AboutCaller ? context.CallerRepId : null)) is { } r ? context.Vocabulary(r) : null,
                Manager = routed.ManagerId is { } m ? context.Vocabulary(m) : null,
                Filters = new AnswerFilters
                {
                    Segment = routed.Filters.Segment,
                    Product = routed.Filters.Product is { } p ? context.Vocabulary(p) : null,
                    Type = routed.Filters.Type,
                    LeadSource = routed.Filters.LeadSource,
                },
            },
            Period = period is null ? null : new AnswerPeriod(period.Label, period.Start, period.End),
            AsOf = context.Turn.AsOf,
            Answer = answer,
        };
    }

    private static Provenance Provenance(AnswerContext context, IReadOnlyList<string> definitions) => new()
    {
        Definitions = definitions,
        DataAsOf = new DateTimeOffset(context.Turn.AsOf.ToDateTime(new TimeOnly(23, 59, 59)), TimeSpan.Zero),
    };

    private static IReadOnlyList<AnswerBreakdownRow> Breakdown(AttainmentView view) =>
        [.. view.Breakdown.Select(b => new AnswerBreakdownRow
        {
            Dimension = DimensionName(b.Dimension)!,
            Value = b.Name,
            Bookings = b.Metrics.Bookings,
            Quota = b.Metrics.Quota,
            Attainment = Figures.Round(b.Metrics.Attainment),
            Measures = new Dictionary<string, decimal?>
            {
                ["open_pipeline"] = b.Metrics.OpenPipeline,
                ["coverage"] = Figures.Round(b.Metrics.Coverage),
                ["win_rate"] = Figures.Round(b.Metrics.WinRateByCount),
                ["pipeline_created"] = b.Metrics.PipelineCreated,
            },
        })];

    private static AnswerDeal Deal(DealRecord deal, string flag) => new()
    {
        OpportunityId = deal.OpportunityId,
        Name = deal.Name,
        Account = deal.AccountName,
        Owner = deal.OwnerName,
        Amount = flag == "slipped" ? deal.AmountAtStart : deal.Amount,
        Stage = deal.Stage,
        CloseDate = deal.CloseDate,
        Flag = flag,
    };

    private static string DealLine(DealRecord deal, string flag) => flag switch
    {
        "slipped" => $"{deal.Name} ({Figures.Money(deal.AmountAtStart)}, {deal.OwnerName}, was due {deal.CloseDateAtStart:yyyy-MM-dd}, now {deal.CloseDate:yyyy-MM-dd})",
        "lost" => $"{deal.Name} ({Figures.Money(deal.Amount)}, {deal.OwnerName}{(deal.LossReason is { Length: > 0 } reason ? $", lost to: {reason}" : "")})",
        _ => $"{deal.Name} ({Figures.Money(deal.Amount)}, {deal.OwnerName}, {deal.Stage})",
    };

    private static string Flag(DealRole role) => role switch
    {
        DealRole.Slipped => "slipped",
        DealRole.Lost => "lost",
        DealRole.PulledIn => "pulled_in",
        _ => "won",
    };

    private static string MechanismText(Mechanism mechanism) => mechanism.ToWireName().Replace('_', ' ');

    private static string? DimensionName(Dimension? dimension) => dimension switch
    {
        Dimension.Territory => "territory",
        Dimension.Segment => "segment",
        Dimension.Product => "product",
        Dimension.Type => "type",
        Dimension.LeadSource => "lead_source",
        Dimension.Rep => "rep",
        _ => null,
    };

    private static string Period(AttainmentView view) => view.PeriodInProgress ? $"{view.Period.Label} so far" : view.Period.Label;

    /// <summary>The share of quota a steady pace would have booked by <paramref name="asOf"/>.</summary>
    private static decimal LinearPace(AttainmentView view, DateOnly asOf)
    {
        var elapsed = Math.Clamp(asOf.DayNumber - view.Period.Start.DayNumber + 1, 0, view.Period.Days);
        return decimal.Round(view.Metrics.Quota * elapsed / view.Period.Days, 2);
    }

    private static string Snake(string text) => text.Trim().ToLowerInvariant().Replace(' ', '_').Replace('-', '_');

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
