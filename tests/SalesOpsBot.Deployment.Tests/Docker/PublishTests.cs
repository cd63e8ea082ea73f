using SalesOpsBot.Deployment.Tests.Infrastructure;

namespace SalesOpsBot.Deployment.Tests.Docker;

/// <summary>
/// Runs the Dockerfile's own publish command (read from its RUN line, only the output folder changed) and checks the
/// entry assembly the image starts is produced. About a minute on a quiet machine; set SALESOPS_SKIP_PUBLISH_TEST=1 to skip.
/// </summary>
public sealed class PublishTests
{
    public const string PublishPrefix = "dotnet publish src/SalesOpsBot.Bot/SalesOpsBot.Bot.csproj";

    [Fact]
    public async Task Dockerfile_publish_command_produces_the_entry_assembly()
    {
        Assert.SkipWhen(Environment.GetEnvironmentVariable("SALESOPS_SKIP_PUBLISH_TEST") is "1" or "true", "SALESOPS_SKIP_PUBLISH_TEST is set");
        var dockerfile = Dockerfile.Parse(await File.ReadAllTextAsync(Repository.PathOf("Dockerfile"), TestContext.Current.CancellationToken));
        var command = Assert.Single(dockerfile.Instructions, i => i.Keyword == "RUN" && i.Arguments.StartsWith(PublishPrefix, StringComparison.Ordinal)).Arguments;
        var output = Directory.CreateTempSubdirectory("salesops-publish-");
        try
        {
            var arguments = command.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
            var outputIndex = arguments.IndexOf("-o");
            Assert.True(outputIndex >= 0, "the publish command names its output folder with -o");
            Assert.Equal("/app/publish", arguments[outputIndex + 1]);
            arguments[outputIndex + 1] = output.FullName;
            // The image restores in its own layer first; here the test project's build has restored the same project.
            var result = await Repository.RunAsync("dotnet", arguments, TestContext.Current.CancellationToken);

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.True(File.Exists(Path.Combine(output.FullName, "SalesOpsBot.Bot.dll")));
            Assert.True(File.Exists(Path.Combine(output.FullName, "SalesOpsBot.Bot.runtimeconfig.json")));
            Assert.False(File.Exists(Path.Combine(output.FullName, "SalesOpsBot.Bot")), "UseAppHost=false: no native launcher in the image");
            Assert.Empty(Directory.EnumerateFiles(output.FullName, "*.db", SearchOption.AllDirectories));
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }
}
