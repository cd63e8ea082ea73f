using System.Globalization;
using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Analysis.Deals;
using SalesOpsBot.Analysis.Pipeline;
using SalesOpsBot.Conversation.Answers;
using SalesOpsBot.Digests.Delivery;
using SalesOpsBot.Warehouse.Access;
using SalesOpsBot.Warehouse.Insights;

namespace SalesOpsBot.Digests.Content;

/// <summary>
/// Who the digest is for and about: <see cref="Access"/> is the recipient's scope resolved at send time (never widened by
/// <see cref="TerritoryId"/>, which only narrows); <see cref="PreviousDigest"/> starts "changes since the previous digest"
/// (a week before <see cref="AsOf"/> when null).
/// </summary>
public sealed record DigestRequest(AccessScope Access, string? TerritoryId, DateOnly AsOf, DateOnly? PreviousDigest = null);

/// <summary>
/// The Monday forecast pack as an <see cref="AnswerDocument"/> (intent <see cref="DigestIntents.ForecastDigest"/>): attainment
/// to date against quota and against linear pace, the forecast roll-up with the projected landing, the quarter's pipeline
/// changes since the previous digest, the top movers since then, measures unusual against the scope's own history at the
/// same point of the quarter, the open deals at risk and two suggested questions, with a short text. Every figure comes from a query run under
/// the recipient's scope.
/// </summary>
public sealed class DigestComposer(SalesAnalytics analytics, PipelineQueries pipeline, FiscalCalendar calendar)
{
    private const int RiskDealsShown = 5;

