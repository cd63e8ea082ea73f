namespace SalesOpsBot.Conversation.Routing;

internal enum MatchKind
{
    Name,
    Alias,
    FullName,
    FirstName,
    LastName,
}

internal sealed record NameKey(VocabularyEntry Entry, MatchKind Kind);

/// <summary>A name found in the question: one entry, or several when it is ambiguous ("Alex").</summary>
internal sealed record Mention(IReadOnlyList<VocabularyEntry> Candidates, int Start, int Length, string Text, bool Possessive)
{
    public string Kind => Candidates[0].Kind;

    public bool IsAmbiguous => Candidates.Count > 1;
}

/// <summary>The vocabulary's names and aliases as normalised word sequences, built once per vocabulary.</summary>
internal sealed class VocabularyIndex
{
    private readonly Dictionary<string, List<NameKey>> _keys = new(StringComparer.Ordinal);

    public VocabularyIndex(Vocabulary vocabulary)
    {
        Vocabulary = vocabulary;
        foreach (var entry in vocabulary.Entries)
        {
            var words = QuestionText.Normalize(entry.Name).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0)
            {
                continue;
            }

            Add(string.Join(' ', words), entry, entry.Kind == VocabularyKinds.Rep ? MatchKind.FullName : MatchKind.Name);
            if (entry.Name.IndexOfAny(['-', '&', '/']) >= 0)
            {
                // "Mid-Market" is also typed "midmarket".
                Add(string.Concat(words.Where(w => w != "and")), entry, MatchKind.Name);
            }

            if (entry.Kind == VocabularyKinds.Rep && words.Length >= 2)
            {
                Add(words[0], entry, MatchKind.FirstName);
                Add(words[^1], entry, MatchKind.LastName);
            }
        }

        foreach (var (alias, id) in vocabulary.Aliases)
        {
            var entry = vocabulary.Find(id);
            if (entry is not null)
            {
                Add(QuestionText.Normalize(alias), entry, MatchKind.Alias);
            }
        }

        Words = _keys.Keys.SelectMany(k => k.Split(' ')).ToHashSet(StringComparer.Ordinal);
        MaxWords = _keys.Keys.Max(k => k.Split(' ').Length);
    }

    public Vocabulary Vocabulary { get; }

    /// <summary>Every word of every name and alias.</summary>
    public IReadOnlySet<string> Words { get; }

    public int MaxWords { get; }

    public IReadOnlyList<NameKey> Lookup(string key)
    {
        if (_keys.TryGetValue(key, out var found))
        {
            return found;
        }

        // Plurals: "renewals" → "Renewal", "nordic" → "Nordics".
        if (key.Length > 3 && key.EndsWith('s') && _keys.TryGetValue(key[..^1], out found))
        {
            return found;
        }

        return _keys.TryGetValue(key + "s", out found) ? found : [];
    }

    /// <summary>The display name with its territory for a rep ("Alex Morgan (UK&amp;I)").</summary>
    public string Describe(VocabularyEntry entry)
    {
        if (entry.ParentId is null || entry.Kind != VocabularyKinds.Rep)
        {
            return entry.Name;
        }

        var parent = Vocabulary.Find(entry.ParentId);
        return parent is null ? entry.Name : $"{entry.Name} ({parent.Name})";
    }

    /// <summary>Whether <paramref name="ancestorId"/> is the entry itself or a territory above it.</summary>
    public bool IsWithin(VocabularyEntry entry, string ancestorId)
    {
        var current = entry;
        for (var depth = 0; current is not null && depth < 16; depth++)
        {
            if (string.Equals(current.Id, ancestorId, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            current = current.ParentId is null ? null : Vocabulary.Find(current.ParentId);
        }

        return false;
    }

    private void Add(string key, VocabularyEntry entry, MatchKind kind)
    {
        if (key.Length == 0)
        {
            return;
        }

        if (!_keys.TryGetValue(key, out var list))
        {
            list = [];
            _keys[key] = list;
        }

        if (!list.Any(k => k.Entry.Id == entry.Id))
        {
            list.Add(new NameKey(entry, kind));
        }
    }
}

/// <summary>Finds names in the question, longest first, marking their words consumed.</summary>
internal static class EntityMatcher
{
    public static List<Mention> Find(List<Token> tokens, VocabularyIndex index)
    {
        var mentions = new List<Mention>();
        var open = tokens.Where(t => !t.Consumed).ToList();
        for (var i = 0; i < open.Count; i++)
        {
            for (var n = Math.Min(index.MaxWords, open.Count - i); n >= 1; n--)
            {
                var span = open.GetRange(i, n);
                if (span.Take(n - 1).Any(t => t.Possessive))
                {
                    continue;
                }

                var found = index.Lookup(string.Join(' ', span.Select(t => t.Text)));
                var usable = Usable(found, span);
                if (usable.Count == 0)
                {
                    continue;
                }

                var best = usable.Min(k => Rank(k.Kind));
                var candidates = usable.Where(k => Rank(k.Kind) == best).Select(k => k.Entry).DistinctBy(e => e.Id).ToList();
                mentions.Add(new Mention(candidates, span[0].Position, n, string.Join(' ', span.Select(t => t.Original)), span[^1].Possessive));
                foreach (var token in span)
                {
                    token.Consumed = true;
                }

                i += n - 1;
                break;
            }
        }

        return mentions;
    }

    private static int Rank(MatchKind kind) => kind is MatchKind.FirstName or MatchKind.LastName ? 1 : 0;

    private static List<NameKey> Usable(IReadOnlyList<NameKey> found, List<Token> span)
    {
        if (found.Count == 0)
        {
            return [];
        }

        // A bare first or last name that is also an everyday word ("Will", "Grant") counts only when written as a name.
        var single = span.Count == 1 ? span[0] : null;
        return [.. found.Where(k =>
            k.Kind is not (MatchKind.FirstName or MatchKind.LastName)
            || single is null
            || !CommonWords.All.Contains(single.Text)
            || single.LooksLikeName
            || single.Possessive)];
    }
}
