using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SalesOpsBot.Bot.Connector;
using SalesOpsBot.Bot.Protocol;
using SalesOpsBot.Bot.State;
using SalesOpsBot.Bot.Tests.Infrastructure;

namespace SalesOpsBot.Bot.Tests.Connector;

/// <summary>Outbound rules of botframework-protocol.md §3: retries, deactivation, and where the token may go.</summary>
public sealed class ConnectorClientTests : IAsyncLifetime
{
    private FakeChannel _channel = null!;
    private BotTestHost _bot = null!;

    public async ValueTask InitializeAsync()
    {
        _channel = await FakeChannel.StartAsync();
        _bot = await BotTestHost.StartAsync(new RecordingAnswerer(), _channel);
        // An authenticated inbound activity is what makes the fake channel's serviceUrl trusted.
        using var response = await _bot.PostActivityAsync(
            SampleActivities.Message(_channel.ServiceUrl, "hello") with { Type = ActivityTypes.Typing, Text = null },
            TestTokens.Create(_channel.EndorsedKey, _channel.ServiceUrl));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public async ValueTask DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _channel.DisposeAsync();
    }

    private ConnectorClient Client() => _bot.Services.GetRequiredService<ConnectorClient>();

    private Activity Reply(string conversationScope = "personal") =>
        SampleActivities.Message(_channel.ServiceUrl, "answer", conversationScope) with { ReplyToId = null };

