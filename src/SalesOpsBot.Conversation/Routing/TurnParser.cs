using System.Collections.Frozen;
using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Conversation.Answers;

namespace SalesOpsBot.Conversation.Routing;

/// <summary>Everything one message says on its own, before the previous turn is taken into account.</summary>
internal sealed record ParsedTurn
{
    public string? Intent { get; init; }
    public int IntentScore { get; init; }

    /// <summary>The intent came only from metric words ("what about deal size?"), so a follow-up keeps the previous intent.</summary>
    public bool IntentFromMetricWordsOnly { get; init; }
    public string? SecondIntent { get; init; }
    public List<Mention> Mentions { get; init; } = [];
    public List<FiscalPeriod> Periods { get; init; } = [];
    public List<string> UnknownNames { get; init; } = [];
    public string? Baseline { get; init; }
    public string? Metric { get; init; }
    public string? DealFlag { get; init; }
    public ScheduleParser.Schedule? Schedule { get; init; }
    public bool WantsSql { get; init; }
    public bool AboutCaller { get; init; }
    public bool FollowUpCue { get; init; }
    public bool Pronoun { get; init; }

    /// <summary>"send me this": refers to the previous answer as a whole.</summary>
    public bool Demonstrative { get; init; }
    public bool Drill { get; init; }

    /// <summary>Opens with "only" / "just": a filter on the previous question.</summary>
    public bool FilterOpener { get; init; }

    /// <summary>An unknown name written as an owner ("Gandalf's pipeline").</summary>
    public bool PossessiveUnknown { get; init; }
    public bool ClearFilters { get; init; }
    public bool DefinitionShape { get; init; }
    public bool ListSubscriptions { get; init; }
    public int? Ordinal { get; init; }
    public int WordCount { get; init; }
    public HashSet<int> TeamMentions { get; init; } = [];

    public IEnumerable<Mention> Resolved(string kind) => Mentions.Where(m => !m.IsAmbiguous && m.Kind == kind);

    public bool HasScope => Mentions.Any(m => m.Kind is VocabularyKinds.Territory or VocabularyKinds.Rep) || UnknownNames.Count > 0;
}

/// <summary>Turns the words of one message into a <see cref="ParsedTurn"/>.</summary>
internal static class TurnParser
{
    private static readonly FrozenSet<string> CollectiveNouns = FrozenSet.ToFrozenSet(
        ["team", "teams", "reps", "people", "sellers", "region", "regions", "territory", "territories", "org", "organisation",
         "organization", "group", "line", "reports", "direct", "area", "business", "unit", "division"], StringComparer.Ordinal);

    private static readonly (string Metric, string[] Phrases)[] MetricPhrases =
    [
        (MetricNames.Coverage, ["coverage", "cover ratio"]),
        (MetricNames.WinRate, ["win rate", "win rates", "winrate", "close rate", "conversion rate", "win ratio", "win percentage"]),
        (MetricNames.DealSize, ["deal size", "deal sizes", "asp", "average selling price", "average deal", "avg deal", "acv"]),
        (MetricNames.Cycle, ["sales cycle", "cycle time", "cycle", "days to close", "time to close", "velocity"]),
        (MetricNames.Attainment, ["attainment", "percent to plan", "to plan", "percent of quota"]),
        (MetricNames.Commit, ["commit", "best case"]),
        (MetricNames.Forecast, ["forecast", "forecasted", "forecasting", "projection"]),
        (MetricNames.Bookings, ["bookings", "booking", "booked", "revenue", "closed won"]),
        (MetricNames.Quota, ["quota", "quotas", "target", "targets", "plan"]),
        (MetricNames.Pipeline, ["pipeline", "pipe", "pipegen"]),
    ];

    private static readonly (string Flag, string[] Phrases)[] FlagPhrases =
    [
        (DealFlags.PulledIn, ["pulled in", "pull in", "pull ins", "pulled forward", "pulled into"]),
        (DealFlags.Slipped, ["slipped", "slip", "slipping", "slippage", "slips"]),
        (DealFlags.Pushed, ["pushed", "push", "pushes", "pushed out", "delayed"]),
        (DealFlags.Lost, ["lost", "lose", "losses", "loss", "losing", "closed lost"]),
        (DealFlags.Won, ["won", "wins", "closed won"]),
        (DealFlags.Large, ["biggest", "largest", "big deals", "large deals", "whales", "top deals", "top opportunities", "top opps", "big deal", "large deal", "mega deals"]),
    ];

