using System.Reflection;
using System.Text.Json;
using SalesOpsBot.Bot.DirectLine;
using SalesOpsBot.Bot.Hosting;
using SalesOpsBot.Bot.Tests.Infrastructure;

namespace SalesOpsBot.Bot.Tests.Operations;

public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("Bot:TurnWorkers", "0", "Bot:TurnWorkers must be between 1 and 64.")]
    [InlineData("Bot:OpenIdMetadataUrl", "http://login.example.com/openid", "Bot:OpenIdMetadataUrl must be https.")]
    [InlineData("Bot:ClockSkew", "00:30:00", "Bot:ClockSkew must be between 0 and 10 minutes.")]
    [InlineData("Bot:StateConnectionString", "postgres:", "Bot:StateConnectionString must be")]
    [InlineData("Bot:ShutdownTimeout", "00:00:00", "Bot:ShutdownTimeout must be between")]
    [InlineData("Bot:DeduplicationWindow", "00:01:00", "Bot:DeduplicationWindow must be between")]
    [InlineData("Bot:ConnectorRetry:MaxRetries", "11", "Bot:ConnectorRetry:MaxRetries must be between 0 and 10.")]
    [InlineData("Bot:TrustedServiceUrlHosts:0", "https://evil.example.com/", "Bot:TrustedServiceUrlHosts must list host names")]
    [InlineData("Bot:TurnWorkers", "four", "'Bot:TurnWorkers'")]
    [InlineData("Warehouse:ConnectionString", "mysql:Server=db", "Warehouse:ConnectionString (or SALESOPS_DB) must be")]
    [InlineData("Warehouse:FiscalYearStartMonth", "13", "Warehouse:FiscalYearStartMonth must be between 1 and 12.")]
    [InlineData("Llm:Provider", "anthropic", "Llm:Provider: Unknown Llm:Provider")]
    [InlineData("Llm:Provider", "azure", "Llm:Provider is azure but Llm:Endpoint")]
    [InlineData("Llm:TimeoutSeconds", "-3", "Llm:TimeoutSeconds must be a positive number")]
    public async Task AWrongSettingStopsStartUpWithAOneLineMessageNamingIt(string setting, string value, string expected)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => BotTestHost.StartAsync(answerer: null, settings: new Dictionary<string, string>
        {
            [setting] = value,
            ["Warehouse:ConnectionString"] = setting == "Warehouse:ConnectionString" ? value : "duckdb:" + Path.Combine(Path.GetTempPath(), "never-opened.duckdb"),
            ["Warehouse:SeedDemoWhenMissing"] = "false",
        }));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task TheDefaultsStartInDevelopment()
    {
        await using var bot = await BotTestHost.StartAsync(answerer: null, settings: new Dictionary<string, string> { ["Warehouse:SeedDemoWhenMissing"] = "false" });
        using var client = new HttpClient();

        using var alive = await client.GetAsync(new Uri(new Uri(bot.BaseUrl), "/healthz"), TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.OK, alive.StatusCode);
    }

    /// <summary>The README's configuration table cannot drift: every settable option is a row (as <c>Section:Name</c>).</summary>
    [Fact]
    public void EverySettableOptionIsInTheReadmeConfigurationTable()
    {
        var readme = File.ReadAllText(Path.Combine(BotTestHost.RepositoryRoot(), "README.md"));
        var table = readme[readme.IndexOf("## Configuration", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("\n## ", 3, StringComparison.Ordinal)];
        var settings = Settable(typeof(BotOptions), BotOptions.SectionName)
            .Concat(Settable(typeof(ConnectorRetryOptions), BotOptions.SectionName + ":ConnectorRetry"))
            .Concat(Settable(typeof(WarehouseOptions), WarehouseOptions.SectionName))
            .Concat(Settable(typeof(WarehouseCacheOptions), WarehouseOptions.SectionName + ":Cache"))
            .Concat(Settable(typeof(AccessOptions), AccessOptions.SectionName))
            .Concat(Settable(typeof(SalesOpsBot.Bot.Digests.DigestsOptions), SalesOpsBot.Bot.Digests.DigestsOptions.SectionName))
            .Concat(Settable(typeof(SalesOpsBot.Bot.Digests.DigestCrashOptions), SalesOpsBot.Bot.Digests.DigestsOptions.SectionName + ":Crash"))
            .Concat(Settable(typeof(SalesOpsBot.Bot.Turns.TurnGuardOptions), SalesOpsBot.Bot.Turns.TurnGuardOptions.SectionName))
            .Concat(Settable(typeof(LocalWebChatOptions), LocalWebChatOptions.SectionName))
            // LlmSettings is read key by key (LlmSettings.From), not bound.
            .Concat(["Llm:Provider", "Llm:Endpoint", "Llm:Model", "Llm:ApiKey", "Llm:TimeoutSeconds", "Llm:MaxOutputTokens", "Llm:MaxToolCalls", "Llm:MaxRounds"])
            .ToList();

        Assert.True(settings.Count > 30, $"only {settings.Count} settings found");
        Assert.All(settings, setting => Assert.Contains($"`{setting}`", table, StringComparison.Ordinal));
    }

    [Fact]
    public void TheAppSettingsFilesCarryNoSecrets()
    {
        var files = Directory.GetFiles(BotTestHost.BotProjectDirectory(), "appsettings*.json");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var (path, value) in Leaves(document.RootElement, ""))
            {
                var secretName = path.Contains("Password", StringComparison.OrdinalIgnoreCase) || path.Contains("Secret", StringComparison.OrdinalIgnoreCase)
                    || path.Contains("ApiKey", StringComparison.OrdinalIgnoreCase) || path.Contains("Key", StringComparison.Ordinal) && path.StartsWith("Llm", StringComparison.Ordinal);
                Assert.False(secretName && value.Length > 0, $"{Path.GetFileName(file)}: {path} holds a value; secrets belong in user secrets or the environment");
                Assert.DoesNotMatch("(?i)(password|pwd|accountkey|sharedaccesskey|instrumentationkey)\\s*=", value);
            }
        }
    }

    private static IEnumerable<string> Settable(Type options, string section) =>
        options.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.SetMethod is { IsPublic: true } && property.PropertyType != typeof(ConnectorRetryOptions) && property.PropertyType != typeof(WarehouseCacheOptions)
                && property.PropertyType != typeof(SalesOpsBot.Bot.Digests.DigestCrashOptions))
            .Select(property => $"{section}:{property.Name}");

    private static IEnumerable<(string Path, string Value)> Leaves(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    foreach (var leaf in Leaves(property.Value, path.Length == 0 ? property.Name : path + ":" + property.Name))
                    {
                        yield return leaf;
                    }
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    foreach (var leaf in Leaves(item, $"{path}:{index++}"))
                    {
                        yield return leaf;
                    }
                }

                break;
            default:
                yield return (path, element.ToString());
                break;
        }
    }
}