    [Fact]
    public async Task A429IsRetriedAfterItsRetryAfterAndThenSucceeds()
    {
        _channel.Enqueue(new ScriptedResponse(429, "Throttled", RetryAfterSeconds: 1));
        var started = DateTime.UtcNow;

        var result = await Client().SendToConversationAsync(_channel.ServiceUrl, "a:conv-429", Reply(), TestContext.Current.CancellationToken);

        Assert.NotNull(result?.Id);
        Assert.Equal(2, _channel.Calls.Count);
        // The retry waited for Retry-After (1 s), not the 20 ms test backoff.
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(900), "Retry-After was not honoured.");
    }

    [Theory]
    [InlineData(412)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task TransientStatusesAreRetriedWithBackoff(int status)
    {
        _channel.Enqueue(new ScriptedResponse(status), new ScriptedResponse(status));

        var result = await Client().SendToConversationAsync(_channel.ServiceUrl, "a:conv-transient", Reply(), TestContext.Current.CancellationToken);

        Assert.NotNull(result?.Id);
        Assert.Equal(3, _channel.Calls.Count);
    }

    [Theory]
    [InlineData(400, "BadArgument")]
    [InlineData(401, "BotNotRegistered")]
    [InlineData(413, "MessageSizeTooBig")]
    [InlineData(500, "ServiceError")]
    public async Task OtherErrorsAreNeverRetried(int status, string code)
    {
        _channel.Enqueue(new ScriptedResponse(status, code));

        var error = await Assert.ThrowsAsync<ConnectorException>(() =>
            Client().SendToConversationAsync(_channel.ServiceUrl, "a:conv-fatal", Reply(), TestContext.Current.CancellationToken));

        Assert.Equal((HttpStatusCode)status, error.StatusCode);
        Assert.Equal(code, error.Code);
        Assert.Single(_channel.Calls);
    }

    [Theory]
    [InlineData(403, "ConversationBlockedByUser", true)]
    [InlineData(403, "BotNotInConversationRoster", true)]
    [InlineData(404, "ConversationNotFound", true)]
    [InlineData(403, "BotDisabledByAdmin", false)]
    public async Task RosterBlockedAndMissingConversationsDeactivateTheStoredReference(int status, string code, bool deactivates)
    {
        var store = _bot.Services.GetRequiredService<IConversationReferenceStore>();
        const string ConversationId = "a:conv-forbidden";
        await store.UpsertAsync(new ConversationReference { ConversationId = ConversationId, ChannelId = "msteams", ServiceUrl = _channel.ServiceUrl }, TestContext.Current.CancellationToken);
        _channel.Enqueue(new ScriptedResponse(status, code));

        await Assert.ThrowsAsync<ConnectorException>(() =>
            Client().SendToConversationAsync(_channel.ServiceUrl, ConversationId, Reply(), TestContext.Current.CancellationToken));

        var stored = await store.GetAsync(ConversationId, TestContext.Current.CancellationToken);
        Assert.Equal(!deactivates, stored!.IsActive);
        Assert.Single(_channel.Calls);
    }

    [Fact]
    public async Task AForgedServiceUrlReceivesNothing()
    {
        const string Forged = "https://attacker.example/";

        await Assert.ThrowsAsync<ConnectorException>(() =>
            Client().SendToConversationAsync(Forged, "a:conv", Reply() with { ServiceUrl = Forged }, TestContext.Current.CancellationToken));

        Assert.Empty(_channel.Calls);
    }

    [Fact]
    public async Task TeamsIdsAreEscapedInThePath()
    {
        await Client().UpdateActivityAsync(_channel.ServiceUrl, "19:abc@thread.tacv2;messageid=17", "1:xyz", Reply(), TestContext.Current.CancellationToken);

        var call = Assert.Single(_channel.Calls);
        Assert.Equal("PUT", call.Method);
        Assert.Equal("/teams/v3/conversations/19%3Aabc%40thread.tacv2%3Bmessageid%3D17/activities/1%3Axyz", call.Path);
    }

    [Fact]
    public async Task AOneToOneConversationIsCreatedWithTheUserAndTenant()
    {
        var parameters = new ConversationParameters
        {
            IsGroup = false,
            Bot = new ChannelAccount { Id = SampleActivities.BotId },
            Members = [new ChannelAccount { Id = SampleActivities.UserId }],
            TenantId = SampleActivities.TenantId,
            ChannelData = System.Text.Json.JsonSerializer.SerializeToElement(new { tenant = new { id = SampleActivities.TenantId } }),
        };

        await Client().CreateConversationAsync(_channel.ServiceUrl, parameters, TestContext.Current.CancellationToken);

        var call = Assert.Single(_channel.Calls);
        Assert.Equal("/teams/v3/conversations", call.Path);
        Assert.Contains("\"members\":[{\"id\":\"29:1a2b3c-user\"}]", call.Body, StringComparison.Ordinal);
        Assert.Contains(SampleActivities.TenantId, call.Body, StringComparison.Ordinal);
        Assert.Equal("Bearer " + BotTestHost.OutboundToken, call.Authorization);
    }
}

/// <summary>The token guard on its own (§3.2): which service URLs may receive the bot's token.</summary>
public sealed class ServiceUrlGuardTests
{
    private static ServiceUrlGuard Guard(string? appId) =>
        new(Microsoft.Extensions.Options.Options.Create(new SalesOpsBot.Bot.Hosting.BotOptions { MicrosoftAppId = appId }));

    [Theory]
    [InlineData("https://smba.trafficmanager.net/emea/", OutboundDecision.WithToken)]
    [InlineData("https://europe.webchat.botframework.com/", OutboundDecision.WithToken)]
    [InlineData("http://smba.trafficmanager.net/emea/", OutboundDecision.Refuse)]
    [InlineData("https://smba.trafficmanager.net.attacker.example/", OutboundDecision.Refuse)]
    [InlineData("https://notbotframework.com/", OutboundDecision.Refuse)]
    [InlineData("http://127.0.0.1:5000/teams/", OutboundDecision.Refuse)]
    [InlineData("http://localhost:3978/_connector/", OutboundDecision.WithoutToken)]
    [InlineData("not a url", OutboundDecision.Refuse)]
    public void WithAnAppIdOnlyAllowListedHttpsHostsGetTheToken(string serviceUrl, OutboundDecision expected) =>
        Assert.Equal(expected, Guard("app-id").Decide(serviceUrl));

