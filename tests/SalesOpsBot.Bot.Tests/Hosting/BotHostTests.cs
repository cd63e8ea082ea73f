using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SalesOpsBot.Bot.Tests.Infrastructure;

using SalesOpsBot.Warehouse.Connections;
using SalesOpsBot.Warehouse.Seeding;

namespace SalesOpsBot.Bot.Tests.Hosting;

public sealed class BotHostTests
{
    [Fact]
    public async Task TheHostStartsWithZeroConfigurationInDevelopmentAndAnswersHealth()
    {
        await using var bot = await BotTestHost.StartAsync(answerer: null);

        var health = await bot.Client.GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task WithoutAnAppIdTheHostRefusesToStartOutsideDevelopment()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => BotTestHost.StartAsync(answerer: null, environment: "Production"));

        Assert.Contains("MicrosoftAppId is required outside Development", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASingleTenantBotWithoutItsTenantIsRejectedAtStart()
    {
        await using var channel = await FakeChannel.StartAsync();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            BotTestHost.StartAsync(answerer: null, channel, new Dictionary<string, string> { ["Bot:MicrosoftAppTenantId"] = "" }));

        Assert.Contains("SingleTenant", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheConversationEngineAnswersFromTheWarehouseUnderTheCallersAccess()
    {
        var token = TestContext.Current.CancellationToken;
        var warehouse = Path.Combine(Path.GetTempPath(), $"salesops-bot-{Guid.NewGuid():N}.duckdb");
        var asOf = DateOnly.FromDateTime(DateTime.Now);
        var seeded = await DemoWarehouse.SeedAsync(new WarehouseLocation(WarehouseDialect.DuckDb, warehouse),
            new SeedOptions(SeedOptions.DefaultOpportunities, SeedOptions.DefaultSeed, asOf), null, token);
        try
        {
            await using var bot = await BotTestHost.StartAsync(answerer: null, settings: new Dictionary<string, string> { ["Warehouse:ConnectionString"] = $"duckdb:{warehouse}" });

            var admin = await AskAsync(bot, DemoPrincipals.Admin, "why did EMEA miss last quarter?", "EMEA", token);
            var rep = await AskAsync(bot, DemoPrincipals.AlexMorganRep, "how did APAC do last quarter?", "", token);

            Assert.Contains(seeded.Stories.LastCompletedQuarter, admin, StringComparison.Ordinal);
            // The planted story: DACH carries most of EMEA's miss (docs/demo-data.md).
            Assert.Contains("DACH", admin, StringComparison.Ordinal);
            // A rep cannot see APAC: no APAC numbers, an unknown-name reply instead.
            Assert.DoesNotContain("APAC booked", rep, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(warehouse);
        }
    }

    /// <summary>Asks through the local Direct Line as <paramref name="user"/> and returns the activities JSON once the bot replied.</summary>
    private static async Task<string> AskAsync(BotTestHost bot, string user, string question, string expected, CancellationToken token)
    {
        using var client = new HttpClient { BaseAddress = bot.Client.BaseAddress };
        using var started = await client.PostAsync("/v3/directline/conversations", JsonContent.Create(new { user = new { id = user } }), token);
        using var conversation = JsonDocument.Parse(await started.Content.ReadAsStringAsync(token));
        var id = conversation.RootElement.GetProperty("conversationId").GetString();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", conversation.RootElement.GetProperty("token").GetString());
        using var posted = await client.PostAsync($"/v3/directline/conversations/{id}/activities", JsonContent.Create(new { type = "message", text = question, from = new { id = user } }), token);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string body;
        do
        {
            await Task.Delay(100, token);
            body = await client.GetStringAsync($"/v3/directline/conversations/{id}/activities", token);
        }
        // The welcome comes first; the answer is the bot's second message.
        while (BotMessages(body) < 2 && DateTime.UtcNow < deadline);

        Assert.Contains(expected, body, StringComparison.Ordinal);
        return body;
    }

    private static int BotMessages(string activities)
    {
        using var document = JsonDocument.Parse(activities);
        return document.RootElement.GetProperty("activities").EnumerateArray()
            .Count(a => a.TryGetProperty("from", out var from) && from.TryGetProperty("role", out var role) && role.GetString() == "bot");
    }
}