    public async Task<DigestContent> ComposeAsync(DigestRequest request, CancellationToken cancellationToken)
    {
        var period = calendar.QuarterContaining(request.AsOf);
        var answerPeriod = new AnswerPeriod(period.Label, period.Start, period.End);
        if (request.Access.IsEmpty)
        {
            return Empty(request, answerPeriod, "You have no access to sales data any more, so this digest is empty.");
        }

        var hierarchy = await analytics.HierarchyAsync(request.Access, cancellationToken);
        if (request.TerritoryId is { } territory && hierarchy.Territory(territory) is null)
        {
            // The subscription names a territory the recipient can no longer see: say so rather than show it.
            return Empty(request, answerPeriod, $"You no longer have access to {territory}, so this digest is empty. Reply \"stop the digest\" to cancel it.");
        }

        var subject = request.TerritoryId is { } id ? new AnalysisSubject(TerritoryId: id) : AnalysisSubject.Everything;
        var analysis = new AnalysisRequest(request.Access, subject, period, request.AsOf, calendar);
        var view = await analytics.AttainmentAsync(analysis, cancellationToken);
        var forecast = await analytics.ForecastAsync(analysis, cancellationToken);
        var deals = await analytics.DealsAsync(analysis, cancellationToken);

        var from = request.PreviousDigest is { } previous && previous < request.AsOf ? previous : request.AsOf.AddDays(-7);
        var focus = request.TerritoryId is { } root ? QueryFocus.Territories(hierarchy.Subtree(root)) : QueryFocus.Everything;
        var waterfall = await pipeline.WaterfallAsync(request.Access, focus, period, from, request.AsOf, DealFilters.None, cancellationToken);

        var metrics = view.Metrics;
        var elapsed = Math.Clamp(request.AsOf.DayNumber - period.Start.DayNumber + 1, 0, Days(period));

        // Top movers: the same quarter's breakdown as of the previous digest; unusual: the same point of the four quarters before.
        var before = from >= period.Start ? (await analytics.AttainmentAsync(analysis with { AsOf = from }, cancellationToken)).Breakdown : [];
        var movers = DigestSignals.TopMovers(view.Breakdown, before);
        var samePoint = new List<Analysis.Metrics.SalesMetrics>();
        foreach (var quarter in Enumerable.Range(1, 4).Select(i => calendar.QuarterOffset(period.Start, -i)))
        {
            var point = quarter.Start.AddDays(Math.Clamp(elapsed - 1, 0, quarter.Days - 1));
            samePoint.Add((await analytics.AttainmentAsync(analysis with { Period = quarter, AsOf = point }, cancellationToken)).Metrics);
        }

        var unusual = DigestSignals.Unusual(metrics, samePoint);
        var paceShare = (decimal)elapsed / Days(period);
        var expectedToDate = Math.Round(metrics.Quota * paceShare, 2);
        var paceGap = metrics.Bookings - expectedToDate;
        var runRateProjection = elapsed > 0 ? Math.Round(metrics.Bookings / paceShare, 2) : 0m;
        var projection = forecast.Projection;
        var top = forecast.Nodes.FirstOrDefault(n => n.Depth == 0);
        var commitCall = top?.CommitCall ?? forecast.Metrics.Bookings;
        var bestCaseCall = top?.BestCaseCall ?? forecast.Metrics.Bookings;
        var risks = deals.Risks.OrderByDescending(r => r.Deal.Amount).ToList();

        var figures = Figures.MetricsOf(metrics);
        figures["pace_expected_to_date"] = expectedToDate;
        figures["pace_gap"] = paceGap;
        figures["pace_share"] = Math.Round(paceShare, 4);
        figures["commit_call"] = commitCall;
        figures["best_case_call"] = bestCaseCall;
        figures["run_rate_projection"] = runRateProjection;
        if (projection is not null)
        {
            figures["projection"] = projection.Expected;
            figures["projection_low"] = projection.Low;
            figures["projection_high"] = projection.High;
        }

        foreach (var mover in movers)
        {
            figures[$"booked_since_{mover.Key}"] = mover.BookedSince;
        }

        foreach (var change in unusual)
        {
            figures[$"unusual_{change.Measure}"] = change.Current;
            figures[$"unusual_{change.Measure}_history_low"] = change.HistoryLow;
            figures[$"unusual_{change.Measure}_history_high"] = change.HistoryHigh;
        }
        figures["changes_start"] = waterfall.StartPipeline;
        figures["changes_end"] = waterfall.EndPipeline;
        figures["changes_created"] = waterfall.Created;
        figures["changes_won"] = waterfall.Won;
        figures["changes_lost"] = waterfall.Lost;
        figures["changes_slipped_out"] = waterfall.SlippedOut;
        figures["deals_at_risk"] = risks.Count;
        figures["amount_at_risk"] = risks.Sum(r => r.Deal.Amount);

        var name = view.SubjectName;
        var document = new AnswerDocument
        {
            Question = $"{name} forecast digest",
            Intent = DigestIntents.ForecastDigest,
            Scope = new AnswerScope { Territory = request.TerritoryId },
            Period = answerPeriod,
            AsOf = request.AsOf,
            Metrics = figures,
            Breakdown = [.. view.Breakdown.Select(b => new AnswerBreakdownRow
            {
                Dimension = b.Dimension.ToString().ToLowerInvariant(),
                Value = b.Name,
                Bookings = b.Metrics.Bookings,
                Quota = b.Metrics.Quota,
                Attainment = Figures.Round(b.Metrics.Attainment),
            })],
            Deals = [.. risks.Take(RiskDealsShown).Select(ToDeal)],
            Answer = Text(name, request.AsOf, metrics.Bookings, metrics.Quota, metrics.Attainment, paceGap, commitCall, bestCaseCall, runRateProjection, from, waterfall, risks)
                + Signals(projection, from, movers, unusual),
            Followups = SuggestedQuestions(name, paceGap, risks),
            Chart = new AnswerChart("waterfall", $"{name}: {period.Label} pipeline since {Figures.Date(from)}", WaterfallPoints(waterfall)),
            Provenance = new Provenance { Definitions = ["Linear pace: quota × elapsed share of the quarter's days.", "Run-rate projection: bookings to date ÷ elapsed share."] },
        };
        return new DigestContent(document, document.Answer)
        {
            TrackedDeals = [.. deals.Deals.Select(d => new TrackedDeal(d.OpportunityId, d.Name, d.Amount, d.CloseDate, d.IsClosed, d.IsWon))],
        };
    }

    private static int Days(FiscalPeriod period) => period.End.DayNumber - period.Start.DayNumber + 1;