    private static readonly string[] BaselineLead = ["vs", "versus", "against", "compared to", "compared with", "compare to", "compare with", "relative to"];

    private static readonly (string Baseline, string[] Phrases)[] BaselineTargets =
    [
        (Baselines.LastYear, ["last year", "prior year", "previous year", "the same quarter last year", "same quarter last year", "same period last year", "the same period last year", "a year ago", "ly"]),
        (Baselines.PriorQuarter, ["last quarter", "prior quarter", "previous quarter", "the previous quarter", "the prior quarter", "the last quarter", "lq"]),
        (Baselines.Forecast, ["forecast", "the forecast", "our forecast", "commit", "the commit", "our commit"]),
        (Baselines.Quota, ["quota", "plan", "target", "the plan", "our plan", "our quota", "the target", "our target", "the quota"]),
    ];

    private static readonly string[] SubscriptionWords =
        ["send", "email", "notify", "alert", "alerts", "digest", "every", "daily", "weekly", "monthly", "subscribe", "unsubscribe", "stop",
         "cancel", "remind", "weekdays", "schedule", "ping", "message", "each"];

    private static readonly string[] FollowUpOpeners =
        ["and", "what about", "how about", "same for", "same but", "now", "also", "then", "ok", "okay", "what if", "and what about", "only", "just", "but"];

    public static readonly IReadOnlySet<string> KnownWords = new HashSet<string>(
        CommonWords.All.Concat(IntentCues.Words).Concat(PeriodParser.Words).Concat(ScheduleParser.Words)
            .Concat(MetricPhrases.SelectMany(m => m.Phrases).Concat(FlagPhrases.SelectMany(f => f.Phrases)).SelectMany(p => p.Split(' ')))
            .Concat(["sql", "drill", "zoom", "dig", "into", "breakdown"]),
        StringComparer.Ordinal);

