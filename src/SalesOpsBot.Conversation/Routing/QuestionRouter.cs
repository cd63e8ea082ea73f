using System.Runtime.CompilerServices;
using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Conversation.Answers;

namespace SalesOpsBot.Conversation.Routing;

/// <summary>
/// The deterministic router: a leader's question (and what the previous turn established) in, the intent,
/// scope, filters and period to run out. Pure: no database, clock or model; the caller passes the vocabulary
/// loaded under the caller's access scope and as-of.
/// </summary>
public sealed class QuestionRouter
{
    private static readonly HashSet<string> BackwardLooking =
        [Intents.ExplainAttainment, Intents.Attainment, Intents.PipelineChanges, Intents.Trend, Intents.RepPerformance];

    /// <summary>Whether <paramref name="intent"/> looks back at results, so a period that has not started has nothing to show.</summary>
    public static bool IsBackwardLooking(string intent) => BackwardLooking.Contains(intent);

    private static readonly HashSet<string> DataIntents =
    [
        Intents.ExplainAttainment, Intents.Attainment, Intents.Pipeline, Intents.PipelineChanges, Intents.Forecast, Intents.Deals,
        Intents.RepPipeline, Intents.Trend, Intents.Compare, Intents.DataQuality,
    ];

    // The caller usually passes the same vocabulary for many turns; its index is built once per vocabulary.
    private readonly ConditionalWeakTable<Vocabulary, VocabularyIndex> _indexes = new();

    /// <summary>Routes one message. <paramref name="previous"/> is the <see cref="RoutedQuestion.Context"/> of the previous turn, or null.</summary>
    public RoutedQuestion Route(string text, Vocabulary vocabulary, RoutingContext? previous, DateOnly asOf, FiscalCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(calendar);

        var index = _indexes.GetValue(vocabulary, v => new VocabularyIndex(v));
        var tokens = QuestionText.Tokenize(text);
        TypoCorrector.Correct(tokens, index);
        var turn = TurnParser.Parse(tokens, index, asOf, calendar);

        // A clarification is answered by a short reply ("the first one", "Alex Chen"); a full new question is not an answer.
        if (previous?.Pending is { } pending && turn.IntentScore < 4 && TryResolve(pending, turn, index, out var answered))
        {
            return Build(text, Finish(answered, turn), turn, previous, asOf, isFollowUp: true, clarify: null, pending.Subscription);
        }

        if (previous?.Pending is { } unanswered && turn.IntentScore < 4 && turn.Mentions.Count == 0 && turn.Periods.Count == 0
            && turn.UnknownNames.Count == 0 && !turn.WantsSql)
        {
            // "neither", "hmm": nothing to go on, so the question stays open and is asked again.
            var again = unanswered.Question;
            return Build(text, again, turn, previous, asOf, isFollowUp: true, Reask(unanswered, index), unanswered.Subscription);
        }

        var own = OwnFrame(turn, index);
        var followUp = previous is not null && IsFollowUp(turn, own, previous);
        var frame = followUp ? Merge(previous!, own, turn) : own;
        if (!followUp && own.Intent is Intents.Subscribe or Intents.Unsubscribe && turn.Demonstrative && !turn.HasScope
            && previous?.Intent is { } topic && DataIntents.Contains(topic))
        {
            // "send me this every Monday": subscribe to the previous answer.
            frame = previous with { Intent = own.Intent, Pending = null };
            turn = turn with { SecondIntent = topic };
        }

        frame = Finish(frame, turn);
        return Build(text, frame, turn, previous, asOf, followUp, Clarify(turn, index, frame));
    }

