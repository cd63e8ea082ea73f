using System.Net;
using SalesOpsBot.Bot.Protocol;
using SalesOpsBot.Bot.Tests.Infrastructure;
using SalesOpsBot.Bot.Turns;
using SalesOpsBot.Conversation.Answers;

namespace SalesOpsBot.Bot.Tests.Operations;

/// <summary>Stopping the host (SIGTERM runs the same StopAsync) while turns are in flight.</summary>
public sealed class GracefulShutdownTests : IAsyncLifetime
{
    private FakeChannel _channel = null!;

    public async ValueTask InitializeAsync() => _channel = await FakeChannel.StartAsync();

    public async ValueTask DisposeAsync() => await _channel.DisposeAsync();

    private string Token() => TestTokens.Create(_channel.EndorsedKey, _channel.ServiceUrl);

    [Fact]
    public async Task ASlowTurnInFlightWhenTheHostStopsStillDeliversItsAnswerAndNewTurnsAreRefused()
    {
        var answerer = new SlowAnswerer(TimeSpan.FromSeconds(1.5));
        var bot = await BotTestHost.StartAsync(answerer, _channel);
        using var lateClient = new HttpClient { BaseAddress = new Uri(bot.BaseUrl) };
        using var accepted = await bot.PostActivityAsync(SampleActivities.Message(_channel.ServiceUrl, "why did EMEA miss Q3?", id: "in-flight"), Token());
        await answerer.Started.Task.WaitAsync(TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken);

        var stopping = bot.DisposeAsync().AsTask();
        var lateStatus = await TryPostAsync(lateClient, SampleActivities.Message(_channel.ServiceUrl, "and APAC?", id: "too-late"));
        await stopping;

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var answer = Assert.Single(_channel.Messages(), call => call.Activity!.ReplyToId == "in-flight");
        Assert.Equal("EMEA · FY2026 Q3: Bookings 8.1M, Quota 9.5M, Attainment 86%", answer.Activity!.Text);
        // Refused while draining (Kestrel has stopped listening, or the closed inbox answers 503), so the channel
        // redelivers it to another instance; never answered here.
        Assert.True(lateStatus is null or HttpStatusCode.ServiceUnavailable, $"late turn got {lateStatus}");
        Assert.DoesNotContain(_channel.Messages(), call => call.Activity!.ReplyToId == "too-late");
    }

    [Fact]
    public async Task TurnsThatCannotFinishBeforeTheShutdownDeadlineAreHandedBackWithARestartingMessage()
    {
        var answerer = new SlowAnswerer(TimeSpan.FromSeconds(30));
        var bot = await BotTestHost.StartAsync(answerer, _channel, new Dictionary<string, string>
        {
            ["Bot:ShutdownTimeout"] = "00:00:02",
            ["Bot:TurnWorkers"] = "1",
        });
        using var first = await bot.PostActivityAsync(SampleActivities.Message(_channel.ServiceUrl, "why did EMEA miss Q3?", id: "cut-short"), Token());
        using var second = await bot.PostActivityAsync(SampleActivities.Message(_channel.ServiceUrl, "and APAC?", id: "still-queued"), Token());
        await answerer.Started.Task.WaitAsync(TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken);

        await bot.DisposeAsync();

        foreach (var id in new[] { "cut-short", "still-queued" })
        {
            var reply = Assert.Single(_channel.Messages(), call => call.Activity!.ReplyToId == id);
            Assert.Equal(TurnWorker.RestartingText, reply.Activity!.Text);
        }

        Assert.Equal(1, answerer.Calls);
    }

    [Theory]
    [InlineData(30, 25)]
    [InlineData(8, 6)]
    [InlineData(2, 1.5)]
    public void TheDrainBudgetLeavesAMarginOfAQuarterUpToFiveSeconds(double timeoutSeconds, double expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), TurnWorker.DrainBudget(TimeSpan.FromSeconds(timeoutSeconds)));

    /// <summary>The status of a POST to /api/messages, or null when the connection was refused.</summary>
    private async Task<HttpStatusCode?> TryPostAsync(HttpClient client, Activity activity)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(activity, BotJsonContext.Default.Activity), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token());
        try
        {
            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>Takes <paramref name="delay"/> per answer (honouring cancellation) and says when the first one started.</summary>
    private sealed class SlowAnswerer(TimeSpan delay) : ITurnAnswerer
    {
        private int _calls;

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Calls => Volatile.Read(ref _calls);

        public async Task<AnswerDocument> AnswerAsync(TurnRequest turn, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            Started.TrySetResult();
            await Task.Delay(delay, cancellationToken);
            return SampleAnswers.ForQuestion(turn);
        }
    }
}