    public static ParsedTurn Parse(List<Token> tokens, VocabularyIndex index, DateOnly asOf, FiscalCalendar calendar)
    {
        var texts = tokens.Select(t => t.Text).ToList();

        var wantsSql = false;
        foreach (var token in tokens.Where(t => t.Text == "sql"))
        {
            wantsSql = true;
            Mark(token, "sql");
        }

        var baseline = ParseBaseline(tokens);

        ScheduleParser.Schedule? schedule = null;
        if (texts.Any(t => SubscriptionWords.Contains(t)) || texts.Any(t => t.StartsWith("subscri", StringComparison.Ordinal)))
        {
            schedule = ScheduleParser.Parse(tokens);
            MarkNew(tokens, "schedule");
        }

        var periods = new PeriodParser(asOf, calendar).Parse(tokens);
        MarkNew(tokens, "period");

        var mentions = EntityMatcher.Find(tokens, index);
        MarkNew(tokens, "entity");

        var teamMentions = new HashSet<int>();
        foreach (var mention in mentions.Where(m => m.Kind == VocabularyKinds.Rep))
        {
            var after = tokens.Skip(mention.Start + mention.Length).Select(t => t.Text).FirstOrDefault();
            var before = mention.Start > 0 ? tokens[mention.Start - 1].Text : "";
            var beforeTwo = mention.Start > 1 ? tokens[mention.Start - 2].Text + " " + before : "";
            if (after is "team" or "teams" or "org" or "organization" or "reports" or "group" or "people" or "directs" or "region" or "area" or "patch"
                || before is "under" || beforeTwo is "reporting to" or "report to" or "managed by" or "reports to")
            {
                teamMentions.Add(mention.Start);
            }
        }

        var words = ShapeWords(tokens);
        var (intent, score, second) = Classify(words, periods, schedule is { IsEmpty: false });
        // Pipeline and forecast are named by their metric; only the KPI words of attainment are "just a metric".
        var metricWordsOnly = intent == Intents.Attainment && IntentCues.All
            .Where(c => c.Intent == intent && IntentCues.Matches(c.Words, words))
            .All(c => MetricPhrases.Any(m => m.Phrases.Contains(string.Join(' ', c.Words))));
        var unknown = UnknownNames(tokens, index);

        var plain = tokens.Where(t => t.Role is not ("baseline" or "sql")).Select(t => t.Text).ToList();
        var metric = FirstPhrase(MetricPhrases, tokens.Where(t => t.Role != "baseline").Select(t => t.Text).ToList());
        var flag = FirstPhrase(FlagPhrases, plain);
        if (flag is null && plain.Contains("top") && plain.SkipWhile(w => w != "top").Take(4).Any(w => w is "deals" or "opportunities" or "opps" or "deal"))
        {
            flag = DealFlags.Large;
        }

        var opener = string.Join(' ', plain.Take(3));
        var followUpCue = FollowUpOpeners.Any(o => opener == o || opener.StartsWith(o + " ", StringComparison.Ordinal));
        var pronoun = plain.Any(w => w is "her" or "his" or "their" or "them" or "those" or "these" or "she" or "he" or "it" or "that" or "there");
        var drill = plain.Any(w => w is "drill" or "zoom" or "dig") || opener.StartsWith("break it down", StringComparison.Ordinal);
        // "my pipeline" is the caller's own; "my team", "my reps", "my region" are what the caller oversees: their access
        // scope, not themselves as a rep.
        var collective = plain.Zip(plain.Skip(1)).Any(pair => pair.First == "my" && CollectiveNouns.Contains(pair.Second));
        var aboutCaller = !collective
            && (plain.Contains("my") || plain.Contains("mine") || ContainsSequence(plain, "am", "i") || ContainsSequence(plain, "i", "am"));
        var clearFilters = ContainsSequence(plain, "all", "segments") || ContainsSequence(plain, "clear", "filters")
            || ContainsSequence(plain, "remove", "filters") || ContainsSequence(plain, "no", "filters") || ContainsSequence(plain, "all", "products");
        var listSubscriptions = intent == Intents.Subscribe && IntentCues.All.Any(c => c.Weight >= 12 && c.Intent == Intents.Subscribe && IntentCues.Matches(c.Words, words));

        var content = plain.Where(w => w is not ("what" or "is" or "are" or "a" or "an" or "the" or "our")).ToList();
        // "what is coverage?" asks for a definition; "what's the coverage?" for the number.
        var definitionShape = plain.Count > 2 && plain[0] == "what" && plain[1] is ("is" or "are") && plain[2] != "the" && periods.Count == 0 && mentions.Count == 0 && metric is not null
            && content.Count <= 3 && !aboutCaller && !plain.Contains("our") && !plain.Contains("we");

        return new ParsedTurn
        {
            Intent = intent,
            IntentScore = score,
            IntentFromMetricWordsOnly = metricWordsOnly,
            SecondIntent = second,
            Mentions = mentions,
            Periods = periods,
            UnknownNames = unknown,
            Baseline = baseline,
            Metric = metric,
            DealFlag = flag,
            Schedule = schedule,
            WantsSql = wantsSql,
            AboutCaller = aboutCaller,
            FollowUpCue = followUpCue,
            Pronoun = pronoun,
            Demonstrative = tokens.Any(t => !t.Consumed && t.Text is "this" or "that" or "it" or "these"),
            Drill = drill,
            FilterOpener = plain.Count > 0 && plain[0] is "only" or "just",
            PossessiveUnknown = tokens.Any(t => t.Role == "unknown" && t.Possessive),
            ClearFilters = clearFilters,
            DefinitionShape = definitionShape,
            ListSubscriptions = listSubscriptions,
            Ordinal = OrdinalOf(plain),
            WordCount = tokens.Count,
            TeamMentions = teamMentions,
        };
    }

