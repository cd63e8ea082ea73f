using SalesOpsBot.Analysis.Metrics;
using SalesOpsBot.Warehouse.Access;

namespace SalesOpsBot.Warehouse.Insights;

/// <summary>A person as the answers name them.</summary>
public sealed record Person(string RepId, string Name, string Email, string? ManagerId, string TerritoryId, string Role, DateOnly HireDate, DateOnly? EndDate);

/// <summary>
/// The territory tree and the people the caller may see, with the walks the analyses need: subtrees, reporting
/// lines, and the child of a root under which a territory lies (to roll leaf cells up one level below the subject).
/// </summary>
public sealed class Hierarchy
{
    private readonly Dictionary<string, TerritoryNode> _territories;
    private readonly ILookup<string, TerritoryNode> _children;
    private readonly Dictionary<string, Person> _people;
    private readonly ILookup<string, Person> _reports;

    public Hierarchy(IEnumerable<TerritoryNode> territories, IEnumerable<Person> people)
    {
        _territories = territories.ToDictionary(t => t.TerritoryId, StringComparer.Ordinal);
        _children = _territories.Values.Where(t => t.ParentId is not null).ToLookup(t => t.ParentId!, StringComparer.Ordinal);
        _people = people.ToDictionary(p => p.RepId, StringComparer.Ordinal);
        _reports = _people.Values.Where(p => p.ManagerId is not null).ToLookup(p => p.ManagerId!, StringComparer.Ordinal);
    }

    public IReadOnlyCollection<TerritoryNode> Territories => _territories.Values;

    public IReadOnlyCollection<Person> People => _people.Values;

    public TerritoryNode? Territory(string territoryId) => _territories.GetValueOrDefault(territoryId);

    public Person? Person(string repId) => _people.GetValueOrDefault(repId);

    public string TerritoryName(string territoryId) => Territory(territoryId)?.Name ?? territoryId;

    public string PersonName(string repId) => Person(repId)?.Name ?? repId;

    public IReadOnlyList<TerritoryNode> ChildrenOf(string territoryId) => [.. _children[territoryId].OrderBy(t => t.Name, StringComparer.Ordinal)];

    /// <summary>The territory and all below it.</summary>
    public IReadOnlySet<string> Subtree(string territoryId)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([territoryId]);
        while (pending.TryPop(out var current))
        {
            if (result.Add(current))
            {
                foreach (var child in _children[current])
                {
                    pending.Push(child.TerritoryId);
                }
            }
        }

        return result;
    }

    /// <summary>The person and everyone reporting to them, directly or not.</summary>
    public IReadOnlySet<string> ReportingLine(string repId)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([repId]);
        while (pending.TryPop(out var current))
        {
            if (result.Add(current))
            {
                foreach (var report in _reports[current])
                {
                    pending.Push(report.RepId);
                }
            }
        }

        return result;
    }

    /// <summary>The child of <paramref name="rootId"/> that <paramref name="territoryId"/> lies under (the territory itself when it is the root or outside it).</summary>
    public string ChildUnder(string rootId, string territoryId)
    {
        var current = territoryId;
        var guard = 0;
        while (_territories.TryGetValue(current, out var node) && node.ParentId is { } parent && parent != rootId && guard++ < 64)
        {
            current = parent;
        }

        return _territories.TryGetValue(current, out var found) && found.ParentId == rootId ? current : territoryId;
    }

    /// <summary>
    /// The territory an analysis rolls up under when the question names none: the caller's single top territory
    /// (a leader's region), else the root of what they can see.
    /// </summary>
    public string? DefaultRoot(AccessScope access)
    {
        var visible = access.All ? _territories.Keys.ToHashSet(StringComparer.Ordinal) : access.TerritoryIds.ToHashSet(StringComparer.Ordinal);
        var tops = visible.Where(id => _territories.TryGetValue(id, out var t) && (t.ParentId is null || !visible.Contains(t.ParentId))).ToList();
        return tops.Count == 1 ? tops[0] : null;
    }
}
