using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SalesOpsBot.Bot.Tests.Infrastructure;

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
    public async Task ThePlaceholderAnswererRepliesWithHelpUntilTheEngineIsRegistered()
    {
        await using var bot = await BotTestHost.StartAsync(answerer: null);
        using var started = await bot.Client.PostAsync("/v3/directline/conversations", JsonContent.Create(new { user = new { id = "admin@example.com" } }), TestContext.Current.CancellationToken);
        using var conversation = JsonDocument.Parse(await started.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var id = conversation.RootElement.GetProperty("conversationId").GetString();
        bot.Client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", conversation.RootElement.GetProperty("token").GetString());

        using var posted = await bot.Client.PostAsync($"/v3/directline/conversations/{id}/activities", JsonContent.Create(new { type = "message", text = "what can you do?" }), TestContext.Current.CancellationToken);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        string body;
        do
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
            body = await bot.Client.GetStringAsync($"/v3/directline/conversations/{id}/activities", TestContext.Current.CancellationToken);
        }
        while (!body.Contains("I answer questions about bookings", StringComparison.Ordinal) && DateTime.UtcNow < deadline);

        Assert.Contains("I answer questions about bookings", body, StringComparison.Ordinal);
    }
}
