using SalesOpsBot.Warehouse.Contract;
using SalesOpsBot.Warehouse.Seeding;

namespace SalesOpsBot.Security.Tests.Canaries;

/// <summary>
/// A demo principal and, computed here from the planted rows (not by the code under test), which territories and reps'
/// deals they may read: a leader their territory subtree, a manager everyone below them, a rep their own deals.
/// </summary>
public sealed record DemoCaller(string Principal, string Label, bool SeesAll, IReadOnlySet<string> TerritoryIds, IReadOnlySet<string> RepIds)
{
    public const string Stranger = "stranger@example.org";

    /// <summary>The callers of the matrix: admin, EMEA leader, DACH leader, UK&amp;I manager, rep Alex Morgan, an unknown principal.</summary>
    public static readonly IReadOnlyList<(string Principal, string Label)> Matrix =
    [
        (DemoPrincipals.Admin, "admin"),
        (DemoPrincipals.EmeaLeader, "EMEA leader"),
        (DemoPrincipals.DachLeader, "DACH leader"),
        (DemoPrincipals.UkiManager, "UK&I manager"),
        (DemoPrincipals.AlexMorganRep, "rep Alex Morgan"),
        (Stranger, "unknown principal"),
    ];

    public bool MaySee(Canary canary) => SeesAll || TerritoryIds.Contains(canary.TerritoryId) || RepIds.Contains(canary.OwnerId);

    public static DemoCaller Of(string principal, string label, CanaryPlanting planted)
    {
        var rules = planted.Rules.Where(r => r.Principal.Equals(principal, StringComparison.OrdinalIgnoreCase)).ToList();
        var territories = new HashSet<string>(StringComparer.Ordinal);
        var reps = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            switch (rule.Role)
            {
                case ContractValues.RoleLeader:
                    territories.UnionWith(Below(rule.TerritoryId!, planted.Territories.Select(t => (t.TerritoryId, t.ParentId))));
                    break;
                case ContractValues.RoleManager:
                    reps.UnionWith(Below(rule.RepId!, planted.Reps.Select(r => (r.RepId, r.ManagerId))));
                    break;
                case ContractValues.RoleRep:
                    reps.Add(rule.RepId!);
                    break;
            }
        }

        return new DemoCaller(principal, label, rules.Any(r => r.Role == ContractValues.RoleAdmin), territories, reps);
    }

    private static HashSet<string> Below(string root, IEnumerable<(string Id, string? Parent)> nodes)
    {
        var list = nodes.ToList();
        var found = new HashSet<string>(StringComparer.Ordinal) { root };
        var grew = true;
        while (grew)
        {
            grew = false;
            foreach (var (id, parent) in list)
            {
                if (parent is not null && found.Contains(parent) && found.Add(id))
                {
                    grew = true;
                }
            }
        }

        return found;
    }
}
