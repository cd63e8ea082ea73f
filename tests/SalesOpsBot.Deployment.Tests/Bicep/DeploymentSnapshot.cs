using System.Text.Json.Nodes;
using SalesOpsBot.Deployment.Tests.Infrastructure;

namespace SalesOpsBot.Deployment.Tests.Bicep;

/// <summary>
/// The resources a deployment of main.bicep would create with given parameters, as <c>bicep snapshot</c> predicts them
/// offline (conditions and parameters evaluated; values known only in Azure stay expressions).
/// </summary>
internal sealed record DeploymentSnapshot(IReadOnlyList<JsonObject> Resources)
{
    public const string TenantId = "11111111-2222-3333-4444-555555555555";

    public static async Task<DeploymentSnapshot> PredictAsync(IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        // The parameters file must sit next to main.bicep (its `using` is relative), so the templates are copied.
        var folder = Directory.CreateTempSubdirectory("salesops-snapshot-");
        try
        {
            CopyFolder(CompiledTemplates.AzureFolder, folder.FullName);
            var parametersFile = Path.Combine(folder.FullName, "test.bicepparam");
            var lines = parameters.Select(p => $"param {p.Key} = {p.Value}");
            await File.WriteAllLinesAsync(parametersFile, ["using './main.bicep'", .. lines], cancellationToken);

            var result = await Repository.RunAsync(Repository.BicepPath, ["snapshot", parametersFile, "--mode", "overwrite",
                "--tenant-id", TenantId, "--subscription-id", "00000000-0000-0000-0000-000000000001",
                "--resource-group", "salesops-test", "--location", "westeurope"], cancellationToken);
            if (result.ExitCode != 0 || (result.Output + result.Error).Contains("Warning", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"bicep snapshot: {result}");
            }

            var snapshot = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder.FullName, "test.snapshot.json"), cancellationToken))!;
            return new DeploymentSnapshot([.. snapshot["predictedResources"]!.AsArray().OfType<JsonObject>()]);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    public JsonObject Single(string type) => Resources.Single(r => ArmTemplate.Is(r, type));

    public IEnumerable<JsonObject> OfType(string type) => Resources.Where(r => ArmTemplate.Is(r, type));

    /// <summary>The container's environment as the app would see it: secret references and values known only in Azure
    /// replaced by stand-ins of the right shape.</summary>
    public IReadOnlyDictionary<string, string> AppEnvironment()
    {
        var container = Single(DeploymentRules.ContainerAppType)["properties"]!["template"]!["containers"]![0]!;
        return container["env"]!.AsArray().OfType<JsonObject>().ToDictionary(
            variable => variable["name"]!.ToString(),
            variable => variable["secretRef"] is { } secret ? StandIn(secret.ToString())
                : variable["value"]!.ToString() is var value && value.StartsWith('[') ? StandIn(variable["name"]!.ToString()) : variable["value"]!.ToString(),
            StringComparer.Ordinal);
    }

    private static string StandIn(string name) => name switch
    {
        "state-connection-string" => "postgres:Host=state.example;Database=salesopsbot;Username=u;Password=p;SSL Mode=Require",
        "warehouse-connection-string" => "postgres:Host=warehouse.example;Database=sales;Username=r;Password=p",
        "Bot__MicrosoftAppId" => "99999999-8888-7777-6666-555555555555",
        _ => "stand-in-" + name,
    };

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
