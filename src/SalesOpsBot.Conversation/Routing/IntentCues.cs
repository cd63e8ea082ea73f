using SalesOpsBot.Conversation.Answers;

namespace SalesOpsBot.Conversation.Routing;

/// <summary>
/// How leaders phrase each intent. A cue is a word sequence where "*" skips zero to four words and
/// "@e" / "@p" stand for a name or period already recognised. Matched cues add their weight to their
/// intent, each word counting once per intent (the heaviest cue that uses it), and the highest total
/// wins: "pipeline coverage" scores once, not also as "pipeline" and "coverage".
/// </summary>
internal static class IntentCues
{
    public sealed record Cue(string Intent, string[] Words, int Weight);

    public static readonly IReadOnlyList<Cue> All = Build(
        (Intents.Help, 5, "help|usage|menu|commands|capabilities"),
        (Intents.Help, 8, "what can you do|what can i ask|what do you do|what can you answer|what kind of questions|what questions can|how do i use|how does this work|how do you work|example questions|getting started|who are you|what do you know"),
        (Intents.Help, 4, "examples"),
        (Intents.Help, 2, "hello|hi|hey"),

        (Intents.Definition, 14, "how do you work out|how do we work out|how is * worked out|what do you mean by|what do we mean by|how do you calculate|how do we calculate|how is * calculated|how are * calculated|how do you compute|how is * computed|how do you define|what counts as|how is * defined|how do you measure|how is * measured"),
        (Intents.Definition, 10, "definition|define|what does * mean|meaning of|formula|methodology"),
        (Intents.Definition, 5, "calculated|calculation|computed|defined"),

        (Intents.DataQuality, 9, "data quality|bad data|data issues|data issue|data problems|trust the numbers|trust the data|trust these numbers|trust this data|close dates in the past|close date in the past|data health|crm hygiene|data gaps|no close date|without an amount|without amounts|missing amounts"),
        (Intents.DataQuality, 7, "hygiene|duplicates|duplicate"),
        (Intents.DataQuality, 10, "no amount|zero amount|with no amount|without a close date|are missing|is missing|missing a close date|missing close dates|missing an amount|without a close date"),
        (Intents.DataQuality, 8, "missing"),
        (Intents.DataQuality, 5, "stale|dirty|past due|overdue|incomplete|clean up|cleanup"),
        (Intents.DataQuality, 3, "quality|data"),

        (Intents.Compare, 8, "compare|comparison|side by side|stack up|stacks up|head to head"),
        (Intents.Compare, 6, "difference between|which is better|who is better"),
        (Intents.Compare, 4, "vs|versus|benchmark"),
        (Intents.Compare, 2, "against|better|compared"),

        (Intents.ExplainAttainment, 8, "what is driving|what drives|what is behind|what went wrong|root cause|what drove|what caused|what hurt|post mortem|postmortem|fell short|came up short|come up short|what happened"),
        (Intents.ExplainAttainment, 6, "explain|drivers|driver|reason|reasons|shortfall|bridge|diagnose|underperformed|underperform|overperformed|went wrong"),
        (Intents.ExplainAttainment, 5, "why|miss|missed|misses|beat|cause|causes|happened|blew"),
        (Intents.ExplainAttainment, 3, "gap|short of|hurt|break down|so low|so bad|crushed"),

        (Intents.Attainment, 10, "top rep|best rep|top seller|top sellers|who is the top|who is the best|who is the worst|who is top|who is best|who is ahead|who is leading|who is lagging|who is struggling|who is underperforming|who is missing|who is on track|who is off track|leaderboard|top reps|best reps|worst reps|bottom reps|top performers|bottom performers|who are the top|who are the bottom"),
        (Intents.Attainment, 8, "how are we tracking|how did we do|how are we doing|where do we stand|ranking|rank|ranked|which reps|which rep|how are we pacing"),
        (Intents.Attainment, 7, "how did * do|how is * doing|how are * doing|how is * performing|how are * performing|how did * perform|how is * tracking|how are * tracking|how is * pacing|how are * pacing|where are we"),
        (Intents.Attainment, 6, "attainment|on track|on pace|hit quota|hit plan|scorecard|which territories|which regions|which region|which segments|which products"),
        (Intents.Attainment, 5, "tracking|bookings|booked|revenue|quota|performance|results|off track"),
        (Intents.Attainment, 4, "how much did we|how much have we|to plan|summary|overview|recap|lagging|performing|underperforming"),
        (Intents.Attainment, 6, "how many deals|how many opportunities|have we closed|did we close|how much have we closed"),
        (Intents.Attainment, 5, "win rate|deal size|cycle|asp"),
        (Intents.Attainment, 3, "behind|ahead|status|result|closed won|percent|numbers|did * hit"),
        (Intents.Attainment, 2, "book|sales|who|look|looking|update|stand|number|worst|best|total"),

        (Intents.RepPerformance, 12, "how are my reps|how are the reps|how are our reps|reps doing|reps performing|rep attainment|reps attainment|attainment by rep|rep performance|rep scorecard|rep scorecards|attainment distribution|distribution of attainment|who is behind|new hires|new hire|ramping|vacant seats|vacant seat|vacancies|vacancy|open seats|empty seats|unfilled seats|reps at quota|reps below quota|reps above quota|how many reps"),
        (Intents.RepPerformance, 6, "ramp|ramped|vacant|headcount|hires"),

        (Intents.Forecast, 9, "make her number|make his number|make their number|will * make|will * hit|going to make|gonna make|make the number|make our number|make the quarter|will we hit|will we make|where will we land|where are we going to land|finish the quarter|land the quarter"),
        (Intents.Forecast, 7, "forecast|forecasted|projection|projected|outlook|predict|prediction|best case|hit the number|hit our number|make quota|make plan"),
        (Intents.Forecast, 7, "are we calling|what are we calling|calling for|where will|end @p|finish @p"),
        (Intents.Forecast, 6, "commit|upside|landing|are we going to|forecasting|roll up|rollup"),
        (Intents.Forecast, 5, "land|will we|the call|end up|expect"),
        (Intents.Forecast, 3, "call|likely|expected|project|weighted|finish|on track to"),

        (Intents.Pipeline, 8, "how much pipeline|enough pipeline|open pipeline|pipeline coverage"),
        (Intents.Pipeline, 6, "coverage|open opportunities|open opps|pipeline generation|pipegen|pipeline created"),
        (Intents.Pipeline, 4, "pipeline|pipe"),
        (Intents.Pipeline, 2, "created|generated|generate|enough"),

        (Intents.PipelineChanges, 8, "net pipeline change|pipeline change|pipeline changes|what changed|what moved|net change|stage changes|what is new in|dropped out|fell out|moved out|pushed out"),
        (Intents.PipelineChanges, 7, "slipped|movement|movements|what slipped"),
        (Intents.PipelineChanges, 6, "slip|slipping|slips|slippage|pushed|pulled in|pulled forward|pull ins|waterfall|week over week|downgraded|changes|what got"),
        (Intents.PipelineChanges, 5, "push|pushes|added|dropped|moved|delta|changed|progressed|upgraded"),
        (Intents.PipelineChanges, 3, "change|removed|increased|decreased|grew|shrunk|shrank|advanced"),

        (Intents.Deals, 9, "show me the * deals|show me * deals|list * deals|which * deals|top deals|which deals|what deals|big deals|large deals|biggest deals|largest deals|top opportunities|top opps|show me the deals|list the deals|deal list|which opportunities|what opportunities"),
        (Intents.Deals, 6, "the * ones"),
        (Intents.Deals, 5, "biggest|largest|list|at risk|stuck|stalled|whales|closing"),
        (Intents.Deals, 4, "deals|opportunities|opps|lost|losses|lose|losing"),
        (Intents.Deals, 3, "opportunity|wins"),

        (Intents.Trend, 12, "trend|trends|over time|quarter by quarter|quarter over quarter|month by month|month over month|trajectory|changed over"),
        (Intents.Trend, 8, "trending|trended|over the years|history|historical|historically|evolved|evolve|getting better|getting worse|by quarter|by month|per quarter|each quarter"),
        (Intents.Trend, 6, "improving|declining"),
        (Intents.Trend, 4, "over @p|over the @p"),
        (Intents.Trend, 2, "chart"),

        (Intents.Subscribe, 12, "what am i subscribed to|my subscriptions|list my subscriptions|which subscriptions|what subscriptions"),
        (Intents.Subscribe, 10, "subscribe|subscriptions|subscribed"),
        (Intents.Subscribe, 8, "send me|email me|message me|ping me|notify me|alert me|post me|every morning|every day|each morning|every week"),
        (Intents.Subscribe, 7, "remind me"),
        (Intents.Subscribe, 6, "alerts|digest|weekly|schedule|scheduled|send"),
        (Intents.Subscribe, 5, "every|daily|monthly|alert|each week|emails|email|notifications"),

        (Intents.Unsubscribe, 14, "unsubscribe|stop sending|do not send|opt out|stop the|stop my|stop all"),
        (Intents.Unsubscribe, 10, "turn off|no more|cancel|disable|mute|no longer want|do not want|no longer need|do not need"),
        (Intents.Unsubscribe, 8, "stop|pause|get rid of|remove the"));

