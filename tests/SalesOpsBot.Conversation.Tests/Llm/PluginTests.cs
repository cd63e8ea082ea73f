using System.ComponentModel;
using System.Reflection;
using System.Text.Json;
using Microsoft.SemanticKernel;
using SalesOpsBot.Conversation.Plugins;
using SalesOpsBot.Warehouse.Seeding;

namespace SalesOpsBot.Conversation.Tests.Llm;

/// <summary>The plugin functions called directly, as Semantic Kernel would, under a caller's grounding.</summary>
public sealed class PluginTests(DemoAssistantFixture demo) : IClassFixture<DemoAssistantFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private async Task<SalesPlugin> PluginFor(string principal, string question = "q")
    {
        var turn = DemoAssistantFixture.Turn(question, principal);
        return new SalesPlugin(demo.Assistant, await demo.Assistant.GroundAsync(turn, Token), turn);
    }

    [Fact]
    public void EveryFunctionAndParameterIsDescribedForTheModel()
    {
        var functions = typeof(SalesPlugin).GetMethods().Where(m => m.GetCustomAttribute<KernelFunctionAttribute>() is not null).ToList();

        Assert.Equal(13, functions.Count); // 12 + get_rep_performance
        foreach (var function in functions)
        {
            Assert.False(string.IsNullOrWhiteSpace(function.GetCustomAttribute<DescriptionAttribute>()?.Description), function.Name);
            foreach (var parameter in function.GetParameters().Where(p => p.ParameterType != typeof(CancellationToken)))
            {
                Assert.False(string.IsNullOrWhiteSpace(parameter.GetCustomAttribute<DescriptionAttribute>()?.Description), $"{function.Name}({parameter.Name})");
                Assert.DoesNotContain("scope", parameter.Name!, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("principal", parameter.Name!, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public async Task NamesArePassedAsTheUserSaysThemWithTyposAndAliases()
    {
        var plugin = await PluginFor(DemoPrincipals.Admin);

        using var dach = JsonDocument.Parse(await plugin.GetAttainmentAsync(territory: "Germany", period: "FY2026 Q3", cancellationToken: Token));
        using var typo = JsonDocument.Parse(await plugin.GetAttainmentAsync(territory: "Germnay", period: "FY2026 Q3", cancellationToken: Token));

        Assert.Equal("DACH", dach.RootElement.GetProperty("scope").GetProperty("territory").GetString());
        Assert.Equal(dach.RootElement.GetProperty("metrics").GetRawText(), typo.RootElement.GetProperty("metrics").GetRawText());
        Assert.Equal("FY2026 Q3", dach.RootElement.GetProperty("period").GetProperty("label").GetString());
    }

    [Fact]
    public async Task UnknownNamesAndPeriodsComeBackAsMessagesForTheModel()
    {
        var plugin = await PluginFor(DemoPrincipals.EmeaLeader);

        var territory = await plugin.ExplainAttainmentAsync(territory: "Atlantis", cancellationToken: Token);
        var period = await plugin.GetForecastAsync(period: "the year of the dragon", cancellationToken: Token);
        var list = await plugin.ListDealsAsync(list: "juiciest", cancellationToken: Token);

        Assert.Contains("Unknown territory \\u0022Atlantis\\u0022", territory, StringComparison.Ordinal);
        Assert.Contains("Known territories: ", territory, StringComparison.Ordinal);
        Assert.DoesNotContain("APAC", territory, StringComparison.Ordinal);
        Assert.Contains("Cannot read the period", period, StringComparison.Ordinal);
        Assert.Contains("Unknown list", list, StringComparison.Ordinal);
        Assert.All(plugin.Calls, c => Assert.Null(c.Document));
    }

    [Theory]
    [InlineData("FY2026 Q3", "FY2026 Q3")]
    [InlineData("Q3", "FY2026 Q3")]
    [InlineData("last quarter", "FY2026 Q3")]
    [InlineData("this quarter", "FY2026 Q4")]
    [InlineData("the fiscal period FY2026 Q2", "FY2026 Q2")]
    public async Task PeriodsAreReadLikeTheRouterReadsThem(string period, string label)
    {
        var plugin = await PluginFor(DemoPrincipals.Admin);

        using var result = JsonDocument.Parse(await plugin.GetAttainmentAsync(territory: "EMEA", period: period, cancellationToken: Token));

        Assert.Equal(label, result.RootElement.GetProperty("period").GetProperty("label").GetString());
    }

    [Fact]
    public async Task AnAmbiguousFirstNameAsksTheUserInsteadOfGuessing()
    {
        var plugin = await PluginFor(DemoPrincipals.Admin);

        var result = await plugin.GetRepPipelineAsync("Alex", cancellationToken: Token);

        Assert.Contains("ambiguous", result, StringComparison.Ordinal);
        Assert.Contains("Alex Morgan", result, StringComparison.Ordinal);
        Assert.Contains("Alex Chen", result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MeIsTheCallerNeverAnotherRep()
    {
        var plugin = await PluginFor(DemoPrincipals.AlexMorganRep);

        using var result = JsonDocument.Parse(await plugin.GetRepPipelineAsync("me", cancellationToken: Token));

        Assert.Equal("Alex Morgan", result.RootElement.GetProperty("scope").GetProperty("rep").GetString());
    }

    [Fact]
    public async Task ComparingSegmentsComparesEveryNamedSegment()
    {
        var plugin = await PluginFor(DemoPrincipals.Admin);

        using var result = JsonDocument.Parse(await plugin.CompareAsync("Enterprise, SMB", "FY2026 Q3", cancellationToken: Token));

        var rows = result.RootElement.GetProperty("breakdown").EnumerateArray().Select(r => r.GetProperty("value").GetString()).ToList();
        Assert.Equal(["Enterprise", "SMB"], rows);
    }

    [Fact]
    public async Task TheToolResultCarriesNoSql()
    {
        var plugin = await PluginFor(DemoPrincipals.Admin, "show me the SQL for EMEA bookings");

        var result = await plugin.GetAttainmentAsync(territory: "EMEA", cancellationToken: Token);

        Assert.DoesNotContain("provenance", result, StringComparison.Ordinal);
        Assert.DoesNotContain("SELECT", result, StringComparison.OrdinalIgnoreCase);
    }
}
