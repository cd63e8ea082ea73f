namespace SalesOpsBot.Warehouse.Access;

/// <summary>
/// What a question is about (a territory subtree, a rep, a manager's line), applied in SQL as
/// <c>@focusAll</c>/<c>@focusTerritories</c>/<c>@focusReps</c> *in addition to* the caller's
/// <see cref="AccessScope"/>: a deal is read only when both allow it, so a question can narrow what the caller
/// may see but never widen it.
/// </summary>
public sealed record QueryFocus
{
    private QueryFocus(bool all, IReadOnlyList<string> territoryIds, IReadOnlyList<string> repIds)
    {
        All = all;
        TerritoryIds = territoryIds;
        RepIds = repIds;
    }

    public bool All { get; }

    public IReadOnlyList<string> TerritoryIds { get; }

    public IReadOnlyList<string> RepIds { get; }

    public static QueryFocus Everything { get; } = new(true, [], []);

    public static QueryFocus Territories(IEnumerable<string> territoryIds) => new(false, [.. territoryIds.Distinct(StringComparer.Ordinal)], []);

    public static QueryFocus Reps(IEnumerable<string> repIds) => new(false, [], [.. repIds.Distinct(StringComparer.Ordinal)]);
}
