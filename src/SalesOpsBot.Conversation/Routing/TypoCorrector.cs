namespace SalesOpsBot.Conversation.Routing;

/// <summary>
/// Replaces a misspelt word by the one known word within the allowed edit distance ("pipline" → "pipeline",
/// "Germnay" → "germany"). A word written like a name is only corrected towards the vocabulary's names, so an
/// unknown "Jane" never turns into "june".
/// </summary>
internal static class TypoCorrector
{
    public static void Correct(List<Token> tokens, VocabularyIndex index)
    {
        foreach (var token in tokens)
        {
            var word = token.Text;
            if (word.Length < 4 || word.Any(char.IsDigit) || TurnParser.KnownWords.Contains(word) || index.Words.Contains(word)
                || IsPlural(word, index))
            {
                continue;
            }

            var nameOnly = token.LooksLikeName || token.Possessive;
            var best = Closest(word, index.Words, null);
            if (!nameOnly)
            {
                best = Closest(word, TurnParser.KnownWords, best);
            }

            if (best is { Word: not null, Unique: true })
            {
                token.TypedText = word;
                token.Text = best.Value.Word;
            }
        }
    }

    private static bool IsPlural(string word, VocabularyIndex index) =>
        word.EndsWith('s') && (index.Words.Contains(word[..^1]) || TurnParser.KnownWords.Contains(word[..^1]));

    private static (string? Word, int Distance, bool Unique)? Closest(string word, IEnumerable<string> known, (string? Word, int Distance, bool Unique)? best)
    {
        var allowed = Typos.Allowed(word.Length);
        foreach (var candidate in known)
        {
            if (candidate.Length < 4 || Typos.Allowed(Math.Min(candidate.Length, word.Length)) == 0)
            {
                continue;
            }

            var limit = Math.Min(allowed, Typos.Allowed(candidate.Length));
            var distance = Typos.Distance(word, candidate, limit);
            if (distance > limit)
            {
                continue;
            }

            if (best is null || distance < best.Value.Distance)
            {
                best = (candidate, distance, true);
            }
            else if (distance == best.Value.Distance && candidate != best.Value.Word)
            {
                best = (best.Value.Word, distance, false);
            }
        }

        return best;
    }
}