    private static RoutingContext OwnFrame(ParsedTurn turn, VocabularyIndex index)
    {
        var territories = MostSpecific(turn.Resolved(VocabularyKinds.Territory).Select(m => m.Candidates[0]).ToList(), index);
        var reps = turn.Resolved(VocabularyKinds.Rep).Where(m => !turn.TeamMentions.Contains(m.Start)).Select(m => m.Candidates[0]).DistinctBy(e => e.Id).ToList();
        var manager = turn.Resolved(VocabularyKinds.Rep).FirstOrDefault(m => turn.TeamMentions.Contains(m.Start))?.Candidates[0];

        var intent = turn.Intent;
        if (turn.DefinitionShape && intent is not (Intents.Subscribe or Intents.Unsubscribe or Intents.Help)
            && turn.Metric is MetricNames.Coverage or MetricNames.WinRate or MetricNames.DealSize or MetricNames.Cycle or MetricNames.Attainment or MetricNames.Commit)
        {
            intent = Intents.Definition;
        }

        List<string> compareWith = [];
        string? compareKind = null;
        string? territory = territories.FirstOrDefault()?.Id;
        string? rep = reps.FirstOrDefault()?.Id;
        var filters = new RoutedFilters(
            FirstOf(turn, VocabularyKinds.Segment), FirstOf(turn, VocabularyKinds.Product),
            FirstOf(turn, VocabularyKinds.Type), FirstOf(turn, VocabularyKinds.LeadSource));
        var comparable = intent is null or Intents.Attainment or Intents.Pipeline or Intents.Forecast or Intents.Trend or Intents.Compare or Intents.RepPipeline;
        if (territories.Count > 1 || (territories.Count == 0 && reps.Count > 1))
        {
            compareWith = territories.Count > 1 ? territories.Skip(1).Select(e => e.Id).ToList() : reps.Skip(1).Select(e => e.Id).ToList();
            compareKind = territories.Count > 1 ? VocabularyKinds.Territory : VocabularyKinds.Rep;
            if (comparable)
            {
                intent = Intents.Compare;
            }
        }
        else if (intent == Intents.Compare)
        {
            // "compare Enterprise and Mid-Market": the compared values are filters of one column.
            foreach (var kind in (string[])[VocabularyKinds.Segment, VocabularyKinds.Product, VocabularyKinds.Type, VocabularyKinds.LeadSource])
            {
                var values = turn.Resolved(kind).Select(m => m.Candidates[0].Id).Distinct(StringComparer.Ordinal).ToList();
                if (values.Count > 1)
                {
                    compareWith = values.Skip(1).ToList();
                    compareKind = kind;
                    break;
                }
            }
        }

        return new RoutingContext
        {
            Intent = intent,
            TerritoryId = territory,
            RepId = rep,
            ManagerId = manager?.Id,
            CompareWith = compareWith,
            CompareKind = compareWith.Count > 0 ? compareKind : null,
            Filters = filters,
            Period = turn.Periods.FirstOrDefault(),
            Metric = turn.Metric,
            Baseline = turn.Baseline,
            DealFlag = turn.DealFlag,
        };
    }

    private static bool IsFollowUp(ParsedTurn turn, RoutingContext own, RoutingContext previous)
    {
        if (previous.Intent is null || !DataIntents.Contains(previous.Intent)
            || own.Intent is Intents.Help or Intents.Definition or Intents.Subscribe or Intents.Unsubscribe)
        {
            return false;
        }

        if (turn.FollowUpCue || turn.Drill || turn.Pronoun)
        {
            return true;
        }

        // A message naming both whom and when stands on its own ("what did Chris Taylor book this year");
        // one that names neither, or has no ask of its own, continues the thread ("who's behind?", "Q3").
        if ((turn.HasScope || turn.AboutCaller) && turn.Periods.Count > 0)
        {
            return false;
        }

        return own.Intent is null || (!turn.HasScope && !turn.AboutCaller && turn.Periods.Count == 0);
    }

