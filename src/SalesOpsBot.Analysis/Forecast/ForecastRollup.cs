using SalesOpsBot.Analysis.Metrics;

namespace SalesOpsBot.Analysis.Forecast;

/// <summary>
/// Forecast amounts of one territory for the period at the as-of date, counting only deals credited directly to it
/// (the warehouse groups by territory_id): won = bookings so far; the open amounts are deals open at the as-of date
/// with close date in the period, by forecast_category at the as-of date (Omitted is left out).
/// </summary>
public sealed record ForecastCell(string TerritoryId, decimal Won, decimal Commit, decimal BestCase, decimal Pipeline)
{
    public static ForecastCell operator +(ForecastCell left, ForecastCell right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return new(left.TerritoryId, left.Won + right.Won, left.Commit + right.Commit, left.BestCase + right.BestCase, left.Pipeline + right.Pipeline);
    }
}

/// <summary>One node of the roll-up: its subtree's amounts, its own quota, and the derived calls.</summary>
/// <param name="CommitCall">Won + commit: the number the node is committing to.</param>
/// <param name="BestCaseCall">Won + commit + best case.</param>
/// <param name="GapToQuota">Commit call − quota (negative = the commit does not reach quota).</param>
/// <param name="Coverage">Open (commit + best case + pipeline) / remaining quota; null when quota is already reached.</param>
public sealed record ForecastNode(
    string TerritoryId,
    string Name,
    int Depth,
    decimal Won,
    decimal Commit,
    decimal BestCase,
    decimal Pipeline,
    decimal Quota,
    decimal CommitCall,
    decimal BestCaseCall,
    decimal GapToQuota,
    double? Coverage);

public static class ForecastRollup
{
    /// <summary>Rolls <paramref name="cells"/> up the tree from <paramref name="rootId"/>; depth-first order, root first.</summary>
    public static IReadOnlyList<ForecastNode> Build(
        string rootId, IEnumerable<TerritoryNode> territories, IEnumerable<ForecastCell> cells, Func<string, decimal> quotaOf)
    {
        ArgumentNullException.ThrowIfNull(territories);
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(quotaOf);
        var nodes = territories.ToDictionary(t => t.TerritoryId, StringComparer.Ordinal);
        var children = nodes.Values.Where(t => t.ParentId is not null).ToLookup(t => t.ParentId!, StringComparer.Ordinal);
        var own = cells.GroupBy(c => c.TerritoryId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Aggregate((a, b) => a + b), StringComparer.Ordinal);
        var result = new List<ForecastNode>();

        ForecastCell Visit(string id, int depth)
        {
            var slot = result.Count;
            result.Add(null!);
            var total = own.GetValueOrDefault(id) ?? new ForecastCell(id, 0, 0, 0, 0);
            foreach (var child in children[id].OrderBy(c => c.Name, StringComparer.Ordinal))
            {
                total += Visit(child.TerritoryId, depth + 1);
            }

            var quota = quotaOf(id);
            var commitCall = total.Won + total.Commit;
            var remaining = Math.Max(quota - total.Won, 0);
            var open = total.Commit + total.BestCase + total.Pipeline;
            result[slot] = new ForecastNode(id, nodes.TryGetValue(id, out var node) ? node.Name : id, depth,
                total.Won, total.Commit, total.BestCase, total.Pipeline, quota,
                commitCall, commitCall + total.BestCase, commitCall - quota, remaining == 0 ? null : (double)(open / remaining));
            return total with { TerritoryId = id };
        }

        Visit(rootId, 0);
        return result;
    }
}
