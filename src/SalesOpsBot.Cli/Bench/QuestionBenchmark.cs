using System.Diagnostics;
using SalesOpsBot.Conversation.Assistant;

namespace SalesOpsBot.Cli.Bench;

/// <summary>
/// Latency of the ten most common question types through the whole engine (access, vocabulary, routing, SQL,
/// analysis, narrative), cold (first answer in this process) and warm, beside the time of their SQL statements.
/// </summary>
internal static class QuestionBenchmark
{
    public static readonly IReadOnlyList<string> CommonQuestions =
    [
        "Why did EMEA miss last quarter?",
        "How are we tracking this quarter?",
        "Are we going to make the number?",
        "How much pipeline do we have this quarter?",
        "Who's behind this quarter?",
        "What slipped last quarter?",
        "Top deals this quarter",
        "Show me Alex Morgan's pipeline",
        "Compare EMEA and APAC last quarter",
        "Bookings trend over the last quarters",
    ];

    public static async Task<int> RunAsync(CliContext context, ISalesAssistant assistant, int repeat, TextWriter output, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync($"Questions on {context.Warehouse} as {context.Principal}, as of {context.AsOf:yyyy-MM-dd}; {repeat} warm runs each (ms).");
        await output.WriteLineAsync($"{"question",-42} {"cold",8} {"p50",8} {"p95",8} {"max",8} {"SQL p50",8} {"ratio",6}");
        var first = true;
        foreach (var question in CommonQuestions)
        {
            var times = new List<double>();
            var sqlTimes = new List<double>();
            double cold = 0;
            for (var run = 0; run <= repeat; run++)
            {
                var turn = new AssistantTurn(question, context.Principal, $"bench-{Guid.NewGuid():N}", context.AsOf, ShowSql: true);
                var started = Stopwatch.GetTimestamp();
                var answer = await assistant.AnswerAsync(turn, cancellationToken);
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (run == 0)
                {
                    cold = elapsed;
                    continue;
                }

                times.Add(elapsed);
                sqlTimes.Add(answer.Provenance.Sql.Sum(s => s.ElapsedMs));
            }

            var stats = LatencyStats.Of(times);
            var sql = LatencyStats.Of(sqlTimes);
            await output.WriteLineAsync($"{question,-42} {cold,8:F1} {stats.Median,8:F1} {stats.P95,8:F1} {stats.Max,8:F1} {sql.Median,8:F1} {stats.Median / Math.Max(sql.Median, 0.001),6:F2}" + (first ? "  (cold includes process warm-up)" : ""));
            first = false;
        }

        return 0;
    }
}
