namespace SalesOpsBot.Deployment.Tests.Bicep;

/// <summary>The offline Bicep tools accept the templates with no diagnostic at all (warnings included).</summary>
public sealed class BicepToolTests
{
    public static TheoryData<string> Templates => ["main.bicep", "registry.bicep"];

    [Theory]
    [MemberData(nameof(Templates))]
    public async Task Template_builds_with_no_error_or_warning(string file)
    {
        var result = await CompiledTemplates.BicepAsync(TestContext.Current.CancellationToken, "build", Path.Combine(CompiledTemplates.AzureFolder, file), "--stdout");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Error.Trim());
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public async Task Template_passes_the_linter_with_the_repository_rules(string file)
    {
        var result = await CompiledTemplates.BicepAsync(TestContext.Current.CancellationToken, "lint", Path.Combine(CompiledTemplates.AzureFolder, file));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", (result.Output + result.Error).Trim());
    }

    [Fact]
    public async Task Linter_reports_a_secret_parameter_declared_without_secure()
    {
        // The repository's bicepconfig.json makes this rule an error: a template breaking it must fail the lint.
        var folder = Directory.CreateTempSubdirectory("salesops-bicep-");
        try
        {
            File.Copy(Path.Combine(CompiledTemplates.AzureFolder, "bicepconfig.json"), Path.Combine(folder.FullName, "bicepconfig.json"));
            var file = Path.Combine(folder.FullName, "broken.bicep");
            await File.WriteAllTextAsync(file, "param adminPassword string\n\noutput length int = length(adminPassword)\n", TestContext.Current.CancellationToken);

            var result = await CompiledTemplates.BicepAsync(TestContext.Current.CancellationToken, "lint", file);

            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("secure-secrets-in-params", result.Output + result.Error, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(AllBicepFiles))]
    public async Task Bicep_file_is_formatted_as_bicep_format_writes_it(string relativePath)
    {
        var path = Path.Combine(CompiledTemplates.AzureFolder, relativePath);
        var result = await CompiledTemplates.BicepAsync(TestContext.Current.CancellationToken, "format", path, "--stdout");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken), result.Output);
    }

    public static TheoryData<string> AllBicepFiles =>
        [.. Directory.EnumerateFiles(CompiledTemplates.AzureFolder, "*.bicep*", SearchOption.AllDirectories)
            .Where(path => path.EndsWith(".bicep", StringComparison.Ordinal) || path.EndsWith(".bicepparam", StringComparison.Ordinal))
            .Select(path => Path.GetRelativePath(CompiledTemplates.AzureFolder, path)).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Example_parameters_file_builds_with_secrets_from_the_environment_only()
    {
        var parametersFile = Path.Combine(CompiledTemplates.AzureFolder, "main.bicepparam");
        var environment = new Dictionary<string, string> { ["SALESOPS_STATE_DB_PASSWORD"] = "from-the-environment-0" };

        var result = await Infrastructure.Repository.RunAsync(Infrastructure.Repository.BicepPath, ["build-params", parametersFile, "--stdout"],
            TestContext.Current.CancellationToken, environment);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("from-the-environment-0", result.Output, StringComparison.Ordinal);
    }
}
