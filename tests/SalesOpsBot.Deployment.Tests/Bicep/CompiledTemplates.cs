using SalesOpsBot.Deployment.Tests.Infrastructure;

namespace SalesOpsBot.Deployment.Tests.Bicep;

/// <summary>Runs the Bicep CLI on the templates in infra/azure; main.bicep is compiled once for all the structural tests.</summary>
internal static class CompiledTemplates
{
    public static readonly string AzureFolder = Repository.PathOf("infra", "azure");

    private static readonly Lazy<Task<ArmTemplate>> Main = new(() => CompileAsync("main.bicep"));

    public static Task<ArmTemplate> MainAsync() => Main.Value;

    public static Task<ToolResult> BicepAsync(CancellationToken cancellationToken, params string[] arguments) =>
        Repository.RunAsync(Repository.BicepPath, arguments, cancellationToken);

    private static async Task<ArmTemplate> CompileAsync(string file)
    {
        var result = await BicepAsync(CancellationToken.None, "build", Path.Combine(AzureFolder, file), "--stdout");
        return result.ExitCode == 0 ? ArmTemplate.Parse(result.Output) : throw new InvalidOperationException($"bicep build {file} failed: {result}");
    }
}