    [Fact]
    public void AServiceUrlFromAnAuthenticatedActivityGetsTheToken()
    {
        var guard = Guard("app-id");
        guard.TrustAuthenticated("http://127.0.0.1:5000/teams/");

        Assert.Equal(OutboundDecision.WithToken, guard.Decide("http://127.0.0.1:5000/teams"));
    }

    [Theory]
    [InlineData("http://localhost:3978/api", OutboundDecision.WithoutToken)]
    [InlineData("http://[::1]:3978/", OutboundDecision.WithoutToken)]
    [InlineData("https://smba.trafficmanager.net/emea/", OutboundDecision.Refuse)]
    public void AnonymousModeCallsOnlyLoopbackAndWithoutAToken(string serviceUrl, OutboundDecision expected) =>
        Assert.Equal(expected, Guard(null).Decide(serviceUrl));
}

/// <summary>Proactive sends to stored conversations (§3.4).</summary>
public sealed class ProactiveMessengerTests : IAsyncLifetime
{
    private FakeChannel _channel = null!;
    private BotTestHost _bot = null!;

    public async ValueTask InitializeAsync()
    {
        _channel = await FakeChannel.StartAsync();
        _bot = await BotTestHost.StartAsync(new RecordingAnswerer(), _channel);
        using var response = await _bot.PostActivityAsync(SampleActivities.BotInstalled(_channel.ServiceUrl), TestTokens.Create(_channel.EndorsedKey, _channel.ServiceUrl));
        await _channel.WaitForCallAsync(call => call.Activity?.Type == ActivityTypes.Message);
    }

    public async ValueTask DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _channel.DisposeAsync();
    }

    [Fact]
    public async Task ADigestGoesToTheStoredConversationUntilTheUserBlocksTheBot()
    {
        var messenger = _bot.Services.GetRequiredService<ProactiveMessenger>();
        var conversationId = SampleActivities.ConversationIdFor("personal");
        _channel.Enqueue(new ScriptedResponse(200), new ScriptedResponse(403, "ConversationBlockedByUser"));

        await messenger.SendAnswerAsync(conversationId, SampleAnswers.EmeaMissedQ3, TestContext.Current.CancellationToken);
        await Assert.ThrowsAsync<ConnectorException>(() => messenger.SendAnswerAsync(conversationId, SampleAnswers.EmeaMissedQ3, TestContext.Current.CancellationToken));
        var afterBlock = await messenger.SendAnswerAsync(conversationId, SampleAnswers.EmeaMissedQ3, TestContext.Current.CancellationToken);

        Assert.Null(afterBlock);
        var sends = _channel.Calls.Where(call => call.Path == $"/teams/v3/conversations/{Uri.EscapeDataString(conversationId)}/activities").ToList();
        Assert.Equal(3, sends.Count); // the welcome, the digest, the blocked attempt; nothing after
        Assert.Equal("Action.Execute", sends[1].Activity!.Attachments![0].Content!.Value.GetProperty("actions")[0].GetProperty("type").GetString());
    }

    [Fact]
    public async Task APersonalConversationIsCreatedAndStored()
    {
        var messenger = _bot.Services.GetRequiredService<ProactiveMessenger>();

        var reference = await messenger.CreatePersonalConversationAsync(_channel.ServiceUrl, SampleActivities.BotId, "29:new-user", SampleActivities.TenantId, TestContext.Current.CancellationToken);

        Assert.NotNull(reference);
        var create = _channel.Calls.Single(call => call.Path == "/teams/v3/conversations");
        Assert.Contains($"\"channelData\":{{\"tenant\":{{\"id\":\"{SampleActivities.TenantId}\"}}}}", create.Body, StringComparison.Ordinal);
        var stored = await _bot.Services.GetRequiredService<IConversationReferenceStore>().GetAsync(reference.ConversationId, TestContext.Current.CancellationToken);
        Assert.Equal("29:new-user", stored!.UserId);
    }
}
