using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using SalesOpsBot.Conversation.Assistant;
using SalesOpsBot.Warehouse.Access;
using SalesOpsBot.Warehouse.Connections;
using SalesOpsBot.Warehouse.Querying;

namespace SalesOpsBot.Cli.Bench;

/// <summary>How <c>bench questions</c> runs: warm repeats, with or without the answer cache, and the naive baseline.</summary>
internal sealed record QuestionBenchmarkOptions(int Repeat, bool Cache, bool Naive, bool Portable = false, ParseResult? Parse = null);

/// <summary>
/// Latency of the ten most common question types through the whole engine (access, vocabulary, routing, SQL,
/// analysis, narrative), cold (each type's first answer in this process, all types in turn) and warm (repeats after
/// every type has been asked once), beside the time of their SQL statements.
/// </summary>
internal static class QuestionBenchmark
{
    public static async Task<int> RunAsync(CliContext context, ISalesAssistant assistant, QuestionBenchmarkOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var repeat = options.Repeat;
        await output.WriteLineAsync($"Questions on {context.Warehouse} as {context.Principal}, as of {context.AsOf:yyyy-MM-dd}; {repeat} warm runs each (ms); " +
            (options.Cache ? "answer cache on (SQL p50 counts only statements that reached the database)" : "answer cache off") +
            (options.Portable ? "; portable statements only." : context.Warehouse.Dialect == WarehouseDialect.DuckDb ? "; deal spans where current." : "."));
        await output.WriteLineAsync($"{"question",-42} {"cold",8} {"min",8} {"p50",8} {"p95",8} {"max",8} {"SQL p50",8} {"ratio",6}");
        // Every type is asked once (its cold run) before any is timed warm: "warm" is a process that has answered before,
        // so the first type measured does not also absorb the database's first reads of the columns all types share.
        var cold = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var question in CommonQuestions.All)
        {
            cold[question] = (await AskAsync(context, assistant, question, cancellationToken)).Elapsed;
        }

        var first = true;
        foreach (var question in CommonQuestions.All)
        {
            var times = new List<double>();
            var sqlTimes = new List<double>();
            for (var run = 0; run < repeat; run++)
            {
                var (elapsed, sqlElapsed) = await AskAsync(context, assistant, question, cancellationToken);
                times.Add(elapsed);
                sqlTimes.Add(sqlElapsed);
            }

            var stats = LatencyStats.Of(times);
            var sql = LatencyStats.Of(sqlTimes);
            await output.WriteLineAsync($"{question,-42} {cold[question],8:F1} {stats.Min,8:F1} {stats.Median,8:F1} {stats.P95,8:F1} {stats.Max,8:F1} {sql.Median,8:F1} {(sql.Median >= 1 ? (stats.Median / sql.Median).ToString("F2", CultureInfo.InvariantCulture) : "—"),6}" + (first ? "  (cold includes process warm-up)" : ""));
            first = false;
        }

        if (options.Naive)
        {
            // Unbounded rows: the baseline's point is to read everything the question's scope holds.
            var runner = new SqlRunner(context.Connect(), QueryLimits.Default with { MaxRows = int.MaxValue });
            var access = await AssistantSetup.Access(runner, options.Parse).ResolveAsync(context.Principal, cancellationToken);
            await NaiveBaseline.MeasureAsync(runner, access.Scope, context.Calendar, context.AsOf, Math.Min(repeat, 5), output, cancellationToken);
        }

        return 0;
    }

    /// <summary>One answer in a new conversation: its time, and the time of the statements that reached the database.</summary>
    private static async Task<(double Elapsed, double SqlElapsed)> AskAsync(CliContext context, ISalesAssistant assistant, string question, CancellationToken cancellationToken)
    {
        var turn = new AssistantTurn(question, context.Principal, $"bench-{Guid.NewGuid():N}", context.AsOf, ShowSql: true);
        var started = Stopwatch.GetTimestamp();
        var answer = await assistant.AnswerAsync(turn, cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return (elapsed, answer.Provenance.Sql.Where(s => !s.Cached).Sum(s => s.ElapsedMs));
    }
}
