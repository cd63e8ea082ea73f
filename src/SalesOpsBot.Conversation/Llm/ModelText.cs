using System.Text.RegularExpressions;

namespace SalesOpsBot.Conversation.Llm;

/// <summary>Checks on the model's text besides its numbers: no links or images out, no verbatim system prompt.</summary>
public static partial class ModelText
{
    private const int ShingleWords = 8;

    [GeneratedRegex(@"!\[[^\]]*\]\([^)]*\)")]
    private static partial Regex MarkdownImage();

    [GeneratedRegex(@"\[([^\]]+)\]\([^)]*\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"\b(?:https?|ftp)://\S+|\bwww\.\S+", RegexOptions.IgnoreCase)]
    private static partial Regex BareUrl();

    [GeneratedRegex(@"\{\{[^}]*\}\}|<[^>]+>")]
    private static partial Regex TemplateMarkup();

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();

    /// <summary>Drops images and URLs (data could leave in a URL the client fetches); keeps a link's text.</summary>
    public static string WithoutLinks(string text) =>
        BareUrl().Replace(MarkdownLink().Replace(MarkdownImage().Replace(text, ""), "$1"), "").Trim();

    /// <summary>Whether <paramref name="text"/> repeats <see cref="ShingleWords"/> consecutive words of the prompt's fixed text.</summary>
    public static bool RepeatsPrompt(string text, string template)
    {
        var promptWords = Words(TemplateMarkup().Replace(template, " "));
        var shingles = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + ShingleWords <= promptWords.Count; i++)
        {
            shingles.Add(string.Join(' ', promptWords.GetRange(i, ShingleWords)));
        }

        var words = Words(text);
        for (var i = 0; i + ShingleWords <= words.Count; i++)
        {
            if (shingles.Contains(string.Join(' ', words.GetRange(i, ShingleWords))))
            {
                return true;
            }
        }

        return false;
    }

    private static List<string> Words(string text) =>
        [.. Word().Matches(text).Select(m => m.Value.ToLowerInvariant())];
}
