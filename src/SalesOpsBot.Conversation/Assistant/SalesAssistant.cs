using SalesOpsBot.Analysis.Bridge;
using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Conversation.Answers;
using SalesOpsBot.Conversation.Routing;
using SalesOpsBot.Conversation.State;
using SalesOpsBot.Warehouse.Access;
using SalesOpsBot.Warehouse.Insights;
using SalesOpsBot.Warehouse.Querying;

namespace SalesOpsBot.Conversation.Assistant;

/// <summary>
/// Answers a message without a language model: resolves the caller's access from their identity, loads the names
/// they may ask about, routes the question (with what the conversation established before), runs the analyses
/// under that access scope and writes the answer document. Every number in it comes from a query result.
/// </summary>
public sealed class SalesAssistant(
    SqlRunner runner,
    FiscalCalendar calendar,
    IConversationStateStore state,
    IReadOnlyDictionary<string, string> aliases,
    QuestionRouter router,
    ISubscriptionService? subscriptions = null,
    AccessResolver? access = null) : ISalesAssistant
{
    private readonly SalesAnalytics _analytics = new(runner);
    private readonly AccessResolver _access = access ?? new(runner);
    private readonly VocabularyLoader _vocabulary = new(runner, aliases);

    public FiscalCalendar Calendar => calendar;

    public IConversationStateStore State => state;

    public async Task<AnswerDocument> AnswerAsync(AssistantTurn turn, CancellationToken cancellationToken)
    {
        var text = (turn.Text ?? "").Trim();
        if (text.Length == 0)
        {
            return AnswerComposer.Help(text, turn.AsOf, "Ask me about bookings, pipeline, forecast or deals — for example:");
        }

        if (text.Length > AssistantTurn.MaxTextLength)
        {
            return AnswerComposer.Help(text[..80] + "…", turn.AsOf,
                $"That message is {text.Length:N0} characters long; I answer questions of up to {AssistantTurn.MaxTextLength:N0}. Try one of these:", Intents.Unknown);
        }

        var grounding = await GroundAsync(turn, cancellationToken);
        if (grounding.Access.Scope.IsEmpty)
        {
            return AnswerComposer.NoAccess(text, turn.AsOf, grounding.Access.Denial ?? "You have no access to sales data.");
        }

        var previous = await state.LoadAsync(turn.ConversationId, turn.Principal, cancellationToken);
        var routed = router.Route(text, grounding.Vocabulary, previous, turn.AsOf, calendar);
        await state.SaveAsync(turn.ConversationId, turn.Principal, routed.Context, cancellationToken);

        var context = grounding.Context(routed, turn, calendar);
        var answer = await AnswerRoutedAsync(context, cancellationToken);
        return routed.WantsSql || turn.ShowSql
            ? answer with { Provenance = answer.Provenance with { Sql = [.. grounding.Trace.Statements.Select(AnswerComposer.Trace)] } }
            : answer;
    }

    /// <summary>
    /// What every answer of the turn is computed under: the caller's access (from <see cref="AssistantTurn.Principal"/>
    /// only), and the territories, people and names visible within it. The language-model path binds its plugins to this.
    /// </summary>
    public async Task<TurnGrounding> GroundAsync(AssistantTurn turn, CancellationToken cancellationToken)
    {
        var trace = new SqlTrace();
        var access = await _access.ResolveAsync([turn.Principal, turn.AlternateIdentity ?? ""], cancellationToken);
        if (access.Scope.IsEmpty)
        {
            return new TurnGrounding(access, new Hierarchy([], []), new Vocabulary([], new Dictionary<string, string>()), trace, null);
        }

        var hierarchy = await _analytics.HierarchyAsync(access.Scope, cancellationToken, trace);
        var vocabulary = await _vocabulary.LoadAsync(access.Scope, hierarchy, cancellationToken, trace);
        return new TurnGrounding(access, hierarchy, vocabulary, trace, CallerRepId(turn, hierarchy));
    }

    /// <summary>Runs the analysis a routed question asks for and composes its answer: the one dispatch the router and the plugins share.</summary>
    public async Task<AnswerDocument> AnswerRoutedAsync(AnswerContext context, CancellationToken cancellationToken)
    {
        var routed = context.Routed;
        if (routed.Clarification is { } clarification)
        {
            return AnswerComposer.Clarify(context, clarification);
        }

        if (routed.UnknownNames.Count > 0 && routed.TerritoryId is null && routed.RepId is null && routed.ManagerId is null)
        {
            return AnswerComposer.UnknownNames(context);
        }

        if (routed.PeriodInFuture && routed.Period is { } future)
        {
            return AnswerComposer.FuturePeriod(context, future);
        }

        if (routed.AboutCaller && context.CallerRepId is null && routed.Intent is Intents.RepPipeline or Intents.Pipeline or Intents.Attainment)
        {
            return AnswerComposer.Help(routed.Question, context.Turn.AsOf,
                "I could not find you among the reps, so I cannot tell what \"my\" means here. Ask about a territory or a rep by name, for example:");
        }

        return routed.Intent switch
        {
            Intents.ExplainAttainment => await ExplainAsync(context, cancellationToken),
            Intents.Attainment => AnswerComposer.Attainment(context, await _analytics.AttainmentAsync(Request(context, LastCompletedUnlessStated(context, current: true)), cancellationToken, BreakdownFor(context))),
            Intents.Pipeline => await WithStaleDealCaveatAsync(context,
                AnswerComposer.Pipeline(context, await _analytics.AttainmentAsync(Request(context, PipelinePeriod(context)), cancellationToken)), cancellationToken),
            Intents.Forecast => await WithStaleDealCaveatAsync(context,
                AnswerComposer.Forecast(context, await _analytics.ForecastAsync(Request(context, CurrentUnlessStated(context)), cancellationToken)), cancellationToken),
            Intents.PipelineChanges when context.Routed.DealFlag is null => await PipelineChangesAsync(context, cancellationToken),
            Intents.Deals or Intents.PipelineChanges => AnswerComposer.Deals(context, await _analytics.DealsAsync(Request(context, DealsPeriod(context)), cancellationToken)),
            Intents.RepPipeline => await WithStaleDealCaveatAsync(context,
                AnswerComposer.RepPipeline(context, await _analytics.DealsAsync(Request(context, CurrentUnlessStated(context)), cancellationToken)), cancellationToken),
            Intents.RepPerformance => AnswerComposer.RepPerformance(context, await _analytics.RepPerformanceAsync(Request(context, LastCompletedUnlessStated(context, current: true)), cancellationToken)),
            Intents.Trend => AnswerComposer.Trend(context, await _analytics.TrendAsync(Request(context, CurrentUnlessStated(context)), TrendPeriods(context), cancellationToken)),
            Intents.Compare => await CompareAsync(context, cancellationToken),
            Intents.Definition => AnswerComposer.Definition(context),
            Intents.DataQuality => await DataQualityAsync(context, cancellationToken),
            Intents.Subscribe or Intents.Unsubscribe when subscriptions is not null && context.Routed.Subscription is { } request =>
                AnswerComposer.Subscription(context, await subscriptions.HandleAsync(new SubscriptionCommand(
                    request, context.Turn.Principal, context.Turn.ConversationId, context.Routed.TerritoryId, context.Turn.TimeZone,
                    context.Routed.TerritoryId is { } territory ? context.Vocabulary(territory) : null), cancellationToken)),
            Intents.Subscribe or Intents.Unsubscribe => AnswerComposer.SubscriptionsUnavailable(context),
            Intents.Help => AnswerComposer.Help(routed.Question, context.Turn.AsOf, "Here is what you can ask me — for example:"),
            _ => AnswerComposer.Help(routed.Question, context.Turn.AsOf, "I did not understand that question. Here is what I can answer — for example:", Intents.Unknown),
        };
    }

    private async Task<AnswerDocument> ExplainAsync(AnswerContext context, CancellationToken cancellationToken)
    {
        var baseline = context.Routed.Baseline switch
        {
            Baselines.LastYear => BaselineKind.SameQuarterLastYear,
            Baselines.PriorQuarter => BaselineKind.PriorQuarter,
            Baselines.Forecast => BaselineKind.ForecastAtStart,
            _ => BaselineKind.TrailingFourQuarters,
        };
        var explanation = await _analytics.ExplainAttainmentAsync(Request(context, LastCompletedUnlessStated(context, current: false)), baseline, cancellationToken);
        return AnswerComposer.Explain(context, explanation);
    }

    /// <summary>
    /// Pipeline figures leave out open deals whose close date has passed (they are due in no period): a data-quality
    /// caveat says how many there are in the caller's data, so a leader knows what the figures do not show.
    /// </summary>
    private async Task<AnswerDocument> WithStaleDealCaveatAsync(AnswerContext context, AnswerDocument answer, CancellationToken cancellationToken)
    {
        var stale = await runner.QueryAsync<string>("Doctor/OpenDealsPastCloseDate", context.Access, new { asOf = context.Turn.AsOf }, cancellationToken, context.Trace);
        if (stale.Rows.Count == 0)
        {
            return answer;
        }

        var count = stale.Truncated ? $"More than {stale.Rows.Count:N0}" : $"{stale.Rows.Count:N0}";
        return answer with
        {
            Caveats = [.. answer.Caveats, $"{count} open deal{(stale.Rows.Count == 1 ? " has" : "s have")} a close date in the past (e.g. {string.Join(", ", stale.Rows.Take(3))}) and {(stale.Rows.Count == 1 ? "is" : "are")} not counted in any period's pipeline until updated."],
        };
    }

    /// <summary>"What changed": this quarter's pipeline from the quarter's start (or the stated period's) to the as-of date.</summary>
    private async Task<AnswerDocument> PipelineChangesAsync(AnswerContext context, CancellationToken cancellationToken)
    {
        var period = CurrentUnlessStated(context);
        var to = period.End < context.Turn.AsOf ? period.End : context.Turn.AsOf;
        var from = context.Routed.Question.Contains("week", StringComparison.OrdinalIgnoreCase) ? to.AddDays(-7) : period.Start.AddDays(-1);
        var view = await _analytics.PipelineChangesAsync(Request(context, period), from, to, cancellationToken);
        return AnswerComposer.PipelineChanges(context, view);
    }

    private async Task<AnswerDocument> CompareAsync(AnswerContext context, CancellationToken cancellationToken)
    {
        var routed = context.Routed;
        var period = LastCompletedUnlessStated(context, current: false);
        var views = new List<AttainmentView>();
        var subjects = new List<AnalysisSubject> { Subject(context) };
        subjects.AddRange(routed.CompareWith.Select(id => routed.CompareKind switch
        {
            VocabularyKinds.Rep => new AnalysisSubject(RepId: id),
            VocabularyKinds.Territory => new AnalysisSubject(TerritoryId: id),
            _ => Subject(context),
        }));
        if (routed.CompareKind is VocabularyKinds.Segment or VocabularyKinds.Product or VocabularyKinds.Type or VocabularyKinds.LeadSource)
        {
            // Comparing segments (or products …): one subject, one filter value each.
            var values = routed.CompareWith;
            foreach (var value in values)
            {
                var filters = routed.CompareKind switch
                {
                    VocabularyKinds.Segment => new DealFilters(Segment: value),
                    VocabularyKinds.Product => new DealFilters(ProductId: value),
                    VocabularyKinds.Type => new DealFilters(Type: value),
                    _ => new DealFilters(LeadSource: value),
                };
                views.Add(await _analytics.AttainmentAsync(Request(context, period) with { Filters = filters }, cancellationToken) with { SubjectName = context.Vocabulary(value) });
            }
        }
        else
        {
            foreach (var subject in subjects.DistinctBy(s => (s.TerritoryId, s.RepId, s.ManagerId)))
            {
                views.Add(await _analytics.AttainmentAsync(Request(context, period) with { Subject = subject }, cancellationToken));
            }
        }

        if (routed.ComparisonPeriod is { } other && views.Count == 1)
        {
            views.Add(await _analytics.AttainmentAsync(Request(context, other), cancellationToken) with { SubjectName = $"{views[0].SubjectName} {other.Label}" });
        }

        return AnswerComposer.Compare(context, views);
    }

    private async Task<AnswerDocument> DataQualityAsync(AnswerContext context, CancellationToken cancellationToken)
    {
        var report = await new Warehouse.Doctor.WarehouseDoctor(runner.Connections, calendar).ExamineAsync(context.Access, context.Turn.AsOf, cancellationToken);
        return AnswerComposer.DataQuality(context, report);
    }

    private AnalysisRequest Request(AnswerContext context, FiscalPeriod period) =>
        new(context.Access, Subject(context), period, context.Turn.AsOf, calendar, Filters(context.Routed.Filters), context.Trace);

    private static AnalysisSubject Subject(AnswerContext context)
    {
        var routed = context.Routed;
        // Rep performance is about the reps the caller can see; the caller's scope already narrows a rep to themself.
        var rep = routed.RepId ?? (routed.AboutCaller && routed.Intent != Intents.RepPerformance ? context.CallerRepId : null);
        return new AnalysisSubject(routed.TerritoryId, rep, routed.ManagerId);
    }

    private static DealFilters Filters(RoutedFilters filters) =>
        new(filters.Segment, filters.Product, filters.Type, filters.LeadSource);

    private static Analysis.Metrics.Dimension? BreakdownFor(AnswerContext context) =>
        context.Routed.Question.Contains("rep", StringComparison.OrdinalIgnoreCase) || context.Routed.Question.Contains("who", StringComparison.OrdinalIgnoreCase)
            ? Analysis.Metrics.Dimension.Rep
            : null;

    /// <summary>Backward-looking questions default to the last completed quarter; "how are we tracking" to this one.</summary>
    private FiscalPeriod LastCompletedUnlessStated(AnswerContext context, bool current) =>
        context.Routed.Period ?? (current ? calendar.QuarterContaining(context.Turn.AsOf) : calendar.QuarterOffset(context.Turn.AsOf, -1));

    private FiscalPeriod CurrentUnlessStated(AnswerContext context) =>
        context.Routed.Period ?? calendar.QuarterContaining(context.Turn.AsOf);

    private FiscalPeriod PipelinePeriod(AnswerContext context) => CurrentUnlessStated(context);

    private FiscalPeriod DealsPeriod(AnswerContext context) =>
        context.Routed.Period ?? (context.Routed.DealFlag is DealFlags.Slipped or DealFlags.Lost or DealFlags.Won or DealFlags.PulledIn
            ? calendar.QuarterOffset(context.Turn.AsOf, -1)
            : calendar.QuarterContaining(context.Turn.AsOf));

    private IReadOnlyList<FiscalPeriod> TrendPeriods(AnswerContext context)
    {
        var last = context.Routed.Period ?? calendar.QuarterContaining(context.Turn.AsOf);
        return [.. Enumerable.Range(-5, 6).Select(i => calendar.QuarterOffset(last.Start, i))];
    }

    private static string? CallerRepId(AssistantTurn turn, Hierarchy hierarchy) =>
        hierarchy.People.FirstOrDefault(p => string.Equals(p.Email, turn.Principal, StringComparison.OrdinalIgnoreCase)
            || string.Equals(p.Email, turn.AlternateIdentity, StringComparison.OrdinalIgnoreCase))?.RepId;
}

/// <summary>A turn's access resolution and what is visible under it; <see cref="Trace"/> collects the SQL the turn runs.</summary>
public sealed record TurnGrounding(AccessResolution Access, Hierarchy Hierarchy, Vocabulary Vocabulary, SqlTrace Trace, string? CallerRepId)
{
    public AnswerContext Context(RoutedQuestion routed, AssistantTurn turn, FiscalCalendar calendar) =>
        new(routed, Access.Scope, Hierarchy, turn, calendar, Trace, CallerRepId);
}

/// <summary>Everything an answer is composed from.</summary>
public sealed record AnswerContext(
    RoutedQuestion Routed,
    AccessScope Access,
    Hierarchy Hierarchy,
    AssistantTurn Turn,
    FiscalCalendar Calendar,
    SqlTrace Trace,
    string? CallerRepId)
{
    /// <summary>A display name for a vocabulary id (territory, rep, product; segments and types are their own names).</summary>
    public string Vocabulary(string id) =>
        Hierarchy.Territory(id)?.Name ?? Hierarchy.Person(id)?.Name ?? id;
}