    private static (string? Intent, int Score, string? Second) Classify(List<string> words, List<FiscalPeriod> periods, bool hasSchedule)
    {
        var scores = new Dictionary<string, int>(StringComparer.Ordinal);
        if (hasSchedule)
        {
            // "on Friday afternoons", "at 8am" next to a sending word: a schedule is being set up (or stopped).
            scores[Intents.Subscribe] = 5;
        }

        foreach (var group in IntentCues.All.GroupBy(c => c.Intent))
        {
            var used = new HashSet<int>();
            foreach (var cue in group.OrderByDescending(c => c.Weight).ThenByDescending(c => c.Words.Length))
            {
                if (IntentCues.Match(cue.Words, words) is { } positions && !positions.Any(used.Contains))
                {
                    used.UnionWith(positions);
                    scores[cue.Intent] = scores.GetValueOrDefault(cue.Intent) + cue.Weight;
                }
            }
        }

        if (periods.Count > 0 && periods[0].Label.Contains(" to FY", StringComparison.Ordinal))
        {
            // "the last four quarters" asks for a series.
            scores[Intents.Trend] = scores.GetValueOrDefault(Intents.Trend) + 4;
        }

        if (scores.Count == 0)
        {
            return (null, 0, null);
        }

        var ranked = scores.OrderByDescending(s => s.Value).ThenBy(s => Array.IndexOf(Priority, s.Key)).ToList();

        // "cancel all my subscriptions": the verb decides, however often "subscription" is said.
        if (scores.GetValueOrDefault(Intents.Unsubscribe) >= 8)
        {
            ranked = [.. ranked.Where(s => s.Key == Intents.Unsubscribe), .. ranked.Where(s => s.Key != Intents.Unsubscribe)];
        }

        // A lone weak word ("book a meeting room") is not a question about sales; a greeting still gets help.
        if (ranked[0].Value <= 2 && ranked[0].Key != Intents.Help)
        {
            return (null, 0, null);
        }

        var second = ranked.Skip(1).Select(s => s.Key).FirstOrDefault(k => k is not (Intents.Subscribe or Intents.Unsubscribe or Intents.Help));
        return (ranked[0].Key, ranked[0].Value, second);
    }

    /// <summary>Tie-break order: the more specific intent first.</summary>
    private static readonly string[] Priority =
    [
        Intents.Unsubscribe, Intents.Subscribe, Intents.Definition, Intents.Help, Intents.DataQuality, Intents.Compare,
        Intents.ExplainAttainment, Intents.PipelineChanges, Intents.Deals, Intents.Forecast, Intents.Trend, Intents.Pipeline,
        Intents.Attainment,
    ];

    /// <summary>The question's words with recognised names and periods replaced by placeholders the cues can use.</summary>
    private static List<string> ShapeWords(List<Token> tokens)
    {
        var words = new List<string>();
        foreach (var token in tokens)
        {
            var word = token.Role switch
            {
                "baseline" or "sql" => null,
                "period" => "@p",
                "entity" => "@e",
                _ => token.Text,
            };
            if (word is not null && !(word[0] == '@' && words.Count > 0 && words[^1] == word))
            {
                words.Add(word);
            }
        }

        return words;
    }

    // Phrases that name the start-of-quarter forecast without "vs": the verb stays free for the intent cues.
    private static readonly string[] ForecastBaselinePhrases =
    [
        "miss the forecast", "missed the forecast", "miss our forecast", "missed our forecast", "beat the forecast", "beat our forecast",
        "start of quarter forecast", "start of the quarter forecast", "forecast at the start", "forecast at start", "beginning of the quarter forecast",
    ];

    private static readonly HashSet<string> BaselineVerbs = new(["miss", "missed", "beat"], StringComparer.Ordinal);

    private static string? ParseBaseline(List<Token> tokens)
    {
        var texts = tokens.Select(t => t.Text).ToList();
        for (var i = 0; i < texts.Count; i++)
        {
            var phrase = ForecastBaselinePhrases.OrderByDescending(p => p.Length).FirstOrDefault(p => MatchAt(texts, i, p));
            if (phrase is null)
            {
                continue;
            }

            for (var k = i; k < i + phrase.Split(' ').Length; k++)
            {
                if (!BaselineVerbs.Contains(texts[k]))
                {
                    Mark(tokens[k], "baseline");
                }
            }

            return Baselines.Forecast;
        }

        for (var i = 0; i < texts.Count; i++)
        {
            var standalone = MatchAt(texts, i, "year over year") ? (Baselines.LastYear, 3)
                : MatchAt(texts, i, "yoy") ? (Baselines.LastYear, 1)
                : MatchAt(texts, i, "qoq") ? (Baselines.PriorQuarter, 1)
                : MatchAt(texts, i, "sequentially") ? (Baselines.PriorQuarter, 1)
                : ((string?)null, 0);
            if (standalone.Item1 is not null)
            {
                for (var k = i; k < i + standalone.Item2; k++)
                {
                    Mark(tokens[k], "baseline");
                }

                return standalone.Item1;
            }

            foreach (var lead in BaselineLead)
            {
                if (!MatchAt(texts, i, lead))
                {
                    continue;
                }

                var leadLength = lead.Split(' ').Length;
                foreach (var (baseline, phrases) in BaselineTargets)
                {
                    var phrase = phrases.OrderByDescending(p => p.Length).FirstOrDefault(p => MatchAt(texts, i + leadLength, p));
                    if (phrase is null)
                    {
                        continue;
                    }

                    for (var k = i; k < i + leadLength + phrase.Split(' ').Length; k++)
                    {
                        Mark(tokens[k], "baseline");
                    }

                    return baseline;
                }
            }
        }

        return null;
    }