    private static RoutingContext Merge(RoutingContext previous, RoutingContext own, ParsedTurn turn)
    {
        // In a follow-up only a clear new ask changes the intent: "what about deal size?" (a metric word) keeps the trend,
        // "only partner deals" keeps the forecast, "why?" and "and her pipeline?" change it.
        var filterOnly = turn.FollowUpCue && turn.FilterOpener;
        var changesIntent = own.Intent is not null && turn.IntentScore >= (filterOnly ? 8 : 4) && !turn.IntentFromMetricWordsOnly;
        var intent = changesIntent ? own.Intent : previous.Intent;
        var ownScope = own.TerritoryId is not null || own.RepId is not null || own.ManagerId is not null || turn.UnknownNames.Count > 0 || turn.AboutCaller
            || turn.Mentions.Any(m => m.IsAmbiguous && m.Kind is VocabularyKinds.Territory or VocabularyKinds.Rep);
        var merged = previous with
        {
            Intent = intent,
            Filters = turn.ClearFilters ? own.Filters : previous.Filters.MergedWith(own.Filters),
            Period = own.Period ?? previous.Period,
            Metric = own.Metric ?? (intent == previous.Intent ? previous.Metric : null),
            Baseline = own.Baseline ?? (intent == previous.Intent ? previous.Baseline : null),
            DealFlag = own.DealFlag ?? (intent == previous.Intent ? previous.DealFlag : null),
            Pending = null,
        };

        if (!ownScope)
        {
            // "compare Enterprise and Mid-Market" within the previous scope.
            return own.CompareWith.Count > 0 ? merged with { CompareWith = own.CompareWith, CompareKind = own.CompareKind } : merged;
        }

        // "and LATAM?" after a comparison adds to it; anything else names the new scope.
        if (previous.Intent == Intents.Compare && own.Intent is null or Intents.Compare && !turn.Drill && own.TerritoryId is not null
            && previous.TerritoryId is not null && own.CompareWith.Count == 0)
        {
            return merged with { CompareWith = [.. previous.CompareWith, own.TerritoryId], CompareKind = VocabularyKinds.Territory };
        }

        return merged with
        {
            Intent = previous.Intent == Intents.Compare && own.Intent is null && own.CompareWith.Count == 0 ? Intents.Attainment : intent,
            TerritoryId = own.TerritoryId,
            RepId = own.RepId,
            ManagerId = own.ManagerId,
            CompareWith = own.CompareWith,
            CompareKind = own.CompareKind,
        };
    }

    /// <summary>Rules that need the whole frame: a rep's pipeline, a comparison with nothing to compare, a default intent.</summary>
    private static RoutingContext Finish(RoutingContext frame, ParsedTurn turn)
    {
        var intent = frame.Intent;
        if (intent is null)
        {
            var anything = frame.TerritoryId is not null || frame.RepId is not null || frame.ManagerId is not null || !frame.Filters.IsEmpty
                || frame.Period is not null || turn.Metric is not null || turn.Mentions.Count > 0;
            intent = !anything ? null
                : turn.DealFlag is not null ? Intents.Deals
                : turn.Metric is MetricNames.Pipeline or MetricNames.Coverage ? Intents.Pipeline
                : turn.Metric is MetricNames.Forecast or MetricNames.Commit ? Intents.Forecast
                : Intents.Attainment;
        }

        if (intent == Intents.Pipeline && frame.ManagerId is null && (frame.RepId is not null || turn.AboutCaller
            || turn.Mentions.Any(m => m.IsAmbiguous && m.Kind == VocabularyKinds.Rep) || (turn.PossessiveUnknown && frame.TerritoryId is null)))
        {
            intent = Intents.RepPipeline;
        }
        else if (intent == Intents.RepPipeline && frame.RepId is null && !turn.AboutCaller && !turn.Mentions.Any(m => m.IsAmbiguous) && !turn.PossessiveUnknown)
        {
            intent = Intents.Pipeline;
        }

        var clarifyingSecond = turn.Mentions.Any(m => m.IsAmbiguous) && (frame.TerritoryId is not null || frame.RepId is not null);
        if (intent == Intents.Compare && frame.CompareWith.Count == 0 && turn.Periods.Count < 2 && frame.Baseline is null && !clarifyingSecond)
        {
            intent = turn.SecondIntent is { } second && second != Intents.Compare && DataIntents.Contains(second) ? second : Intents.Attainment;
        }

        return frame with { Intent = intent };
    }

