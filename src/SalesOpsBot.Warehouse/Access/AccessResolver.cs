using SalesOpsBot.Analysis.Metrics;
using SalesOpsBot.Warehouse.Contract;
using SalesOpsBot.Warehouse.Insights;
using SalesOpsBot.Warehouse.Querying;

namespace SalesOpsBot.Warehouse.Access;

/// <summary>A rule from <c>user_access</c> (or configuration): role plus the territory or rep it is about.</summary>
public sealed record AccessRule(string Role, string? TerritoryId, string? RepId);

/// <summary>Where access rules come from: the warehouse's <c>user_access</c> table, or configuration while that table is absent or empty.</summary>
public enum AccessRuleSource
{
    Warehouse,
    Configuration,
}

/// <summary>The outcome of resolving a principal: the scope, and a reason when it is empty.</summary>
public sealed record AccessResolution(string Principal, AccessScope Scope, IReadOnlyList<AccessRule> Rules, string? Denial);

/// <summary>
/// Resolves a principal (from the authenticated identity, never from a question's text) into the access scope
/// every query applies in SQL: admin sees everything, leader a territory subtree, manager their reporting line,
/// rep their own deals; several rules add up. No rule means no data. Rules come from the warehouse's
/// <c>user_access</c> table; <paramref name="configured"/> rules apply only while that table is absent or empty
/// (never both, so configuration cannot widen what the table grants).
/// </summary>
public sealed class AccessResolver(SqlRunner runner, ConfiguredAccessRules? configured = null)
{
    private readonly ConfiguredAccessRules _configured = configured ?? ConfiguredAccessRules.Empty;

    /// <summary>Where the rules of the next resolution come from: the table when it holds any row, else configuration.</summary>
    public async Task<AccessRuleSource> SourceAsync(CancellationToken cancellationToken)
    {
        if (_configured.IsEmpty)
        {
            return AccessRuleSource.Warehouse;
        }

        // Errors propagate (no silent switch to configuration): only a table that is verifiably absent or empty yields.
        var present = (await runner.QueryAsync<int>("Access/AccessTablePresent", AccessScope.Nothing, null, cancellationToken)).Rows.Single() > 0;
        return present && (await runner.QueryAsync<int>("Access/AccessRuleCount", AccessScope.Nothing, null, cancellationToken)).Rows.Single() > 0
            ? AccessRuleSource.Warehouse
            : AccessRuleSource.Configuration;
    }

    public Task<AccessResolution> ResolveAsync(string principal, CancellationToken cancellationToken) =>
        ResolveAsync([principal], cancellationToken);

    /// <summary>Resolves a caller known by several identities (e.g. a Teams user's Entra object id and email); their rules add up.</summary>
    public async Task<AccessResolution> ResolveAsync(IReadOnlyList<string> identities, CancellationToken cancellationToken)
    {
        var principals = identities.Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i.Trim().ToLowerInvariant()).Distinct().ToArray();
        var principal = principals.Length > 0 ? string.Join(" / ", principals) : "(unknown user)";
        if (principals.Length == 0)
        {
            return await ResolveAsync(principal, [], cancellationToken);
        }

        var source = await SourceAsync(cancellationToken);
        var rules = source == AccessRuleSource.Configuration
            ? _configured.RulesFor(principals)
            : (await runner.QueryAsync<AccessRule>("Access/RulesForPrincipal", AccessScope.Nothing, new { principals }, cancellationToken)).Rows;
        var resolution = await ResolveAsync(principal, rules, cancellationToken, source);
        return resolution with { Scope = resolution.Scope with { SessionPrincipals = principals } };
    }

    public async Task<AccessResolution> ResolveAsync(string principal, IReadOnlyList<AccessRule> rules, CancellationToken cancellationToken, AccessRuleSource source = AccessRuleSource.Warehouse)
    {
        if (rules.Count == 0)
        {
            return new AccessResolution(principal, AccessScope.Nothing, rules, source == AccessRuleSource.Configuration
                ? $"No access rule for {principal}. Ask your SalesOpsBot admin to add you to the access rules (Access:Rules or {ConfiguredAccessRules.FileVariable})."
                : $"No access rule for {principal}. Ask your SalesOpsBot admin to add you to user_access.");
        }

        if (rules.Any(r => r.Role.Equals(ContractValues.RoleAdmin, StringComparison.OrdinalIgnoreCase)))
        {
            return new AccessResolution(principal, AccessScope.Everything, rules, null);
        }

        // The hierarchy lookups themselves run unscoped: they only expand the rules, and nothing of them is shown.
        var territories = (await runner.QueryAsync<TerritoryNode>("Dimensions/Territories", AccessScope.Everything, null, cancellationToken)).Rows;
        var people = (await runner.QueryAsync<Person>("Dimensions/Reps", AccessScope.Everything, null, cancellationToken)).Rows;
        var territoryIds = new HashSet<string>(StringComparer.Ordinal);
        var repIds = new HashSet<string>(StringComparer.Ordinal);
        var described = new List<string>();
        foreach (var rule in rules)
        {
            switch (rule.Role.ToLowerInvariant())
            {
                case ContractValues.RoleLeader when rule.TerritoryId is not null:
                    territoryIds.UnionWith(Subtree(rule.TerritoryId, territories, t => t.TerritoryId, t => t.ParentId));
                    described.Add(territories.FirstOrDefault(t => t.TerritoryId == rule.TerritoryId)?.Name ?? rule.TerritoryId);
                    break;
                case ContractValues.RoleManager when rule.RepId is not null:
                    repIds.UnionWith(Subtree(rule.RepId, people, p => p.RepId, p => p.ManagerId));
                    described.Add($"{people.FirstOrDefault(p => p.RepId == rule.RepId)?.Name ?? rule.RepId}'s team");
                    break;
                case ContractValues.RoleRep when rule.RepId is not null:
                    repIds.Add(rule.RepId);
                    described.Add(people.FirstOrDefault(p => p.RepId == rule.RepId)?.Name ?? rule.RepId);
                    break;
            }
        }

        var scope = AccessScope.Of(territoryIds, repIds, string.Join(", ", described));
        return new AccessResolution(principal, scope, rules,
            scope.IsEmpty ? $"The access rules for {principal} name no existing territory or rep." : null);
    }

    /// <summary>The node and everything below it, following parent links; cycles in bad data end the walk.</summary>
    private static HashSet<string> Subtree<T>(string rootId, IReadOnlyList<T> nodes, Func<T, string> id, Func<T, string?> parent)
    {
        var children = nodes.Where(n => parent(n) is not null).ToLookup(n => parent(n)!, id, StringComparer.Ordinal);
        var result = new HashSet<string>(StringComparer.Ordinal);
        if (!nodes.Any(n => id(n) == rootId))
        {
            return result;
        }

        var pending = new Stack<string>([rootId]);
        while (pending.TryPop(out var current))
        {
            if (result.Add(current))
            {
                foreach (var child in children[current])
                {
                    pending.Push(child);
                }
            }
        }

        return result;
    }
}
