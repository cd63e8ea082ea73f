using Microsoft.Extensions.DependencyInjection;
using SalesOpsBot.Bot.Digests;
using SalesOpsBot.Bot.Protocol;
using SalesOpsBot.Bot.Tests.Infrastructure;
using SalesOpsBot.Conversation.Answers;
using SalesOpsBot.Conversation.State;
using SalesOpsBot.Digests.Delivery;
using SalesOpsBot.Digests.Subscriptions;
using SalesOpsBot.Warehouse.Seeding;

namespace SalesOpsBot.Bot.Tests.Digests;

public sealed class ConnectorDigestSenderTests : IAsyncLifetime
{
    private const string Dach = "T-EMEA-DACH";

    private FakeChannel _channel = null!;
    private BotTestHost _bot = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static string ConversationId => SampleActivities.ConversationIdFor("personal");

    public async ValueTask InitializeAsync()
    {
        _channel = await FakeChannel.StartAsync();
        _bot = await BotTestHost.StartAsync(new RecordingAnswerer(), _channel, new Dictionary<string, string> { ["Digests:Enabled"] = "false" });
        using var response = await _bot.PostActivityAsync(SampleActivities.BotInstalled(_channel.ServiceUrl), TestTokens.Create(_channel.EndorsedKey, _channel.ServiceUrl));
        await _channel.WaitForCallAsync(call => call.Activity?.Type == ActivityTypes.Message);
    }

    public async ValueTask DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _channel.DisposeAsync();
    }

    [Fact]
    public async Task AnAcceptedDigestIsSentWithItsActivityIdAndBecomesTheConversationsFocus()
    {
        var sender = _bot.Services.GetRequiredService<ConnectorDigestSender>();

        var result = await sender.SendAsync(Message(ConversationId), Token);

        Assert.Equal(SendOutcome.Sent, result.Outcome);
        Assert.False(string.IsNullOrEmpty(result.ActivityId));
        var posted = _channel.Calls.Last(call => call.Path.EndsWith("/activities", StringComparison.Ordinal)).Activity!;
        Assert.Equal(AnswerMessageContentType, posted.Attachments![0].ContentType);
        Assert.False(string.IsNullOrEmpty(posted.Text)); // the text fallback travels with the card
        var state = await _bot.Services.GetRequiredService<IConversationStateStore>().LoadAsync(ConversationId, DemoPrincipals.EmeaLeader, Token);
        Assert.Equal(Dach, state!.TerritoryId);
        Assert.Equal(Intents.Attainment, state.Intent);
    }

    [Theory]
    [InlineData(403, "ConversationBlockedByUser")]
    [InlineData(404, "ConversationNotFound")]
    public async Task BlockedOrMissingConversationsFailWithTheRecipientGone(int status, string code)
    {
        _channel.Enqueue(new ScriptedResponse(status, code));

        var result = await _bot.Services.GetRequiredService<ConnectorDigestSender>().SendAsync(Message(ConversationId), Token);

        Assert.Equal(SendOutcome.Failed, result.Outcome);
        Assert.Equal(status, result.StatusCode);
        Assert.True(result.RecipientGone);
    }

    [Fact]
    public async Task ABadRequestFailsWithoutDeactivating()
    {
        _channel.Enqueue(new ScriptedResponse(400, "BadArgument"));

        var result = await _bot.Services.GetRequiredService<ConnectorDigestSender>().SendAsync(Message(ConversationId), Token);

        Assert.Equal(SendOutcome.Failed, result.Outcome);
        Assert.False(result.RecipientGone);
    }

    [Fact]
    public async Task AServerErrorAfterTheRequestLeftIsUncertainNotFailed()
    {
        // 500 is not retried (Teams table); the channel may have posted the message before failing.
        _channel.Enqueue(new ScriptedResponse(500));

        var result = await _bot.Services.GetRequiredService<ConnectorDigestSender>().SendAsync(Message(ConversationId), Token);

        Assert.Equal(SendOutcome.Uncertain, result.Outcome);
        Assert.Equal(500, result.StatusCode);
    }

    [Fact]
    public async Task AConversationTheBotNeverSawFailsAsGoneWithoutCallingTheChannel()
    {
        var before = _channel.Calls.Count;

        var result = await _bot.Services.GetRequiredService<ConnectorDigestSender>().SendAsync(Message("a:never-seen"), Token);

        Assert.True(result.RecipientGone);
        Assert.Equal(before, _channel.Calls.Count);
    }

    private const string AnswerMessageContentType = "application/vnd.microsoft.card.adaptive";

    private static DigestMessage Message(string conversationId)
    {
        var subscription = new Subscription("sub-dach", DemoPrincipals.EmeaLeader, conversationId, "0 8 * * 1", "Europe/Berlin", DigestKind.ForecastDigest,
            Dach, true, DateTimeOffset.UnixEpoch);
        var document = new AnswerDocument
        {
            Question = "DACH forecast digest",
            Intent = "digest",
            Scope = new AnswerScope { Territory = Dach },
            Answer = "DACH, as of 15 Nov 2026: 1.2M booked.",
        };
        return new DigestMessage(subscription, new DateTimeOffset(2026, 11, 16, 7, 0, 0, TimeSpan.Zero), document, document.Answer);
    }
}
