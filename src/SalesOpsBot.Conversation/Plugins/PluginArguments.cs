using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Conversation.Assistant;
using SalesOpsBot.Conversation.Routing;

namespace SalesOpsBot.Conversation.Plugins;

/// <summary>An argument the model gave that names nothing the caller can see; its message goes back to the model.</summary>
internal sealed class PluginArgumentException(string message) : Exception(message);

/// <summary>
/// Turns the names and period text a model passes into the ids the analyses take, through the same scoped
/// vocabulary, typo tolerance and period parser as the router: a name outside the caller's access is simply unknown.
/// </summary>
internal sealed class PluginArguments(TurnGrounding grounding, DateOnly asOf, FiscalCalendar calendar)
{
    private const int NamesShownInErrors = 12;

    private static readonly HashSet<string> PeriodFillers = new(StringComparer.Ordinal) { "the", "of", "in", "for", "during", "fiscal", "period", "and" };

    private readonly VocabularyIndex? _index = grounding.Vocabulary.Entries.Count == 0 ? null : new VocabularyIndex(grounding.Vocabulary);

    /// <summary>The vocabulary id for <paramref name="name"/> among entries of the given kinds; null for a blank name.</summary>
    public VocabularyEntry? Entry(string? name, string what, params string[] kinds)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var text = name.Trim();
        var byId = grounding.Vocabulary.Find(text);
        if (byId is not null && kinds.Contains(byId.Kind))
        {
            return byId;
        }

        var candidates = Candidates(text, kinds);
        return candidates.Count switch
        {
            1 => candidates[0],
            0 => throw new PluginArgumentException(
                $"Unknown {what} \"{text}\": it is not among the {Plural(what)} this user can see. Known {Plural(what)}: {Known(kinds)}. Ask the user instead of guessing."),
            _ => throw new PluginArgumentException(
                $"\"{text}\" is ambiguous: it could be {string.Join(" or ", candidates.Select(_index!.Describe))}. Ask the user which one they mean."),
        };
    }

    /// <summary>The period a text like "FY2026 Q3", "last quarter" or "YTD" names, relative to the turn's as-of date; null for a blank text.</summary>
    public FiscalPeriod? Period(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var tokens = QuestionText.Tokenize(text);
        var periods = new PeriodParser(asOf, calendar).Parse(tokens);
        // A half-read text ("the year of the dragon") is refused rather than answered for the part that was understood.
        var unread = tokens.Where(t => !t.Consumed && !PeriodFillers.Contains(t.Text)).ToList();
        return periods.Count > 0 && unread.Count == 0
            ? periods[0]
            : throw new PluginArgumentException(
                $"Cannot read the period \"{text.Trim()}\". Use forms like \"FY2026 Q3\", \"Q3\", \"last quarter\", \"this quarter\", \"QTD\", \"YTD\", \"H1\", \"last year\", \"in September\", \"last 30 days\".");
    }

    public RoutedFilters Filters(string? segment, string? product, string? dealType, string? leadSource) => new(
        Entry(segment, "segment", VocabularyKinds.Segment)?.Id,
        Entry(product, "product", VocabularyKinds.Product)?.Id,
        Entry(dealType, "deal type", VocabularyKinds.Type)?.Id,
        Entry(leadSource, "lead source", VocabularyKinds.LeadSource)?.Id);

    /// <summary>Whether the model means the caller ("me", "my").</summary>
    public static bool IsCaller(string? rep) =>
        rep?.Trim().ToLowerInvariant() is "me" or "my" or "myself" or "mine" or "i";

    public string Known(params string[] kinds)
    {
        var names = grounding.Vocabulary.Entries.Where(e => kinds.Contains(e.Kind)).Select(e => e.Name).Distinct(StringComparer.Ordinal).ToList();
        return names.Count == 0
            ? "(none)"
            : string.Join(", ", names.Order(StringComparer.Ordinal).Take(NamesShownInErrors)) + (names.Count > NamesShownInErrors ? $" and {names.Count - NamesShownInErrors} more" : "");
    }

    private static string Plural(string what) => what.EndsWith('y') ? what[..^1] + "ies" : what + "s";

    private List<VocabularyEntry> Candidates(string text, string[] kinds)
    {
        if (_index is null)
        {
            return [];
        }

        var tokens = QuestionText.Tokenize(text);
        foreach (var token in tokens)
        {
            // An argument is a name, so typos are corrected towards names only.
            token.LooksLikeName = true;
        }

        TypoCorrector.Correct(tokens, _index);
        var mentions = EntityMatcher.Find(tokens, _index);
        if (mentions.Count != 1 || tokens.Any(t => !t.Consumed && t.Text is not ("the" or "team" or "territory" or "region" or "segment")))
        {
            return [];
        }

        return [.. mentions[0].Candidates.Where(c => kinds.Contains(c.Kind))];
    }
}