    private static (Clarification Clarification, PendingClarification Pending)? Clarify(ParsedTurn turn, VocabularyIndex index, RoutingContext frame)
    {
        if (turn.Mentions.FirstOrDefault(m => m.IsAmbiguous) is { } ambiguous)
        {
            var slot = ambiguous.Kind == VocabularyKinds.Rep
                ? turn.TeamMentions.Contains(ambiguous.Start) ? "manager" : frame.RepId is null ? "rep" : "compare"
                : ambiguous.Kind == VocabularyKinds.Territory ? frame.TerritoryId is null ? "territory" : "compare" : ambiguous.Kind;
            var name = ambiguous.Possessive ? ambiguous.Text[..Math.Max(0, ambiguous.Text.IndexOf('\'', StringComparison.Ordinal))] : ambiguous.Text;
            return (new Clarification($"Which {name} do you mean?", [.. ambiguous.Candidates.Select(index.Describe)]),
                new PendingClarification(slot, [.. ambiguous.Candidates.Select(c => c.Id)], frame));
        }

        if (turn.UnknownNames.Count > 0)
        {
            var name = turn.UnknownNames[0];
            var suggestions = Suggest(name, index);
            var question = suggestions.Count > 0 && suggestions.Count < 4 && IsCloseSuggestion(name, suggestions[0])
                ? $"I don't know \"{name}\". Did you mean {string.Join(" or ", suggestions.Select(index.Describe))}?"
                : $"I don't know a territory or rep called \"{name}\". Which one did you mean?";
            return (new Clarification(question, [.. suggestions.Select(index.Describe)]),
                new PendingClarification("scope", [.. suggestions.Select(s => s.Id)], frame));
        }

        return null;
    }

    private static (Clarification Clarification, PendingClarification Pending) Reask(PendingClarification pending, VocabularyIndex index)
    {
        var options = pending.OptionIds.Select(index.Vocabulary.Find).OfType<VocabularyEntry>().ToList();
        return (new Clarification("Which one do you mean?", [.. options.Select(index.Describe)]), pending);
    }

    private static bool IsCloseSuggestion(string name, VocabularyEntry entry) =>
        Typos.Distance(name.ToLowerInvariant(), entry.Name.ToLowerInvariant(), 3) <= 3;

    /// <summary>Names close to an unknown one, or else the top-level territories.</summary>
    private static List<VocabularyEntry> Suggest(string name, VocabularyIndex index)
    {
        var typed = QuestionText.Normalize(name);
        var close = index.Vocabulary.Entries
            .Where(e => e.Kind is VocabularyKinds.Territory or VocabularyKinds.Rep)
            .Select(e => (Entry: e, Distance: Typos.Distance(typed, QuestionText.Normalize(e.Name), 3)))
            .Where(x => x.Distance <= Math.Min(3, Math.Max(1, typed.Length / 3)))
            .OrderBy(x => x.Distance).ThenBy(x => x.Entry.Name, StringComparer.Ordinal)
            .Take(3).Select(x => x.Entry).ToList();
        if (close.Count > 0)
        {
            return close;
        }

        var territories = index.Vocabulary.Entries.Where(e => e.Kind == VocabularyKinds.Territory).ToList();
        var root = territories.FirstOrDefault(t => t.ParentId is null);
        return [.. territories.Where(t => root is not null && t.ParentId == root.Id).Take(8)];
    }

    private static bool TryResolve(PendingClarification pending, ParsedTurn turn, VocabularyIndex index, out RoutingContext answered)
    {
        answered = pending.Question;
        var options = pending.OptionIds.Select(id => index.Vocabulary.Find(id)).OfType<VocabularyEntry>().ToList();
        if (options.Count == 0)
        {
            return false;
        }

        VocabularyEntry? chosen = null;
        foreach (var mention in turn.Mentions)
        {
            var named = mention.Candidates.Where(c => options.Any(o => o.Id == c.Id)).ToList();
            if (named.Count == 1)
            {
                chosen = named[0];
                break;
            }

            if (!mention.IsAmbiguous && mention.Kind == VocabularyKinds.Territory)
            {
                var within = options.Where(o => index.IsWithin(o, mention.Candidates[0].Id)).ToList();
                if (within.Count == 1)
                {
                    chosen = within[0];
                    break;
                }
            }
        }

        if (chosen is null && turn.Ordinal is { } ordinal && turn.WordCount <= 6 && turn.Mentions.Count == 0)
        {
            var position = ordinal < 0 ? options.Count - 1 : ordinal;
            chosen = position < options.Count ? options[position] : null;
        }

        if (chosen is null)
        {
            return false;
        }

        var slot = pending.Slot == "scope" ? chosen.Kind == VocabularyKinds.Rep ? "rep" : "territory" : pending.Slot;
        var question = pending.Question;
        answered = slot switch
        {
            "rep" => question with { RepId = chosen.Id },
            "territory" => question with { TerritoryId = chosen.Id },
            "manager" => question with { ManagerId = chosen.Id },
            "compare" => question with { CompareWith = [.. question.CompareWith, chosen.Id], CompareKind = chosen.Kind },
            _ => question,
        };
        answered = answered with { Pending = null };
        return true;
    }

