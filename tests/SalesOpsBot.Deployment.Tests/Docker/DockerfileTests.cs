using System.Text.RegularExpressions;
using SalesOpsBot.Deployment.Tests.Bicep;
using SalesOpsBot.Deployment.Tests.Infrastructure;

namespace SalesOpsBot.Deployment.Tests.Docker;

/// <summary>The image's rules, checked on the Dockerfile text (no Docker engine here to build it).</summary>
public sealed partial class DockerfileTests
{
    private static readonly Lazy<Dockerfile> Repo = new(() => Dockerfile.Parse(File.ReadAllText(Repository.PathOf("Dockerfile"))));

    [Fact]
    public void Build_uses_the_dotnet_sdk_and_runs_on_the_aspnet_runtime_in_separate_stages()
    {
        var dockerfile = Repo.Value;
        var bases = dockerfile.Instructions.Where(i => i.Keyword == "FROM").Select(i => i.Arguments.Split(' ')[0]).ToList();

        Assert.True(dockerfile.StageCount >= 2);
        Assert.Contains("mcr.microsoft.com/dotnet/sdk:10.0", bases);
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:10.0", bases[^1], StringComparison.Ordinal);
        Assert.Contains(dockerfile.FinalStage, i => i.Keyword == "COPY" && i.Arguments.StartsWith("--from=build", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("FROM mcr.microsoft.com/dotnet/aspnet:10.0\nCOPY . .\n", false)]
    [InlineData("FROM mcr.microsoft.com/dotnet/aspnet:10.0\nUSER root\n", false)]
    [InlineData("FROM mcr.microsoft.com/dotnet/aspnet:10.0\nUSER 0:0\n", false)]
    [InlineData("FROM a AS b\nUSER app\nFROM mcr.microsoft.com/dotnet/aspnet:10.0\n", false)]
    [InlineData("FROM mcr.microsoft.com/dotnet/aspnet:10.0\nUSER $APP_UID\n", true)]
    [InlineData("FROM mcr.microsoft.com/dotnet/aspnet:10.0\nUSER 1654\n", true)]
    public void Non_root_rule_judges_the_last_user_of_the_final_stage(string text, bool nonRoot)
    {
        Assert.Equal(nonRoot, IsNonRoot(Dockerfile.Parse(text).FinalUser));
    }

    [Fact]
    public void Final_stage_runs_as_the_non_root_app_user()
    {
        Assert.True(IsNonRoot(Repo.Value.FinalUser), Repo.Value.FinalUser);
    }

    [Theory]
    [InlineData("FROM x\nENV DB_PASSWORD=hunter2\n", 1)]
    [InlineData("FROM x\nARG Bot__MicrosoftAppPassword\n", 1)]
    [InlineData("FROM x\nENV Warehouse__ConnectionString \"postgres:Host=h\"\n", 1)]
    [InlineData("FROM x\nENV ASPNETCORE_HTTP_PORTS=8080 A=b\n", 0)]
    public void Secret_rule_finds_secret_variables_in_env_and_arg(string text, int expected)
    {
        Assert.Equal(expected, SecretVariables(Dockerfile.Parse(text)).Count);
    }

    [Fact]
    public void No_secret_is_baked_into_the_image()
    {
        Assert.Empty(SecretVariables(Repo.Value));
        Assert.DoesNotContain(Repo.Value.Instructions, i => i.Keyword is "COPY" or "ADD" && SecretFile().IsMatch(i.Arguments));
    }

    [Fact]
    public async Task Image_listens_on_the_port_it_exposes_and_the_container_app_targets()
    {
        var dockerfile = Repo.Value;
        var exposed = Assert.Single(dockerfile.FinalStage, i => i.Keyword == "EXPOSE").Arguments;
        var listening = dockerfile.FinalEnvironment()["ASPNETCORE_HTTP_PORTS"];
        var (host, _) = Assert.Single(ArmTemplate.ResourcesOfType(await CompiledTemplates.MainAsync(), DeploymentRules.ContainerAppType));

        Assert.Equal("8080", exposed);
        Assert.Equal(exposed, listening);
        Assert.Equal(exposed, host.Variables["containerPort"]!.ToString());
    }

    [Fact]
    public void Image_starts_the_published_bot_assembly()
    {
        var entry = Assert.Single(Repo.Value.FinalStage, i => i.Keyword == "ENTRYPOINT").Arguments;

        Assert.Equal("""["dotnet", "SalesOpsBot.Bot.dll"]""", entry);
        Assert.Contains(Repo.Value.Instructions, i => i.Keyword == "RUN" && i.Arguments.StartsWith(PublishTests.PublishPrefix, StringComparison.Ordinal));
    }

    [Fact]
    public void Docker_context_leaves_out_build_output_local_databases_and_secret_files()
    {
        var ignored = File.ReadAllLines(Repository.PathOf(".dockerignore")).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet();

        Assert.Superset(new HashSet<string> { "**/bin/", "**/obj/", "artifacts/", "**/node_modules/", "**/*.db", "**/*.duckdb", "**/.env", ".git/" }, ignored);
    }

    private static bool IsNonRoot(string user)
    {
        var name = user.Split(':')[0];
        return name is not ("root" or "0" or "") && (name is "$APP_UID" or "${APP_UID}" or "app" || int.TryParse(name, out var uid) && uid > 0);
    }

    private static List<string> SecretVariables(Dockerfile dockerfile) =>
        [.. dockerfile.DeclaredVariables().Where(name => SecretName().IsMatch(name))];

    [GeneratedRegex("password|secret|apikey|api_key|token|connectionstring|connection_string|credential", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    [GeneratedRegex(@"\.env\b|\.pfx\b|\.pem\b|secrets\.json|appsettings\.Development", RegexOptions.IgnoreCase)]
    private static partial Regex SecretFile();
}
