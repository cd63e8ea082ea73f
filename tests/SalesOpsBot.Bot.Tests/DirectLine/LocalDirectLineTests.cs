using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SalesOpsBot.Bot.Tests.Infrastructure;

namespace SalesOpsBot.Bot.Tests.DirectLine;

/// <summary>The Direct Line subset Web Chat needs (botframework-protocol.md §5.2, §5.3), over real HTTP.</summary>
public sealed class LocalDirectLineTests : IAsyncLifetime
{
    private readonly RecordingAnswerer _answerer = new();
    private BotTestHost _bot = null!;

    public async ValueTask InitializeAsync() => _bot = await BotTestHost.StartAsync(_answerer);

    public async ValueTask DisposeAsync() => await _bot.DisposeAsync();

    private async Task<(string ConversationId, string Token)> StartAsync(string email = "admin@example.com")
    {
        using var response = await _bot.Client.PostAsync("/v3/directline/conversations",
            JsonContent.Create(new { user = new { id = email } }), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return (body.RootElement.GetProperty("conversationId").GetString()!, body.RootElement.GetProperty("token").GetString()!);
    }

    private async Task<JsonDocument> ActivitiesAsync(string conversationId, string token, string? watermark)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v3/directline/conversations/{conversationId}/activities?watermark={watermark}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _bot.Client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private async Task<HttpResponseMessage> PostAsync(string conversationId, string token, object activity)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v3/directline/conversations/{conversationId}/activities") { Content = JsonContent.Create(activity) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await _bot.Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private async Task<List<JsonElement>> WaitForActivitiesAsync(string conversationId, string token, Func<List<JsonElement>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            using var set = await ActivitiesAsync(conversationId, token, null);
            var activities = set.RootElement.GetProperty("activities").EnumerateArray().Select(activity => activity.Clone()).ToList();
            if (done(activities) || DateTime.UtcNow > deadline)
            {
                return activities;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task TheUsersActivityIsEchoedWithItsClientActivityIdThenAnsweredByTheBot()
    {
        var (conversationId, token) = await StartAsync();

        using var posted = await PostAsync(conversationId, token, new
        {
            type = "message",
            text = "why did EMEA miss Q3?",
            from = new { id = "someone-else@example.com" },
            channelData = new { clientActivityID = "client-1" },
        });
        var activities = await WaitForActivitiesAsync(conversationId, token, list => list.Count(activity => activity.GetProperty("from").GetProperty("role").GetString() == "bot") >= 2);

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var id = JsonDocument.Parse(await posted.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("id").GetString();
        var echo = activities.Single(activity => activity.TryGetProperty("channelData", out var data) && data.GetProperty("clientActivityID").GetString() == "client-1");
        Assert.Equal(id, echo.GetProperty("id").GetString());
        // The user is the one bound at start, whatever the client claims.
        Assert.Equal("admin@example.com", echo.GetProperty("from").GetProperty("id").GetString());
        var answer = activities.Last();
        Assert.Equal("bot", answer.GetProperty("from").GetProperty("role").GetString());
        Assert.Equal("Action.Submit", answer.GetProperty("attachments")[0].GetProperty("content").GetProperty("actions")[0].GetProperty("type").GetString());
        var turn = Assert.Single(_answerer.Turns);
        Assert.Equal("admin@example.com", turn.User.Email);
        Assert.Equal("webchat", turn.ChannelId);
    }

    [Fact]
    public async Task TheWatermarkReturnsOnlyNewActivities()
    {
        var (conversationId, token) = await StartAsync();
        var welcome = await WaitForActivitiesAsync(conversationId, token, list => list.Count >= 1);
        using var first = await ActivitiesAsync(conversationId, token, null);
        var watermark = first.RootElement.GetProperty("watermark").GetString();

        using var again = await ActivitiesAsync(conversationId, token, watermark);

        Assert.Single(welcome);
        Assert.Equal("1", watermark);
        Assert.Empty(again.RootElement.GetProperty("activities").EnumerateArray());
        Assert.Equal("1", again.RootElement.GetProperty("watermark").GetString());
    }

    [Fact]
    public async Task AnotherConversationsTokenIsRejected()
    {
        var (conversationId, _) = await StartAsync();
        var (_, otherToken) = await StartAsync();

        using var response = await PostAsync(conversationId, otherToken, new { type = "message", text = "hi" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task OnlyConfiguredDemoUsersCanBePicked()
    {
        using var response = await _bot.Client.PostAsync("/v3/directline/conversations",
            JsonContent.Create(new { user = new { id = "ceo@other.example" } }), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task AnAnonymousHostServesTheWebChatPage()
    {
        var page = await _bot.Client.GetStringAsync("/", TestContext.Current.CancellationToken);

        Assert.Contains("/webchat/webchat.js", page, StringComparison.Ordinal);
        Assert.Contains("createDirectLine", page, StringComparison.Ordinal);
    }
}

public sealed class DemoUserPickerTests
{
    [Fact]
    public async Task ThePickerOffersTheSixDemoPrincipalsStartingWithAdmin()
    {
        await using var bot = await BotTestHost.StartAsync(new RecordingAnswerer());

        using var users = JsonDocument.Parse(await bot.Client.GetStringAsync("/webchat/users", TestContext.Current.CancellationToken));

        Assert.Equal(
            ["admin@example.com", "dana.whitfield@example.com", "sophie.laurent@example.com", "markus.weber@example.com", "oliver.hughes@example.com", "alex.morgan@example.com"],
            users.RootElement.EnumerateArray().Select(user => user.GetProperty("email").GetString()));
    }
}
