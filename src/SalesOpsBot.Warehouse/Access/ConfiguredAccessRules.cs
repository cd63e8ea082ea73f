using System.Text.Json;
using SalesOpsBot.Analysis.Metrics;
using SalesOpsBot.Warehouse.Contract;
using SalesOpsBot.Warehouse.Insights;
using SalesOpsBot.Warehouse.Querying;

namespace SalesOpsBot.Warehouse.Access;

/// <summary>
/// One principal's access as configuration states it (section <c>Access:Rules</c>, or a JSON file): <c>admin</c>;
/// <c>leader</c> with the territories whose subtrees they lead; <c>manager</c> with the reps whose reporting lines
/// they manage (usually themselves); <c>rep</c> with their own rep id. Settable properties so that configuration
/// binding and JSON can fill it.
/// </summary>
public sealed record ConfiguredPrincipal
{
    /// <summary>An email (compared case-insensitively) or an Entra object id.</summary>
    public string Principal { get; init; } = "";

    public string Role { get; init; } = "";

    public IReadOnlyList<string> Territories { get; init; } = [];

    public IReadOnlyList<string> Reps { get; init; } = [];
}

/// <summary>Access rules in configuration are wrong; the message lists every problem, one a line.</summary>
public sealed class AccessConfigurationException(IReadOnlyList<string> problems)
    : Exception("Access rules in configuration are invalid:\n  " + string.Join("\n  ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>
/// Access rules from configuration, used only when the warehouse has no <c>user_access</c> rows (or no such table):
/// the table wins as soon as it holds one row, and the two sources are never combined, so configuration can never
/// widen what the warehouse grants. They are validated when loaded (unknown role, missing or surplus territory or
/// rep, duplicate principal: an <see cref="AccessConfigurationException"/>); ids that do not exist in the warehouse
/// are only warnings (<see cref="CheckReferencesAsync"/>) because the warehouse may be reloaded after start, and such
/// a rule grants nothing.
/// </summary>
public sealed class ConfiguredAccessRules
{
    /// <summary>Names the JSON file of rules for the bot and the CLI (the CLI's <c>--access</c> wins).</summary>
    public const string FileVariable = "SALESOPS_ACCESS_FILE";

    private static readonly JsonSerializerOptions FileJson = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private readonly Dictionary<string, ConfiguredPrincipal> _byPrincipal;

    private ConfiguredAccessRules(IReadOnlyList<ConfiguredPrincipal> principals)
    {
        Principals = principals;
        _byPrincipal = principals.ToDictionary(p => Normalize(p.Principal), StringComparer.Ordinal);
    }

    public static ConfiguredAccessRules Empty { get; } = new([]);

    public IReadOnlyList<ConfiguredPrincipal> Principals { get; }

    public bool IsEmpty => Principals.Count == 0;

    /// <summary>Validates the entries; throws <see cref="AccessConfigurationException"/> listing every problem.</summary>
    public static ConfiguredAccessRules From(IEnumerable<ConfiguredPrincipal> entries)
    {
        // JSON and configuration binding may leave lists null.
        var list = entries.Select(e => e with { Principal = e.Principal ?? "", Role = e.Role ?? "", Territories = e.Territories ?? [], Reps = e.Reps ?? [] }).ToList();
        var problems = Problems(list);
        return problems.Count > 0 ? throw new AccessConfigurationException(problems) : new ConfiguredAccessRules(list);
    }

    /// <summary>
    /// Reads a JSON file: either an array of principals or an object with a <c>rules</c> array, each
    /// <c>{"principal": "...", "role": "leader", "territories": ["T-EMEA"]}</c>.
    /// </summary>
    public static ConfiguredAccessRules LoadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new AccessConfigurationException([$"the access file {path} does not exist"]);
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                root = root.EnumerateObject().FirstOrDefault(p => p.Name.Equals("rules", StringComparison.OrdinalIgnoreCase)).Value;
            }

            if (root.ValueKind != JsonValueKind.Array)
            {
                throw new AccessConfigurationException([$"{path}: expected an array of rules or an object with a \"rules\" array"]);
            }

            return From(root.Deserialize<List<ConfiguredPrincipal?>>(FileJson)!.Select(p => p ?? new ConfiguredPrincipal()));
        }
        catch (JsonException exception)
        {
            throw new AccessConfigurationException([$"{path}: {exception.Message}"]);
        }
    }

    /// <summary>What is wrong with the entries, one line each; empty when they are valid.</summary>
    public static IReadOnlyList<string> Problems(IReadOnlyList<ConfiguredPrincipal> entries)
    {
        var problems = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var where = string.IsNullOrWhiteSpace(entry.Principal) ? $"rule {i}" : $"rule {i} ({entry.Principal.Trim()})";
            if (string.IsNullOrWhiteSpace(entry.Principal))
            {
                problems.Add($"{where}: no principal (an email or Entra object id)");
            }
            else if (!seen.Add(Normalize(entry.Principal)))
            {
                problems.Add($"{where}: the principal appears more than once; give each principal one rule");
            }

            var territories = entry.Territories ?? [];
            var reps = entry.Reps ?? [];
            if (territories.Any(string.IsNullOrWhiteSpace) || reps.Any(string.IsNullOrWhiteSpace))
            {
                problems.Add($"{where}: an empty territory or rep id");
            }

            switch ((entry.Role ?? "").Trim().ToLowerInvariant())
            {
                case ContractValues.RoleAdmin when territories.Count > 0 || reps.Count > 0:
                    problems.Add($"{where}: an admin sees everything; remove its territories and reps");
                    break;
                case ContractValues.RoleLeader when territories.Count == 0 || reps.Count > 0:
                    problems.Add($"{where}: a leader needs one or more territories and no reps");
                    break;
                case ContractValues.RoleManager or ContractValues.RoleRep when reps.Count == 0 || territories.Count > 0:
                    problems.Add($"{where}: a {entry.Role!.Trim().ToLowerInvariant()} needs one or more reps and no territories");
                    break;
                case ContractValues.RoleAdmin or ContractValues.RoleLeader or ContractValues.RoleManager or ContractValues.RoleRep:
                    break;
                default:
                    problems.Add($"{where}: unknown role '{entry.Role}' (use {string.Join(", ", ContractValues.AccessRoles)})");
                    break;
            }
        }

        return problems;
    }

    /// <summary>The rules of a caller known by these identities (already lower-cased and trimmed), as table rows would give them.</summary>
    public IReadOnlyList<AccessRule> RulesFor(IReadOnlyList<string> principals)
    {
        var rules = new List<AccessRule>();
        foreach (var principal in principals)
        {
            if (!_byPrincipal.TryGetValue(principal, out var entry))
            {
                continue;
            }

            var role = entry.Role.Trim().ToLowerInvariant();
            if (role == ContractValues.RoleAdmin)
            {
                rules.Add(new AccessRule(role, null, null));
            }

            rules.AddRange(entry.Territories.Select(t => new AccessRule(role, t.Trim(), null)));
            rules.AddRange(entry.Reps.Select(r => new AccessRule(role, null, r.Trim())));
        }

        return rules;
    }

    /// <summary>Territory and rep ids the rules name that the warehouse does not hold (warnings: such a rule grants nothing).</summary>
    public async Task<IReadOnlyList<string>> CheckReferencesAsync(SqlRunner runner, CancellationToken cancellationToken)
    {
        if (IsEmpty)
        {
            return [];
        }

        var territories = (await runner.QueryAsync<TerritoryNode>("Dimensions/Territories", AccessScope.Everything, null, cancellationToken)).Rows
            .Select(t => t.TerritoryId).ToHashSet(StringComparer.Ordinal);
        var reps = (await runner.QueryAsync<Person>("Dimensions/Reps", AccessScope.Everything, null, cancellationToken)).Rows
            .Select(p => p.RepId).ToHashSet(StringComparer.Ordinal);
        var warnings = new List<string>();
        foreach (var entry in Principals)
        {
            warnings.AddRange(entry.Territories.Where(t => !territories.Contains(t.Trim()))
                .Select(t => $"access rule for {entry.Principal.Trim()}: territory {t.Trim()} is not in the warehouse; the rule grants nothing"));
            warnings.AddRange(entry.Reps.Where(r => !reps.Contains(r.Trim()))
                .Select(r => $"access rule for {entry.Principal.Trim()}: rep {r.Trim()} is not in the warehouse; the rule grants nothing"));
        }

        return warnings;
    }

    internal static string Normalize(string principal) => principal.Trim().ToLowerInvariant();
}
