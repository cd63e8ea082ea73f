using System.Text.Json;
using System.Text.Json.Serialization;

namespace SalesOpsBot.Conversation.Routing;

/// <summary>
/// One name the router can recognise: a territory, rep, segment, product, type or lead source, as the
/// warehouse spells it. <see cref="ParentId"/> is the parent territory of a territory, or the territory of a rep.
/// </summary>
public sealed record VocabularyEntry(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("parent_id")] string? ParentId = null);

/// <summary>
/// The names the caller may ask about (loaded from the warehouse under the caller's access scope) and
/// configurable aliases: alias text → entry id, e.g. "europe" → T-EMEA, "germany" → T-EMEA-DACH.
/// </summary>
public sealed record Vocabulary(
    [property: JsonPropertyName("entries")] IReadOnlyList<VocabularyEntry> Entries,
    [property: JsonPropertyName("aliases")] IReadOnlyDictionary<string, string> Aliases)
{
    private static readonly JsonSerializerOptions JsonOptions = new() { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public VocabularyEntry? Find(string id) => Entries.FirstOrDefault(e => string.Equals(e.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads the fixture format of <c>tests/golden/vocabulary.json</c>: <c>{ "entries": [...], "aliases": { "europe": "T-EMEA" } }</c>.</summary>
    public static Vocabulary FromJson(string json)
    {
        var vocabulary = JsonSerializer.Deserialize<Vocabulary>(json, JsonOptions)
            ?? throw new InvalidDataException("The vocabulary file is empty.");
        return vocabulary with
        {
            Entries = vocabulary.Entries ?? [],
            Aliases = vocabulary.Aliases ?? new Dictionary<string, string>(),
        };
    }
}

/// <summary>The <see cref="VocabularyEntry.Kind"/> values.</summary>
public static class VocabularyKinds
{
    public const string Territory = "territory";
    public const string Rep = "rep";
    public const string Segment = "segment";
    public const string Product = "product";
    public const string Type = "type";
    public const string LeadSource = "lead_source";
}
