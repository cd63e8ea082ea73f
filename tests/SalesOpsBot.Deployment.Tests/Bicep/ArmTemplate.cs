using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SalesOpsBot.Deployment.Tests.Bicep;

/// <summary>One template of a compiled deployment: the root, or a module's template nested in a deployment resource.</summary>
internal sealed partial record ArmTemplate(JsonObject Json, ArmTemplate? Parent, JsonObject? DeploymentInParent)
{
    public static ArmTemplate Parse(string json) => new(JsonNode.Parse(json)!.AsObject(), null, null);

    public string Name => DeploymentInParent?["name"]?.GetValue<string>() ?? "(root)";

    public JsonObject Parameters => Json["parameters"]?.AsObject() ?? [];

    public JsonObject Variables => Json["variables"]?.AsObject() ?? [];

    public IEnumerable<JsonObject> Resources => Json["resources"] switch
    {
        JsonArray array => array.OfType<JsonObject>(),
        // Bicep emits an object keyed by symbolic name when it uses language version 2.0 features.
        JsonObject map => map.Select(pair => pair.Value).OfType<JsonObject>(),
        _ => [],
    };

    /// <summary>This template and every module template below it.</summary>
    public IEnumerable<ArmTemplate> SelfAndModules()
    {
        yield return this;
        foreach (var deployment in Resources.Where(r => Is(r, "Microsoft.Resources/deployments")))
        {
            if (deployment["properties"]?["template"] is JsonObject nested)
            {
                foreach (var module in new ArmTemplate(nested, this, deployment).SelfAndModules())
                {
                    yield return module;
                }
            }
        }
    }

    public static IEnumerable<(ArmTemplate Template, JsonObject Resource)> ResourcesOfType(ArmTemplate root, string type) =>
        root.SelfAndModules().SelectMany(t => t.Resources.Where(r => Is(r, type)).Select(r => (t, r)));

    public static bool Is(JsonObject resource, string type) =>
        string.Equals(resource["type"]?.GetValue<string>(), type, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The string values an expression can take at deployment: a literal, or <c>[parameters('p')]</c> resolved through the
    /// parameter's allowed values, the value the parent passes to the module, or its default. Empty when unknown.
    /// </summary>
    public IReadOnlyList<string> PossibleValues(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return [];
        }

        var text = value.ToString();
        if (!text.StartsWith('['))
        {
            return [text];
        }

        var match = ParameterReference().Match(text);
        if (!match.Success || Parameters[match.Groups["name"].Value] is not JsonObject parameter)
        {
            return [];
        }

        if (parameter["allowedValues"] is JsonArray allowed)
        {
            return [.. allowed.Select(v => v!.ToString())];
        }

        // A module parameter is passed as {"value": ...}, or as one expression choosing between such objects (unknown here).
        if (DeploymentInParent?["properties"]?["parameters"]?[match.Groups["name"].Value] is JsonObject passed && Parent is not null)
        {
            return Parent.PossibleValues(passed["value"]);
        }

        return parameter["defaultValue"] is JsonValue fallback && !fallback.ToString().StartsWith('[') ? [fallback.ToString()] : [];
    }

    /// <summary>The least value an integer property can take: a literal, or a parameter's allowed values or minValue; null when unbounded.</summary>
    public long? LowerBound(JsonNode? node)
    {
        if (node is JsonValue literal && literal.TryGetValue<long>(out var number))
        {
            return number;
        }

        var match = ParameterReference().Match(node?.ToString() ?? "");
        if (!match.Success || Parameters[match.Groups["name"].Value] is not JsonObject parameter)
        {
            return null;
        }

        if (parameter["allowedValues"] is JsonArray allowed)
        {
            return allowed.Min(v => v!.GetValue<long>());
        }

        return parameter["minValue"] is JsonValue minimum ? minimum.GetValue<long>() : null;
    }

    /// <summary>
    /// The items of an array property: the array itself, or the arrays of every <c>variables('…')</c> the expression
    /// combines (how Bicep compiles <c>concat(baseEnv, cond ? extraEnv : [])</c>).
    /// </summary>
    public IReadOnlyList<JsonObject> ArrayItems(JsonNode? node) => node switch
    {
        JsonArray array => [.. array.OfType<JsonObject>()],
        JsonValue expression => [.. VariableReference().Matches(expression.ToString())
            .SelectMany(m => ArrayItems(Variables[m.Groups["name"].Value]))],
        _ => [],
    };

    public static string Describe(JsonNode? node) => node?.ToJsonString() ?? "null";

    public static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\[(?:string\()?parameters\('(?<name>[A-Za-z0-9_]+)'\)\)?\]$")]
    private static partial Regex ParameterReference();

    [GeneratedRegex(@"variables\('(?<name>[A-Za-z0-9_]+)'\)")]
    private static partial Regex VariableReference();
}
