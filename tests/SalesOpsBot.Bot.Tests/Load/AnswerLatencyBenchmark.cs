using System.Diagnostics;
using System.Globalization;
using SalesOpsBot.Bot.Protocol;
using SalesOpsBot.Bot.Tests.Infrastructure;
using SalesOpsBot.Conversation.Assistant;
using SalesOpsBot.Warehouse.Connections;
using SalesOpsBot.Warehouse.Seeding;

namespace SalesOpsBot.Bot.Tests.Load;

/// <summary>
/// End-to-end answer latency (issue 8): a Teams-shaped message posted to /api/messages until the answer reaches the
/// fake connector, through the real engine over the 50,000-deal demo warehouse, for the ten common question types,
/// with the answer cache off and on. Explicit (run on demand, docs/benchmarks.md):
/// <c>dotnet test tests/SalesOpsBot.Bot.Tests -c Release --filter "FullyQualifiedName~AnswerLatency" -- xUnit.Explicit=only</c>.
/// Prints the figures; asserts only that every question was answered.
/// </summary>
public sealed class AnswerLatencyBenchmark
{
    [Theory(Explicit = true)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TheCommonQuestionsAreAnsweredThroughTheConnector(bool cache)
    {
        const int Rounds = 5;
        var file = Path.Combine(Path.GetTempPath(), $"salesops-latency-{Guid.NewGuid():N}.duckdb");
        await DemoWarehouse.SeedAsync(new WarehouseLocation(WarehouseDialect.DuckDb, file),
            new SeedOptions(SeedOptions.DefaultOpportunities, SeedOptions.DefaultSeed, DateOnly.FromDateTime(DateTime.Now)), null, CancellationToken.None);
        try
        {
            await using var channel = await FakeChannel.StartAsync();
            await using var bot = await BotTestHost.StartAsync(answerer: null, settings: new Dictionary<string, string>
            {
                ["Warehouse:ConnectionString"] = $"duckdb:{file}",
                ["Warehouse:Cache:Enabled"] = cache ? "true" : "false",
                // One benchmark user asks 60 questions a minute: above the per-user limit a person gets.
                ["Guards:QuestionsPerMinute"] = "10000",
                ["Guards:Burst"] = "10000",
            });

            var lines = new List<string> { $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, cache {(cache ? "on" : "off")}, {Rounds} rounds after a cold one (ms, POST → answer at the connector):" };
            foreach (var question in CommonQuestions.All)
            {
                var times = new List<double>();
                double cold = 0;
                for (var round = 0; round <= Rounds; round++)
                {
                    var elapsed = await AskAsync(bot, channel, question, $"latency-{round}");
                    if (round == 0)
                    {
                        cold = elapsed;
                    }
                    else
                    {
                        times.Add(elapsed);
                    }
                }

                times.Sort();
                lines.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{question,-44} cold {cold,7:F0}  min {times[0],7:F0}  median {times[times.Count / 2],7:F0}  max {times[^1],7:F0}"));
            }

            var report = string.Join(Environment.NewLine, lines);
            TestContext.Current.TestOutputHelper?.WriteLine(report);
            File.AppendAllText(Path.Combine(AppContext.BaseDirectory, "answer-latency.txt"), report + Environment.NewLine, System.Text.Encoding.UTF8);
            Console.WriteLine(report);
        }
        finally
        {
            File.Delete(file);
            File.Delete(file + ".wal");
        }
    }

    private static async Task<double> AskAsync(BotTestHost bot, FakeChannel channel, string question, string conversation)
    {
        // The demo admin as the caller: the identity the access resolver sees (anonymous development mode).
        var activity = SampleActivities.Message(channel.ServiceUrl, question) with
        {
            From = new ChannelAccount { Id = "29:bench-user", Name = "Bench", AadObjectId = "admin@example.com" },
            Conversation = new ConversationAccount { Id = $"a:bench-{conversation}", ConversationType = "personal", TenantId = SampleActivities.TenantId },
        };
        var started = Stopwatch.GetTimestamp();
        using var response = await bot.PostActivityAsync(activity, token: null);
        Assert.True(response.IsSuccessStatusCode, $"{question}: {(int)response.StatusCode}");
        var deadline = TimeSpan.FromSeconds(60);
        while (!channel.Calls.Any(call => call.Method == "POST" && call.Activity is { Type: ActivityTypes.Message } answer && answer.ReplyToId == activity.Id))
        {
            Assert.True(Stopwatch.GetElapsedTime(started) < deadline, $"No answer to '{question}' within {deadline}.");
            await Task.Delay(1);
        }

        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }
}
