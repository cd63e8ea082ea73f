using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SalesOpsBot.Bot.Cards;
using SalesOpsBot.Bot.Protocol;
using SalesOpsBot.Bot.State;
using SalesOpsBot.Bot.Tests.Infrastructure;

namespace SalesOpsBot.Bot.Tests.Messages;

/// <summary>The HTTP contract of /api/messages (botframework-protocol.md §1) with an authenticating host and a fake connector.</summary>
public sealed class MessagesEndpointTests : IAsyncLifetime
{
    private FakeChannel _channel = null!;
    private BotTestHost _bot = null!;
    private readonly RecordingAnswerer _answerer = new();

    public async ValueTask InitializeAsync()
    {
        _channel = await FakeChannel.StartAsync();
        _bot = await BotTestHost.StartAsync(_answerer, _channel);
    }

    public async ValueTask DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _channel.DisposeAsync();
    }

    private string Token() => TestTokens.Create(_channel.EndorsedKey, _channel.ServiceUrl);

    [Fact]
    public async Task AMessageIsAcknowledgedWithAnEmptyOkAndAnsweredThroughTheConnector()
    {
        var activity = SampleActivities.Message(_channel.ServiceUrl, "why did EMEA miss Q3?", id: "activity-1");

        using var response = await _bot.PostActivityAsync(activity, Token());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var reply = await _channel.WaitForCallAsync(call => call.Activity?.Type == ActivityTypes.Message);
        // §3.3: reply to the activity, addressed back to the sender, from the bot.
        Assert.Equal("POST", reply.Method);
        Assert.Equal($"/teams/v3/conversations/{Uri.EscapeDataString(activity.Conversation!.Id!)}/activities/activity-1", reply.Path);
        Assert.Equal("activity-1", reply.Activity!.ReplyToId);
        Assert.Equal(SampleActivities.BotId, reply.Activity.From!.Id);
        Assert.Equal(SampleActivities.UserId, reply.Activity.Recipient!.Id);
        var attachment = Assert.Single(reply.Activity.Attachments!);
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.ContentType);
        Assert.Equal("EMEA · FY2026 Q3: Bookings 8.1M, Quota 9.5M, Attainment 86%", reply.Activity.Text);
    }

    [Fact]
    public async Task TheEngineGetsTheCallersIdentityAndTimezoneAndTheLookedUpEmail()
    {
        using var response = await _bot.PostActivityAsync(SampleActivities.Message(_channel.ServiceUrl, "why did EMEA miss Q3?"), Token());
        await _channel.WaitForCallAsync(call => call.Activity?.Type == ActivityTypes.Message);

        var turn = Assert.Single(_answerer.Turns);
        Assert.Equal("msteams", turn.ChannelId);
        Assert.Equal(SampleActivities.TenantId, turn.TenantId);
        Assert.Equal(SampleActivities.UserId, turn.User.ChannelUserId);
        Assert.Equal(SampleActivities.UserAadObjectId, turn.User.AadObjectId);
        Assert.Equal("lena.vogel@example.com", turn.User.Email);
        Assert.Equal("Europe/Berlin", turn.LocalTimezone);
    }

    [Fact]
    public async Task TheMemberEmailIsLookedUpOncePerConversationAndCached()
    {
        for (var turn = 0; turn < 3; turn++)
        {
            using var response = await _bot.PostActivityAsync(SampleActivities.Message(_channel.ServiceUrl, $"question {turn}"), Token());
        }

        await WaitUntilAsync(() => _channel.Messages().Count == 3);
        Assert.Single(_channel.Calls, call => call.Method == "GET" && call.Path.Contains("/members/", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("personal", false)]
    [InlineData("groupChat", true)]
    [InlineData("channel", true)]
    public async Task EachTeamsScopeIsAnsweredInItsOwnConversationWithTheMentionStripped(string scope, bool mentionBot)
    {
        var activity = SampleActivities.Message(_channel.ServiceUrl, "why did EMEA miss Q3?", scope, mentionBot: mentionBot);

        using var response = await _bot.PostActivityAsync(activity, Token());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = await _channel.WaitForCallAsync(call => call.Activity?.Type == ActivityTypes.Message);
        Assert.StartsWith($"/teams/v3/conversations/{Uri.EscapeDataString(SampleActivities.ConversationIdFor(scope))}/activities/", reply.Path, StringComparison.Ordinal);
        Assert.Equal("why did EMEA miss Q3?", Assert.Single(_answerer.Turns).Text);
    }

    [Fact]
    public async Task AMentionOfSomeoneElseStaysInTheText()
    {
        var activity = SampleActivities.Message(_channel.ServiceUrl, "ask <at>Lena Vogel</at> about DACH", "groupChat", mentionBot: true) with { };
        activity = activity with
        {
            Entities = [.. activity.Entities!, new Entity { Type = "mention", Text = "<at>Lena Vogel</at>", Mentioned = new ChannelAccount { Id = "29:lena" } }],
        };

        using var response = await _bot.PostActivityAsync(activity, Token());
        await _channel.WaitForCallAsync(call => call.Activity?.Type == ActivityTypes.Message);

        Assert.Equal("ask <at>Lena Vogel</at> about DACH", Assert.Single(_answerer.Turns).Text);
    }

    [Fact]
    public async Task ARedeliveredActivityIsAnsweredOnce()
    {
        var activity = SampleActivities.Message(_channel.ServiceUrl, "why did EMEA miss Q3?", id: "same-id");

        using var first = await _bot.PostActivityAsync(activity, Token());
        using var second = await _bot.PostActivityAsync(activity, Token());
        using var third = await _bot.PostActivityAsync(activity, Token());
        await _channel.WaitForCallAsync(call => call.Activity?.Type == ActivityTypes.Message);
        await Task.Delay(300, TestContext.Current.CancellationToken);

        Assert.All(new[] { first, second, third }, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.Single(_answerer.Turns);
        Assert.Single(_channel.Messages());
    }

    [Fact]
    public async Task ACardActionInvokeIsAnsweredInTheResponseAndTheFollowUpArrivesAsAMessage()
    {
        var invoke = SampleActivities.CardAction(_channel.ServiceUrl, AnswerCardBuilder.VerbFollowUp, "Drill into DACH", id: "invoke-1") with { ReplyToId = "card-message-7" };

        using var response = await _bot.PostActivityAsync(invoke, Token());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(200, body.RootElement.GetProperty("statusCode").GetInt32());
        Assert.Equal("application/vnd.microsoft.activity.message", body.RootElement.GetProperty("type").GetString());
        var followUp = await _channel.WaitForCallAsync(call => call.Activity?.Type == ActivityTypes.Message);
        Assert.Contains("DACH", followUp.Activity!.Text, StringComparison.Ordinal);
        Assert.EndsWith("/activities/card-message-7", followUp.Path, StringComparison.Ordinal);
        var turn = Assert.Single(_answerer.Turns);
        Assert.Equal("Drill into DACH", turn.Text);
        Assert.Equal("followup", turn.Value!.Value.GetProperty("verb").GetString());
    }

    [Fact]
    public async Task AnotherTenantGetsAPoliteRefusalAndTheEngineIsNotCalled()
    {
        await using var bot = await BotTestHost.StartAsync(_answerer, _channel, new Dictionary<string, string> { ["Bot:AllowedTenantIds:0"] = "our-tenant-only" });

        using var response = await bot.PostActivityAsync(SampleActivities.Message(_channel.ServiceUrl, "why did EMEA miss Q3?"), Token());
        var reply = await _channel.WaitForCallAsync(call => call.Activity?.Type == ActivityTypes.Message);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Sorry, this assistant is not available for your organisation.", reply.Activity!.Text);
        Assert.Null(reply.Activity.Attachments);
        Assert.Empty(_answerer.Turns);
    }

    [Fact]
    public async Task AnActionSubmitFromAnOlderTeamsClientIsTreatedAsTheFollowUpQuestion()
    {
        var submit = SampleActivities.Message(_channel.ServiceUrl, "") with
        {
            Text = null,
            Value = JsonSerializer.SerializeToElement(new { verb = "clarify", question = "Alex Morgan (UK&I)" }),
        };

        using var response = await _bot.PostActivityAsync(submit, Token());
        await _channel.WaitForCallAsync(call => call.Activity?.Type == ActivityTypes.Message);

        var turn = Assert.Single(_answerer.Turns);
        Assert.Equal("Alex Morgan (UK&I)", turn.Text);
        Assert.Equal("clarify", turn.Value!.Value.GetProperty("verb").GetString());
    }

    [Fact]
    public async Task AUserJoiningAGroupChatIsNotGreeted()
    {
        var userJoined = SampleActivities.BotInstalled(_channel.ServiceUrl, "groupChat") with { MembersAdded = [new ChannelAccount { Id = "29:someone-new" }] };

        using var response = await _bot.PostActivityAsync(userJoined, Token());
        await Task.Delay(500, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(_channel.Messages());
        var stored = await _bot.Services.GetRequiredService<IConversationReferenceStore>().GetAsync(userJoined.Conversation!.Id!, TestContext.Current.CancellationToken);
        Assert.NotNull(stored);
    }

    [Fact]
    public async Task AnUnknownInvokeGets501()
    {
        var invoke = SampleActivities.Message(_channel.ServiceUrl, "") with { Type = ActivityTypes.Invoke, Name = "composeExtension/query", Text = null };

        using var response = await _bot.PostActivityAsync(invoke, Token());

        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
        Assert.Empty(_answerer.Turns);
    }

    [Theory]
    [InlineData("{ this is not json")]
    [InlineData("""{"id":"no-type","conversation":{"id":"a:1"}}""")]
    [InlineData("""{"type":"message","text":"no conversation"}""")]
    [InlineData("[]")]
    public async Task AMalformedBodyGets400(string body)
    {
        using var response = await _bot.PostRawAsync(body, Token());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task AnOversizedBodyGets413()
    {
        var activity = SampleActivities.Message(_channel.ServiceUrl, new string('x', 300 * 1024));

        using var response = await _bot.PostActivityAsync(activity, Token());

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(_answerer.Turns);
    }

    [Fact]
    public async Task InstallingTheBotStoresTheReferenceAndGreetsOnceWithExampleQuestions()
    {
        var installed = SampleActivities.BotInstalled(_channel.ServiceUrl);
        var installation = installed with { Type = ActivityTypes.InstallationUpdate, Action = "add", MembersAdded = null, Id = "install-2" };

        using (var first = await _bot.PostActivityAsync(installed, Token()))
        using (var second = await _bot.PostActivityAsync(installation, Token()))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        }

        var welcome = await _channel.WaitForCallAsync(call => call.Activity?.Type == ActivityTypes.Message);
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.Single(_channel.Messages());
        Assert.Equal($"/teams/v3/conversations/{Uri.EscapeDataString(installed.Conversation!.Id!)}/activities", welcome.Path);
        var card = welcome.Activity!.Attachments![0].Content!.Value;
        var buttons = card.GetProperty("actions").EnumerateArray().Select(action => action.GetProperty("title").GetString()).ToList();
        Assert.Contains("Why did EMEA miss Q3?", buttons);
        Assert.Empty(_answerer.Turns);

        var stored = await _bot.Services.GetRequiredService<IConversationReferenceStore>().GetAsync(installed.Conversation.Id!, TestContext.Current.CancellationToken);
        Assert.NotNull(stored);
        Assert.Equal(_channel.ServiceUrl, stored.ServiceUrl);
        Assert.Equal(SampleActivities.TenantId, stored.TenantId);
        Assert.True(stored.IsActive);
    }

    [Fact]
    public async Task UninstallingTheBotDeactivatesTheReference()
    {
        var installed = SampleActivities.BotInstalled(_channel.ServiceUrl);
        using (await _bot.PostActivityAsync(installed, Token()))
        {
        }

        await _channel.WaitForCallAsync(call => call.Activity?.Type == ActivityTypes.Message);
        using (await _bot.PostActivityAsync(installed with { Type = ActivityTypes.InstallationUpdate, Action = "remove", Id = "remove-1", MembersAdded = null }, Token()))
        {
        }

        var store = _bot.Services.GetRequiredService<IConversationReferenceStore>();
        await WaitUntilAsync(async () => (await store.GetAsync(installed.Conversation!.Id!, TestContext.Current.CancellationToken))?.IsActive == false);
    }

    [Fact]
    public async Task AnAnswerCardStaysUnder80KilobytesEvenWithHundredsOfDeals()
    {
        var deals = Enumerable.Range(1, 600).Select(index => SampleAnswers.EmeaMissedQ3.Deals[0] with { OpportunityId = $"O-{index}", Name = $"Deal number {index} with a long descriptive name for the renewal" }).ToList();
        await using var bot = await BotTestHost.StartAsync(new RecordingAnswerer(_ => SampleAnswers.EmeaMissedQ3 with { Deals = deals }), _channel);

        using var response = await bot.PostActivityAsync(SampleActivities.Message(_channel.ServiceUrl, "show all deals"), Token());
        var reply = await _channel.WaitForCallAsync(call => call.Activity?.Type == ActivityTypes.Message);

        Assert.InRange(reply.Body.Length * 2, 1, AnswerMessage.MaxMessageBytes);
        Assert.Contains("more deals", reply.Body, StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(Func<bool> condition) => await WaitUntilAsync(() => Task.FromResult(condition()));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not become true in time.");
            await Task.Delay(20);
        }
    }
}