    private static string Text(string name, DateOnly asOf, decimal bookings, decimal quota, double? attainment, decimal paceGap, decimal commit, decimal bestCase,
        decimal projection, DateOnly from, WaterfallSteps waterfall, List<DealRisk> risks)
    {
        var lines = new List<string>
        {
            $"{name}, as of {Figures.Date(asOf)}: {Figures.Money(bookings)} booked, {Figures.Percent(attainment)} of {Figures.Money(quota)} quota, " +
            $"{Figures.WithSign(paceGap)} vs linear pace.",
            $"Forecast: commit {Figures.Money(commit)}, best case {Figures.Money(bestCase)}, run-rate projection {Figures.Money(projection)}.",
            $"Pipeline since {Figures.Date(from)}: {Figures.Money(waterfall.StartPipeline)} → {Figures.Money(waterfall.EndPipeline)} " +
            $"(created {Figures.WithSign(waterfall.Created)}, won {Figures.WithSign(waterfall.Won)}, lost {Figures.WithSign(waterfall.Lost)}, slipped {Figures.WithSign(waterfall.SlippedOut)}).",
        };
        lines.Add(risks.Count == 0
            ? "No open deals flagged at risk."
            : $"{Analysis.Formatting.Money.Count(risks.Count, "deal")} at risk worth {Figures.Money(risks.Sum(r => r.Deal.Amount))}; largest: " +
              $"{risks[0].Deal.Name} ({Figures.Money(risks[0].Deal.Amount)}, {string.Join("; ", risks[0].Reasons)}).");
        return string.Join('\n', lines);
    }

    private static string Signals(Analysis.Forecast.LandingProjection? projection, DateOnly from, IReadOnlyList<Mover> movers, IReadOnlyList<UnusualChange> unusual)
    {
        var lines = new List<string>();
        if (projection is not null)
        {
            lines.Add($"Projected landing from past conversion: {Figures.Money(projection.Expected)} (likely {Figures.Money(projection.Low)}–{Figures.Money(projection.High)}).");
        }

        if (movers.Count > 0)
        {
            lines.Add($"Top movers since {Figures.Date(from)}: " + string.Join(", ", movers.Select(m =>
                $"{m.Name} {Figures.WithSign(m.BookedSince)} booked" + (m.AttainmentPointsGained is { } points ? $" ({points:+0;−0} pts)" : ""))) + ".");
        }

        foreach (var change in unusual)
        {
            var what = change.Measure == "bookings" ? "Bookings to date" : "Pipeline created to date";
            lines.Add($"Unusual: {what} {Figures.Money(change.Current)} is {(change.IsHigh ? "above" : "below")} every one of the last four quarters at this point " +
                $"({Figures.Money(change.HistoryLow)}–{Figures.Money(change.HistoryHigh)}).");
        }

        return lines.Count == 0 ? "" : "\n" + string.Join('\n', lines);
    }

    private static List<string> SuggestedQuestions(string name, decimal paceGap, List<DealRisk> risks) =>
    [
        paceGap < 0 ? $"Why is {name} behind this quarter?" : $"What is driving {name} this quarter?",
        risks.Count > 0 ? $"Which deals slipped in {name}?" : $"What changed in {name}'s pipeline this week?",
    ];

    private static ChartPoint[] WaterfallPoints(WaterfallSteps w) =>
    [
        new("Start", w.StartPipeline),
        new("Created", w.Created),
        new("Pulled in", w.PulledIn),
        new("Won", w.Won),
        new("Lost", w.Lost),
        new("Slipped out", w.SlippedOut),
        new("Amount changes", w.AmountChanges),
        new("Category in", w.CategoryMovesIn),
        new("Category out", w.CategoryMovesOut),
        new("End", w.EndPipeline),
    ];

    private static AnswerDeal ToDeal(DealRisk risk) => new()
    {
        OpportunityId = risk.Deal.OpportunityId,
        Name = risk.Deal.Name,
        Account = risk.Deal.AccountName,
        Owner = risk.Deal.OwnerName,
        Amount = risk.Deal.Amount,
        Stage = risk.Deal.Stage,
        CloseDate = risk.Deal.CloseDate,
        Flag = risk.Flags.Count > 0 ? SnakeCase(risk.Flags[0].ToString()) : null,
    };

    private static string SnakeCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString(CultureInfo.InvariantCulture)));

    private static DigestContent Empty(DigestRequest request, AnswerPeriod period, string text)
    {
        var document = new AnswerDocument
        {
            Question = "forecast digest",
            Intent = DigestIntents.ForecastDigest,
            Scope = new AnswerScope { Territory = request.TerritoryId },
            Period = period,
            AsOf = request.AsOf,
            Answer = text,
        };
        return new DigestContent(document, text);
    }
}

/// <summary>Intents of the digest documents (added to the answer document's intents; cards may render them specially).</summary>
public static class DigestIntents
{
    public const string ForecastDigest = "digest";
}
