namespace SalesOpsBot.Analysis.Metrics;

/// <summary>A node of the territory tree (<c>territories</c> row).</summary>
public sealed record TerritoryNode(string TerritoryId, string Name, string? ParentId, string? LevelName = null);

/// <summary>A <c>quotas</c> row: a rep's quota (RepId set) or a territory's own number (RepId null) for one fiscal quarter.</summary>
public sealed record QuotaFact(string TerritoryId, string? RepId, DateOnly PeriodStart, decimal Amount);

/// <summary>
/// Quota resolution exactly as the contract states it: a territory's quota for a quarter is its own row when it
/// has one, otherwise the sum of its child territories' quotas plus the rep rows attached directly to it; a rep's
/// quota is the sum of the rep's rows; a longer period sums its quarters.
/// </summary>
public sealed class QuotaBook
{
    private readonly ILookup<string, TerritoryNode> _children;
    private readonly IReadOnlyList<QuotaFact> _facts;

    public QuotaBook(IEnumerable<TerritoryNode> territories, IEnumerable<QuotaFact> facts)
    {
        ArgumentNullException.ThrowIfNull(territories);
        ArgumentNullException.ThrowIfNull(facts);
        _children = territories.Where(t => t.ParentId is not null).ToLookup(t => t.ParentId!, StringComparer.Ordinal);
        _facts = [.. facts];
    }

    /// <summary>Quota of <paramref name="territoryId"/> for the quarters starting in [<paramref name="from"/>, <paramref name="to"/>].</summary>
    public decimal ForTerritory(string territoryId, DateOnly from, DateOnly to)
    {
        var quarterStarts = _facts.Select(f => f.PeriodStart).Where(d => d >= from && d <= to).Distinct();
        return quarterStarts.Sum(start => ForTerritoryQuarter(territoryId, start));
    }

    public decimal ForTerritoryQuarter(string territoryId, DateOnly quarterStart)
    {
        var own = _facts.Where(f => f.PeriodStart == quarterStart && f.RepId is null && f.TerritoryId == territoryId).ToList();
        if (own.Count > 0)
        {
            return own.Sum(f => f.Amount);
        }

        var reps = _facts.Where(f => f.PeriodStart == quarterStart && f.RepId is not null && f.TerritoryId == territoryId).Sum(f => f.Amount);
        return reps + _children[territoryId].Sum(child => ForTerritoryQuarter(child.TerritoryId, quarterStart));
    }

    public decimal ForRep(string repId, DateOnly from, DateOnly to) =>
        _facts.Where(f => f.RepId == repId && f.PeriodStart >= from && f.PeriodStart <= to).Sum(f => f.Amount);
}
