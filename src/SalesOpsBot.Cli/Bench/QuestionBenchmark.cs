using System.Diagnostics;
using System.Globalization;
using SalesOpsBot.Conversation.Assistant;
using SalesOpsBot.Warehouse.Access;
using SalesOpsBot.Warehouse.Querying;

namespace SalesOpsBot.Cli.Bench;

/// <summary>How <c>bench questions</c> runs: warm repeats, with or without the answer cache, and the naive baseline.</summary>
internal sealed record QuestionBenchmarkOptions(int Repeat, bool Cache, bool Naive, bool Portable = false);

/// <summary>
/// Latency of the ten most common question types through the whole engine (access, vocabulary, routing, SQL,
/// analysis, narrative), cold (first answer in this process) and warm, beside the time of their SQL statements.
/// </summary>
internal static class QuestionBenchmark
{
    public static async Task<int> RunAsync(CliContext context, ISalesAssistant assistant, QuestionBenchmarkOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var repeat = options.Repeat;
        await output.WriteLineAsync($"Questions on {context.Warehouse} as {context.Principal}, as of {context.AsOf:yyyy-MM-dd}; {repeat} warm runs each (ms); " +
            (options.Cache ? "answer cache on (SQL p50 counts only statements that reached the database)" : "answer cache off") +
            (options.Portable ? "; portable statements only." : "; deal spans where current."));
        await output.WriteLineAsync($"{"question",-42} {"cold",8} {"p50",8} {"p95",8} {"max",8} {"SQL p50",8} {"ratio",6}");
        var first = true;
        foreach (var question in CommonQuestions.All)
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
                sqlTimes.Add(answer.Provenance.Sql.Where(s => !s.Cached).Sum(s => s.ElapsedMs));
            }

            var stats = LatencyStats.Of(times);
            var sql = LatencyStats.Of(sqlTimes);
            await output.WriteLineAsync($"{question,-42} {cold,8:F1} {stats.Median,8:F1} {stats.P95,8:F1} {stats.Max,8:F1} {sql.Median,8:F1} {(sql.Median >= 1 ? (stats.Median / sql.Median).ToString("F2", CultureInfo.InvariantCulture) : "—"),6}" + (first ? "  (cold includes process warm-up)" : ""));
            first = false;
        }

        if (options.Naive)
        {
            // Unbounded rows: the baseline's point is to read everything the question's scope holds.
            var runner = new SqlRunner(context.Connect(), QueryLimits.Default with { MaxRows = int.MaxValue });
            var access = await new AccessResolver(runner).ResolveAsync(context.Principal, cancellationToken);
            await NaiveBaseline.MeasureAsync(runner, access.Scope, context.Calendar, context.AsOf, Math.Min(repeat, 5), output, cancellationToken);
        }

        return 0;
    }
}