    /// <summary>Every word any cue uses, for the typo corrector.</summary>
    public static IEnumerable<string> Words => All.SelectMany(c => c.Words).Where(w => w[0] != '@' && w != "*");

    private static List<Cue> Build(params (string Intent, int Weight, string Phrases)[] groups) =>
        [.. groups.SelectMany(g => g.Phrases.Split('|').Select(p => new Cue(g.Intent, p.Split(' '), g.Weight)))];

    /// <summary>Whether the cue occurs in <paramref name="words"/> ("*" skips zero to four words).</summary>
    public static bool Matches(string[] cue, IReadOnlyList<string> words) => Match(cue, words) is not null;

    /// <summary>The positions of the cue's literal words at its first occurrence, or null.</summary>
    public static List<int>? Match(string[] cue, IReadOnlyList<string> words)
    {
        var positions = new List<int>();
        for (var start = 0; start < words.Count; start++)
        {
            positions.Clear();
            if (MatchesAt(cue, 0, words, start, positions))
            {
                return positions;
            }
        }

        return null;
    }

    private static bool MatchesAt(string[] cue, int c, IReadOnlyList<string> words, int w, List<int> positions)
    {
        if (c == cue.Length)
        {
            return true;
        }

        if (cue[c] == "*")
        {
            for (var gap = 0; gap <= 4 && w + gap <= words.Count; gap++)
            {
                var mark = positions.Count;
                if (MatchesAt(cue, c + 1, words, w + gap, positions))
                {
                    return true;
                }

                positions.RemoveRange(mark, positions.Count - mark);
            }

            return false;
        }

        if (w >= words.Count || words[w] != cue[c])
        {
            return false;
        }

        positions.Add(w);
        if (MatchesAt(cue, c + 1, words, w + 1, positions))
        {
            return true;
        }

        positions.RemoveAt(positions.Count - 1);
        return false;
    }
}
