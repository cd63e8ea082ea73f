using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SalesOpsBot.Bot.Protocol;
using Activity = SalesOpsBot.Bot.Protocol.Activity;

namespace SalesOpsBot.Bot.Load;

/// <summary>Acknowledgement figures of one load run against <c>/api/messages</c>.</summary>
public sealed record AckLoadResult(int Requests, int Failures, TimeSpan Elapsed, double RequestsPerSecond, TimeSpan P50, TimeSpan P99, TimeSpan Max)
{
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{Requests} requests ({Failures} failed) in {Elapsed.TotalSeconds:0.00} s: {RequestsPerSecond:0} req/s, ack p50 {P50.TotalMilliseconds:0.0} ms, p99 {P99.TotalMilliseconds:0.0} ms, max {Max.TotalMilliseconds:0.0} ms");
}

/// <summary>
/// A loopback load generator for the acknowledgement path: N concurrent Teams-shaped
/// conversations each post messages one after another and the time to the HTTP acknowledgement is recorded (the
/// answers themselves go out in the background). Loopback only, bounded, for <c>salesops bench</c> and tests.
/// </summary>
public static class AckLoadGenerator
{
    public static async Task<AckLoadResult> RunAsync(
        Uri messagesEndpoint,
        string serviceUrl,
        int conversations = 50,
        int messagesPerConversation = 40,
        Func<string?>? bearerToken = null,
        CancellationToken cancellationToken = default)
    {
        if (!messagesEndpoint.IsLoopback)
        {
            throw new ArgumentException("The load generator only targets loopback endpoints.", nameof(messagesEndpoint));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(conversations);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(conversations, 500);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(messagesPerConversation);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(messagesPerConversation, 10_000);

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = conversations, UseProxy = false };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        var latencies = new TimeSpan[conversations * messagesPerConversation];
        var failures = 0;
        var runId = Guid.NewGuid().ToString("N")[..8];
        var total = Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, conversations).Select(conversation => Task.Run(async () =>
        {
            for (var message = 0; message < messagesPerConversation; message++)
            {
                var activity = new Activity
                {
                    Type = ActivityTypes.Message,
                    Id = $"load-{runId}-{conversation}-{message}",
                    Timestamp = DateTimeOffset.UtcNow,
                    ServiceUrl = serviceUrl,
                    ChannelId = Channels.MsTeams,
                    From = new ChannelAccount { Id = $"29:load-user-{conversation}", AadObjectId = Guid.Empty.ToString() },
                    Recipient = new ChannelAccount { Id = "28:load-bot" },
                    Conversation = new ConversationAccount { Id = $"a:load-{runId}-{conversation}", ConversationType = "personal" },
                    Text = "why did EMEA miss Q3?",
                };
                using var request = new HttpRequestMessage(HttpMethod.Post, messagesEndpoint)
                {
                    Content = new StringContent(JsonSerializer.Serialize(activity, BotJsonContext.Default.Activity), Encoding.UTF8, "application/json"),
                };
                if (bearerToken?.Invoke() is { } token)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                }

                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.SendAsync(request, cancellationToken);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref failures);
                }

                latencies[conversation * messagesPerConversation + message] = Stopwatch.GetElapsedTime(started);
            }
        }, cancellationToken)));

        total.Stop();
        Array.Sort(latencies);
        return new AckLoadResult(
            latencies.Length,
            failures,
            total.Elapsed,
            latencies.Length / total.Elapsed.TotalSeconds,
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.99),
            latencies[^1]);
    }

    // Nearest-rank percentile over sorted samples.
    private static TimeSpan Percentile(TimeSpan[] sorted, double fraction) =>
        sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];
}