    private static SubscriptionRequest? SubscriptionFor(string intent, ParsedTurn turn)
    {
        if (intent is not (Intents.Subscribe or Intents.Unsubscribe))
        {
            return null;
        }

        var schedule = turn.Schedule;
        var topic = turn.SecondIntent is { } second && DataIntents.Contains(second) ? second
            : turn.Metric is MetricNames.Pipeline or MetricNames.Coverage ? Intents.Pipeline
            : turn.Metric is MetricNames.Forecast or MetricNames.Commit ? Intents.Forecast
            : null;
        var creates = intent == Intents.Subscribe && !turn.ListSubscriptions;
        return new SubscriptionRequest(
            intent == Intents.Unsubscribe ? SubscriptionAction.Cancel : turn.ListSubscriptions ? SubscriptionAction.List : SubscriptionAction.Create,
            topic,
            schedule?.Cron ?? (creates ? "0 8 * * 1" : null),
            schedule?.Time,
            schedule?.TimeZone,
            schedule?.EffectiveFrequency ?? (creates ? "weekly" : null),
            schedule?.Days ?? []);
    }

    private static RoutedQuestion Build(
        string text, RoutingContext frame, ParsedTurn turn, RoutingContext? previous, DateOnly asOf, bool isFollowUp,
        (Clarification Clarification, PendingClarification Pending)? clarify, SubscriptionRequest? carried = null)
    {
        var intent = frame.Intent ?? Intents.Unknown;
        var comparisonPeriod = turn.Periods.Count > 1 && frame.Period == turn.Periods[0] ? turn.Periods[1] : null;
        var subscription = carried ?? SubscriptionFor(intent, turn);
        if (clarify is { } asked && subscription is not null)
        {
            // The schedule was said in this message; the answer to the clarification will not repeat it.
            clarify = (asked.Clarification, asked.Pending with { Subscription = subscription });
        }

        // Only questions about data become the thread the next turn continues.
        var keepsThread = DataIntents.Contains(intent);
        var context = clarify is { } c ? frame with { Pending = c.Pending }
            : keepsThread ? frame with { Pending = null }
            : previous is null ? new RoutingContext() : previous with { Pending = null };

        return new RoutedQuestion
        {
            Question = text,
            Intent = intent,
            TerritoryId = frame.TerritoryId,
            RepId = frame.RepId,
            ManagerId = frame.ManagerId,
            CompareWith = frame.CompareWith,
            CompareKind = frame.CompareKind,
            Filters = frame.Filters,
            Period = frame.Period,
            ComparisonPeriod = comparisonPeriod,
            PeriodInFuture = frame.Period is { } period && period.Start > asOf && BackwardLooking.Contains(intent)
                && frame.Metric is not (MetricNames.Quota or MetricNames.Forecast or MetricNames.Commit),
            Baseline = frame.Baseline,
            Metric = frame.Metric,
            DealFlag = frame.DealFlag,
            AboutCaller = turn.AboutCaller && frame.RepId is null && frame.TerritoryId is null,
            Clarification = clarify?.Clarification,
            UnknownNames = turn.UnknownNames,
            Subscription = subscription,
            WantsSql = turn.WantsSql,
            IsFollowUp = isFollowUp,
            Context = context,
        };
    }

    private static string? FirstOf(ParsedTurn turn, string kind) => turn.Resolved(kind).Select(m => m.Candidates[0].Id).FirstOrDefault();

    /// <summary>"Germany North in DACH" names one territory: keep the deepest.</summary>
    private static List<VocabularyEntry> MostSpecific(List<VocabularyEntry> territories, VocabularyIndex index) =>
        [.. territories.DistinctBy(t => t.Id).Where(t => !territories.Any(o => o.Id != t.Id && index.IsWithin(o, t.Id)))];
}
