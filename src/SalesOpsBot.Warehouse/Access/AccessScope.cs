namespace SalesOpsBot.Warehouse.Access;

/// <summary>
/// Whose sales data a query may read, resolved on the server from the caller's identity and applied in SQL
/// by every query that reads sales data: a deal is visible when <see cref="All"/> is set, or its credited
/// territory is in <see cref="TerritoryIds"/> (already expanded to whole subtrees), or its owner is in
/// <see cref="RepIds"/> (already expanded to whole reporting lines). Never built from a user's or model's text.
/// </summary>
public sealed record AccessScope
{
    private AccessScope(bool all, IReadOnlyList<string> territoryIds, IReadOnlyList<string> repIds, string description)
    {
        All = all;
        TerritoryIds = territoryIds;
        RepIds = repIds;
        Description = description;
    }

    public bool All { get; }

    public IReadOnlyList<string> TerritoryIds { get; }

    public IReadOnlyList<string> RepIds { get; }

    /// <summary>For people and logs: "everything", "EMEA", "Dana Fox's team".</summary>
    public string Description { get; }

    /// <summary>
    /// The caller's identities (lower-cased), for the database's own row-level security when the app sets them as a
    /// session setting (<c>Warehouse:SetSessionPrincipal</c>); empty for the unscoped lookups that expand rules.
    /// </summary>
    public IReadOnlyList<string> SessionPrincipals { get; init; } = [];

    public bool IsEmpty => !All && TerritoryIds.Count == 0 && RepIds.Count == 0;

    public static AccessScope Everything { get; } = new(true, [], [], "everything");

    public static AccessScope Nothing { get; } = new(false, [], [], "nothing");

    public static AccessScope Of(IEnumerable<string> territoryIds, IEnumerable<string> repIds, string description) =>
        new(false,
            territoryIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray(),
            repIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray(),
            description);

    public bool AllowsTerritory(string territoryId) => All || TerritoryIds.Contains(territoryId, StringComparer.Ordinal);

    public bool AllowsRep(string repId) => All || RepIds.Contains(repId, StringComparer.Ordinal);
}
