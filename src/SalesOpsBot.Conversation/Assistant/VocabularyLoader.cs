using System.Text.Json;
using SalesOpsBot.Conversation.Routing;
using SalesOpsBot.Warehouse.Access;
using SalesOpsBot.Warehouse.Insights;
using SalesOpsBot.Warehouse.Querying;

namespace SalesOpsBot.Conversation.Assistant;

/// <summary>
/// Builds the router's vocabulary from the warehouse under the caller's access scope: only names the caller may
/// see can be recognised, suggested or offered in a clarification. Aliases map a leader's word to a territory name
/// (default list embedded; <c>SALESOPS_ALIASES</c> names a JSON file of the same shape to use instead).
/// </summary>
public sealed class VocabularyLoader(SqlRunner runner, IReadOnlyDictionary<string, string> aliasesByName)
{
    private sealed record AttributeRow(string Kind, string Id, string Name);

    public static IReadOnlyDictionary<string, string> DefaultAliases { get; } = LoadEmbeddedAliases();

    public static IReadOnlyDictionary<string, string> LoadAliases(string? path) =>
        string.IsNullOrWhiteSpace(path) ? DefaultAliases : ParseAliases(File.ReadAllText(path));

    public async Task<Vocabulary> LoadAsync(AccessScope access, Hierarchy hierarchy, CancellationToken cancellationToken, SqlTrace? trace = null)
    {
        var entries = new List<VocabularyEntry>();
        entries.AddRange(hierarchy.Territories.Select(t => new VocabularyEntry(t.TerritoryId, t.Name, VocabularyKinds.Territory, t.ParentId)));
        entries.AddRange(hierarchy.People.Select(p => new VocabularyEntry(p.RepId, p.Name, VocabularyKinds.Rep, p.TerritoryId)));
        var attributes = await runner.QueryAsync<AttributeRow>("Dimensions/DealAttributes", access, null, cancellationToken, trace);
        entries.AddRange(attributes.Rows.Select(a => new VocabularyEntry(a.Id, a.Name, a.Kind)));

        var territoryByName = hierarchy.Territories
            .GroupBy(t => t.Name, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() == 1)
            .ToDictionary(g => g.Key, g => g.Single().TerritoryId, StringComparer.OrdinalIgnoreCase);
        var aliases = aliasesByName
            .Where(a => territoryByName.ContainsKey(a.Value))
            .ToDictionary(a => a.Key.ToLowerInvariant(), a => territoryByName[a.Value], StringComparer.OrdinalIgnoreCase);
        return new Vocabulary(entries, aliases);
    }

    private static Dictionary<string, string> LoadEmbeddedAliases()
    {
        using var stream = typeof(VocabularyLoader).Assembly.GetManifestResourceStream("SalesOpsBot.Conversation.default-aliases.json")
            ?? throw new InvalidOperationException("The default alias list is not embedded.");
        using var reader = new StreamReader(stream);
        return ParseAliases(reader.ReadToEnd());
    }

    private static Dictionary<string, string> ParseAliases(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json)!
            .Where(a => !a.Key.StartsWith("//", StringComparison.Ordinal))
            .ToDictionary(a => a.Key, a => a.Value, StringComparer.OrdinalIgnoreCase);
}
