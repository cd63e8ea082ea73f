using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SalesOpsBot.Conversation.Routing;

/// <summary>A word of the question: lower-cased, accents removed, typo-corrected in place.</summary>
internal sealed class Token(string text, string original, int position)
{
    public string Text { get; set; } = text;
    public string Original { get; } = original;
    public int Position { get; } = position;

    /// <summary>Written "Alex's": the word names an owner.</summary>
    public bool Possessive { get; init; }

    /// <summary>Written with a capital letter in a place where a plain word would not have one.</summary>
    public bool LooksLikeName { get; set; }

    /// <summary>Already understood by an earlier parser (period, schedule, entity), so later ones skip it.</summary>
    public bool Consumed { get; set; }

    /// <summary>Which parser consumed the word ("period", "entity", "baseline", …), for the intent cues' placeholders.</summary>
    public string? Role { get; set; }

    /// <summary>The word as typed before typo correction changed it, or null.</summary>
    public string? TypedText { get; set; }

    public override string ToString() => Text;
}

/// <summary>Splits a question into <see cref="Token"/>s, expanding contractions and possessives.</summary>
internal static partial class QuestionText
{
    private static readonly Dictionary<string, string[]> Contractions = new(StringComparer.Ordinal)
    {
        ["who's"] = ["who", "is"], ["what's"] = ["what", "is"], ["how's"] = ["how", "is"], ["where's"] = ["where", "is"],
        ["that's"] = ["that", "is"], ["it's"] = ["it", "is"], ["there's"] = ["there", "is"], ["let's"] = ["let", "us"],
        ["here's"] = ["here", "is"], ["whats"] = ["what", "is"], ["hows"] = ["how", "is"], ["whos"] = ["who", "is"],
        ["won't"] = ["will", "not"], ["can't"] = ["can", "not"], ["cant"] = ["can", "not"], ["dont"] = ["do", "not"],
        ["didnt"] = ["did", "not"], ["arent"] = ["are", "not"], ["im"] = ["i", "am"],
    };

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:[:.]\p{N}+)?(?:'\p{L}*)?|&|\?|\.|!|,")]
    private static partial Regex WordPattern();

    public static List<Token> Tokenize(string question)
    {
        var text = RemoveAccents(question).Replace('\u2019', '\'').Replace('\u2018', '\'').Replace('`', '\'');
        // Capitals mark names only in ordinary writing: not when SHOUTING or Writing Every Word Capitalised.
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => char.IsLetter(w[0])).ToList();
        var shouting = (text.Any(char.IsLetter) && !text.Any(char.IsLower))
            || (words.Count >= 4 && words.Count(w => char.IsUpper(w[0])) >= 0.7 * words.Count);
        var tokens = new List<Token>();
        var sentenceStart = true;
        foreach (Match match in WordPattern().Matches(text))
        {
            var raw = match.Value;
            if (raw is "?" or "." or "!")
            {
                sentenceStart = true;
                continue;
            }

            if (raw == ",")
            {
                continue;
            }

            var lower = raw.ToLowerInvariant();
            var looksLikeName = !shouting && !sentenceStart && char.IsUpper(raw[0]);
            sentenceStart = false;
            if (lower == "&")
            {
                tokens.Add(new Token("and", raw, tokens.Count));
                continue;
            }

            if (Contractions.TryGetValue(lower, out var expanded))
            {
                foreach (var word in expanded)
                {
                    tokens.Add(new Token(word, raw, tokens.Count));
                }

                continue;
            }

            var apostrophe = lower.IndexOf('\'', StringComparison.Ordinal);
            if (apostrophe < 0)
            {
                tokens.Add(new Token(lower, raw, tokens.Count) { LooksLikeName = looksLikeName });
                continue;
            }

            var stem = lower[..apostrophe];
            var suffix = lower[(apostrophe + 1)..];
            switch (suffix)
            {
                case "t" when stem.EndsWith('n'):
                    tokens.Add(new Token(stem[..^1], raw, tokens.Count));
                    tokens.Add(new Token("not", raw, tokens.Count));
                    break;
                case "re":
                    tokens.Add(new Token(stem, raw, tokens.Count));
                    tokens.Add(new Token("are", raw, tokens.Count));
                    break;
                case "m":
                    tokens.Add(new Token(stem, raw, tokens.Count));
                    tokens.Add(new Token("am", raw, tokens.Count));
                    break;
                case "ll" or "ve" or "d":
                    tokens.Add(new Token(stem, raw, tokens.Count));
                    break;
                default:
                    // "Alex's", "reps'", "EMEA's": the owner of what follows.
                    tokens.Add(new Token(stem, raw, tokens.Count) { Possessive = true, LooksLikeName = looksLikeName });
                    break;
            }
        }

        return tokens;
    }

    public static string Normalize(string phrase) =>
        string.Join(' ', Tokenize(phrase).Select(t => t.Text));

    private static string RemoveAccents(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c);
            }
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }
}

/// <summary>Typo tolerance: edit distance allowed grows with word length; short words must match exactly.</summary>
public static class Typos
{
    /// <summary>Edits allowed for a word of <paramref name="length"/> letters: none below 4, one up to 8, two from 9.</summary>
    public static int Allowed(int length) => length switch
    {
        < 4 => 0,
        < 9 => 1,
        _ => 2,
    };

    /// <summary>Optimal-string-alignment distance (insert, delete, substitute, swap neighbours), stopping early past <paramref name="limit"/>.</summary>
    public static int Distance(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) > limit)
        {
            return limit + 1;
        }

        var previous2 = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, previous2[j - 2] + 1);
                }

                current[j] = value;
                rowMin = Math.Min(rowMin, value);
            }

            if (rowMin > limit)
            {
                return limit + 1;
            }

            (previous2, previous, current) = (previous, current, previous2);
        }

        return previous[b.Length];
    }
}
