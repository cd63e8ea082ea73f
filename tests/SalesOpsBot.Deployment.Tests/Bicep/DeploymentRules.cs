using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SalesOpsBot.Deployment.Tests.Bicep;

/// <summary>
/// Structural rules over a compiled template (the ARM JSON bicep build writes). Each returns the problems found, so the
/// tests can show them and can prove, on broken templates, that a rule does fail.
/// </summary>
internal static partial class DeploymentRules
{
    public const string BotType = "Microsoft.BotService/botServices";
    public const string ContainerAppType = "Microsoft.App/containerApps";

    /// <summary>Multi-tenant registrations cannot be created since 31 July 2025 (botframework-protocol.md §2.5).</summary>
    public static IReadOnlyList<string> BotAppTypeProblems(ArmTemplate root)
    {
        var problems = new List<string>();
        var bots = ArmTemplate.ResourcesOfType(root, BotType).ToList();
        if (bots.Count == 0)
        {
            problems.Add("no Azure Bot resource");
        }

        foreach (var (template, bot) in bots)
        {
            var node = bot["properties"]?["msaAppType"];
            var values = template.PossibleValues(node);
            if (values.Count == 0)
            {
                problems.Add($"{template.Name}: msaAppType {ArmTemplate.Describe(node)} can take any value (MultiTenant included)");
            }

            problems.AddRange(values.Where(v => v.Equals("MultiTenant", StringComparison.OrdinalIgnoreCase))
                .Select(_ => $"{template.Name}: msaAppType can be MultiTenant"));
        }

        return problems;
    }

    /// <summary>Two instances at least behind the bot, whatever parameters are passed.</summary>
    public static IReadOnlyList<string> ReplicaProblems(ArmTemplate root)
    {
        var problems = new List<string>();
        var apps = ArmTemplate.ResourcesOfType(root, ContainerAppType).ToList();
        if (apps.Count == 0)
        {
            problems.Add("no container app");
        }

        foreach (var (template, app) in apps)
        {
            var node = app["properties"]?["template"]?["scale"]?["minReplicas"];
            var least = template.LowerBound(node);
            if (least is null or < 2)
            {
                problems.Add($"{template.Name}: minReplicas {ArmTemplate.Describe(node)} can be {(least is null ? "anything" : ArmTemplate.Invariant(least.Value))}, fewer than 2");
            }
        }

        return problems;
    }

    /// <summary>A parameter whose name says secret must be secure and must not carry a default value.</summary>
    public static IReadOnlyList<string> SecretParameterProblems(ArmTemplate root)
    {
        var problems = new List<string>();
        foreach (var template in root.SelfAndModules())
        {
            foreach (var (name, node) in template.Parameters)
            {
                var type = node?["type"]?.GetValue<string>() ?? "";
                var secure = type.StartsWith("secure", StringComparison.OrdinalIgnoreCase);
                if (SecretName().IsMatch(name) && !secure)
                {
                    problems.Add($"{template.Name}: parameter {name} looks like a secret but is a plain {type}");
                }

                if (secure && node?["defaultValue"] is JsonValue fallback && fallback.ToString().Length > 0)
                {
                    problems.Add($"{template.Name}: secure parameter {name} has a default value");
                }
            }
        }

        return problems;
    }

    /// <summary>Secrets reach the app only as Key Vault references, and secret-looking settings only through them.</summary>
    public static IReadOnlyList<string> SecretReferenceProblems(ArmTemplate root)
    {
        var problems = new List<string>();
        foreach (var (template, app) in ArmTemplate.ResourcesOfType(root, ContainerAppType))
        {
            foreach (var secret in template.ArrayItems(app["properties"]?["configuration"]?["secrets"]))
            {
                if (secret["keyVaultUrl"] is null || secret["value"] is not null)
                {
                    problems.Add($"{template.Name}: secret {secret["name"]} is not a Key Vault reference");
                }
            }

            foreach (var variable in Environment(template, app))
            {
                var name = variable["name"]?.ToString() ?? "";
                if (SecretName().IsMatch(name) && !HostSettings.PlatformVariables.ContainsKey(name) && variable["secretRef"] is null)
                {
                    problems.Add($"{template.Name}: {name} is set as a plain value");
                }
            }
        }

        return problems;
    }

    /// <summary>Every app setting is an option the host reads, with values it accepts.</summary>
    public static IReadOnlyList<string> AppSettingProblems(ArmTemplate root)
    {
        var problems = new List<string>();
        foreach (var (template, app) in ArmTemplate.ResourcesOfType(root, ContainerAppType))
        {
            foreach (var variable in Environment(template, app))
            {
                var name = variable["name"]?.ToString() ?? "";
                var values = variable["secretRef"] is null ? template.PossibleValues(variable["value"]) : [];
                if (HostSettings.Problem(name, values) is { } problem)
                {
                    problems.Add($"{template.Name}: {problem}");
                }
            }
        }

        return problems;
    }

    /// <summary>Every environment variable any revision of the app can get (all branches of the template's conditions).</summary>
    public static IReadOnlyList<JsonObject> Environment(ArmTemplate template, JsonObject app) =>
        [.. (app["properties"]?["template"]?["containers"]?.AsArray() ?? []).OfType<JsonObject>()
            .SelectMany(container => template.ArrayItems(container["env"]))];

    public static IReadOnlyList<string> EnvironmentNames(ArmTemplate root) =>
        [.. ArmTemplate.ResourcesOfType(root, ContainerAppType).SelectMany(pair => Environment(pair.Template, pair.Resource))
            .Select(variable => variable["name"]?.ToString() ?? "")];

    [GeneratedRegex("password|secret|apikey|api_key|connectionstring|connection_string|token|credential", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();
}
