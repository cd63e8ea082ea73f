using System.Globalization;
using SalesOpsBot.Bot.Load;
using SalesOpsBot.Bot.Tests.Infrastructure;

namespace SalesOpsBot.Bot.Tests.Load;

/// <summary>
/// The acknowledgement figure of /api/messages: 50 concurrent conversations on loopback, anonymous mode, answers going
/// to a fake connector. Explicit (run on demand): <c>dotnet test tests/SalesOpsBot.Bot.Tests -- xUnit.Explicit=only</c>.
/// Prints the figures; asserts only that every request was acknowledged.
/// </summary>
public sealed class AckLoadBenchmark
{
    [Fact(Explicit = true)]
    public async Task FiftyConcurrentConversationsAreAcknowledged()
    {
        await using var channel = await FakeChannel.StartAsync();
        await using var bot = await BotTestHost.StartAsync(new RecordingAnswerer(), settings: new Dictionary<string, string> { ["Bot:TurnQueueCapacity"] = "100000" });
        var endpoint = new Uri(new Uri(bot.BaseUrl), "/api/messages");

        // Warm-up: JIT, connection pool, SQLite schema.
        await AckLoadGenerator.RunAsync(endpoint, channel.ServiceUrl, conversations: 10, messagesPerConversation: 20, cancellationToken: TestContext.Current.CancellationToken);
        var result = await AckLoadGenerator.RunAsync(endpoint, channel.ServiceUrl, conversations: 50, messagesPerConversation: 200, cancellationToken: TestContext.Current.CancellationToken);

        var line = $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores: {result}";
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        File.AppendAllText(Path.Combine(AppContext.BaseDirectory, "ack-load.txt"), line + Environment.NewLine, System.Text.Encoding.UTF8);
        Console.WriteLine(line.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(0, result.Failures);
    }
}
