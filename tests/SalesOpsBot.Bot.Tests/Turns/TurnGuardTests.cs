using SalesOpsBot.Bot.Protocol;
using SalesOpsBot.Bot.Tests.Infrastructure;
using SalesOpsBot.Bot.Turns;

namespace SalesOpsBot.Bot.Tests.Turns;

/// <summary>Per-user rate limits and the message-size cap, with a clock the test moves.</summary>
public sealed class TurnGuardTests
{
    [Fact]
    public void AUserMayAskTheirBurstAtOnceThenOneQuestionPerRefill()
    {
        var clock = new ManualClock();
        var guard = new TurnGuard(new TurnGuardOptions { QuestionsPerMinute = 20 }, clock);

        // 20 per minute: a bucket of 20, one more every 3 seconds.
        for (var i = 0; i < 20; i++)
        {
            Assert.Null(guard.Check("lena@example.com", "how did EMEA do?"));
        }

        var refused = guard.Check("lena@example.com", "and DACH?");
        Assert.NotNull(refused);
        Assert.Equal("You're asking faster than I can answer — try again in 3 seconds.", refused.Message);
        Assert.Equal(TimeSpan.FromSeconds(3), refused.RetryAfter);

        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal("You're asking faster than I can answer — try again in 1 second.", guard.Check("lena@example.com", "and DACH?")?.Message);

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(guard.Check("lena@example.com", "and DACH?"));
        Assert.NotNull(guard.Check("lena@example.com", "and UK?"));
    }

    [Fact]
    public void UsersHaveSeparateBucketsAndCaseDoesNotMakeANewOne()
    {
        var clock = new ManualClock();
        var guard = new TurnGuard(new TurnGuardOptions { QuestionsPerMinute = 2 }, clock);

        Assert.Null(guard.Check("Lena@Example.com", "q"));
        Assert.Null(guard.Check("lena@example.com", "q"));
        Assert.NotNull(guard.Check("LENA@EXAMPLE.COM", "q"));

        Assert.Null(guard.Check("markus@example.com", "q"));
    }

    [Fact]
    public void ALongIdleRefillsTheBucketOnlyUpToItsSize()
    {
        var clock = new ManualClock();
        var guard = new TurnGuard(new TurnGuardOptions { QuestionsPerMinute = 6, Burst = 3 }, clock);
        for (var i = 0; i < 3; i++)
        {
            Assert.Null(guard.Check("a", "q"));
        }

        clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(3, Enumerable.Range(0, 5).Count(_ => guard.Check("a", "q") is null));
    }

    [Fact]
    public void AMessageOverTheSizeLimitIsRefusedWithItsLength()
    {
        var guard = new TurnGuard(new TurnGuardOptions(), new ManualClock());

        Assert.Null(guard.Check("a", new string('x', 4_000)));
        var refused = guard.Check("a", new string('x', 4_001));

        Assert.NotNull(refused);
        Assert.Null(refused.RetryAfter);
        Assert.StartsWith("That message is 4,001 characters long; I answer questions of up to 4,000 characters.", refused.Message, StringComparison.Ordinal);
    }

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public override DateTimeOffset GetUtcNow() => new DateTimeOffset(2026, 11, 15, 9, 0, 0, TimeSpan.Zero).AddTicks(_ticks);

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}

/// <summary>The guard on the bot's real path: Teams messages through /api/messages and the fake connector.</summary>
public sealed class TurnGuardBotTests : IAsyncLifetime
{
    private FakeChannel _channel = null!;
    private BotTestHost _bot = null!;
    private readonly RecordingAnswerer _answerer = new();

    public async ValueTask InitializeAsync()
    {
        _channel = await FakeChannel.StartAsync();
        // One question per minute with a burst of 3: the fourth quick question is refused.
        _bot = await BotTestHost.StartAsync(_answerer, _channel, new Dictionary<string, string>
        {
            ["Guards:QuestionsPerMinute"] = "1",
            ["Guards:Burst"] = "3",
            ["Guards:MaxMessageLength"] = "500",
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _channel.DisposeAsync();
    }

    [Fact]
    public async Task AUserOverTheRateGetsAPoliteRefusalAndTheEngineIsNotCalled()
    {
        var token = TestTokens.Create(_channel.EndorsedKey, _channel.ServiceUrl);
        for (var i = 0; i < 4; i++)
        {
            using var response = await _bot.PostActivityAsync(SampleActivities.Message(_channel.ServiceUrl, $"question {i}", id: $"q-{i}"), token);
        }

        var refusal = await _channel.WaitForCallAsync(call => call.Activity?.Text?.StartsWith("You're asking faster", StringComparison.Ordinal) == true);
        await WaitUntilAsync(() => _channel.Messages().Count == 4);

        Assert.Equal(3, _answerer.Turns.Count);
        // Turns are processed concurrently, so whichever came fourth is the one refused: the one id the engine never saw.
        var answered = _answerer.Turns.Select(t => t.ReplyToId).ToHashSet(StringComparer.Ordinal);
        var refused = Assert.Single(Enumerable.Range(0, 4).Select(i => $"q-{i}"), id => !answered.Contains(id));
        Assert.Equal(refused, refusal.Activity!.ReplyToId);
        Assert.Single(_channel.Messages(), m => m.Activity?.Text?.StartsWith("You're asking faster", StringComparison.Ordinal) == true);
        Assert.Matches("^You're asking faster than I can answer — try again in [0-9]+ seconds?\\.$", refusal.Activity.Text);
        Assert.Null(refusal.Activity.Attachments);
    }

    [Fact]
    public async Task AnOversizedMessageGetsAClearMessageAndTheEngineIsNotCalled()
    {
        var token = TestTokens.Create(_channel.EndorsedKey, _channel.ServiceUrl);

        using var response = await _bot.PostActivityAsync(SampleActivities.Message(_channel.ServiceUrl, new string('?', 501)), token);
        var reply = await _channel.WaitForCallAsync(call => call.Activity?.Type == ActivityTypes.Message);

        Assert.Empty(_answerer.Turns);
        Assert.StartsWith("That message is 501 characters long; I answer questions of up to 500 characters.", reply.Activity!.Text, StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not become true in time.");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}