    private static List<string> UnknownNames(List<Token> tokens, VocabularyIndex index)
    {
        var unknown = new List<string>();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            // A name corrected towards part of a longer name ("Atlantis" → the "atlantic" of "Mid-Atlantic") that
            // then matched nothing is still unknown.
            var correctedName = token.TypedText is not null && !KnownWords.Contains(token.Text);

            // An everyday word written as a name where a name goes ("the pipeline for Will") is a name.
            var capitalisedWord = token.LooksLikeName && i > 0 && (token.Possessive || tokens[i - 1].Text is "for" or "about" or "with" or "is" or "did" or "does" or "and")
                && !PeriodParser.Words.Contains(token.Text) && token.Text.Length >= 3;
            if (token.Consumed || token.Text.Length < 3 || token.Text.Any(char.IsDigit)
                || (!correctedName && !capitalisedWord && (KnownWords.Contains(token.Text) || index.Words.Contains(token.Text))))
            {
                continue;
            }

            var before = i > 0 ? tokens[i - 1].Text : "";
            var after = i + 1 < tokens.Count ? tokens[i + 1].Text : "";
            // Lower-case words need a name's place on both sides ("did atlantis miss", "for atlantis?") to count.
            var inSlot = (CommonWords.NameSlotBefore.Contains(before) && (after.Length == 0 || CommonWords.NameSlotAfter.Contains(after)))
                || (i == 0 && CommonWords.NameSlotAfter.Contains(after));
            var nameNearSlot = token.LooksLikeName && (CommonWords.NameSlotBefore.Contains(before) || CommonWords.NameSlotAfter.Contains(after)
                || (i > 0 && tokens[i - 1].Role == "unknown"));
            if (token.Possessive || inSlot || nameNearSlot)
            {
                // Two unknown capitalised words in a row are one name ("New Atlantis").
                if (unknown.Count > 0 && i > 0 && tokens[i - 1].Role == "unknown")
                {
                    unknown[^1] += " " + token.Original;
                }
                else
                {
                    var apostrophe = token.Original.IndexOf('\'', StringComparison.Ordinal);
                    unknown.Add(token.Possessive && apostrophe > 0 ? token.Original[..apostrophe] : token.Original);
                }

                token.Role = "unknown";
            }
        }

        return unknown;
    }

    private static int? OrdinalOf(List<string> words)
    {
        foreach (var word in words)
        {
            switch (word)
            {
                case "first" or "1" or "1st" or "former" or "top":
                    return 0;
                case "second" or "2" or "2nd" or "latter" or "other":
                    return 1;
                case "third" or "3" or "3rd":
                    return 2;
                case "last" or "bottom":
                    return -1;
            }
        }

        return null;
    }

    private static string? FirstPhrase((string Name, string[] Phrases)[] table, List<string> words)
    {
        foreach (var (name, phrases) in table)
        {
            for (var i = 0; i < words.Count; i++)
            {
                if (phrases.Any(p => MatchAt(words, i, p)))
                {
                    return name;
                }
            }
        }

        return null;
    }

    private static bool MatchAt(List<string> words, int i, string phrase)
    {
        var parts = phrase.Split(' ');
        if (i + parts.Length > words.Count)
        {
            return false;
        }

        for (var k = 0; k < parts.Length; k++)
        {
            if (words[i + k] != parts[k])
            {
                return false;
            }
        }

        return true;
    }

    private static bool ContainsSequence(List<string> words, string first, string second)
    {
        for (var i = 0; i + 1 < words.Count; i++)
        {
            if (words[i] == first && words[i + 1] == second)
            {
                return true;
            }
        }

        return false;
    }

    private static void Mark(Token token, string role)
    {
        token.Consumed = true;
        token.Role = role;
    }

    private static void MarkNew(List<Token> tokens, string role)
    {
        foreach (var token in tokens.Where(t => t.Consumed && t.Role is null))
        {
            token.Role = role;
        }
    }
}
