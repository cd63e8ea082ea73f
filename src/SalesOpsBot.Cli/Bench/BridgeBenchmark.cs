using System.Diagnostics;
using SalesOpsBot.Analysis.Bridge;
using SalesOpsBot.Warehouse.Access;
using SalesOpsBot.Warehouse.Insights;
using SalesOpsBot.Warehouse.Querying;

namespace SalesOpsBot.Cli.Bench;

/// <summary>
/// Times "why did EMEA miss last quarter?" end to end below the conversation layer (SQL + engine), cold then warm,
/// beside the time the SQL statements alone took, so the overhead ratio is visible.
/// </summary>
internal static class BridgeBenchmark
{
    public static async Task<int> RunAsync(CliContext context, string territoryId, int repeat, TextWriter output, CancellationToken cancellationToken)
    {
        var connections = context.Connect();
        var analytics = new SalesAnalytics(new SqlRunner(connections));
        var period = context.Calendar.QuarterOffset(context.AsOf, -1);
        var totals = new List<double>();
        var sqlTimes = new List<double>();
        for (var run = 0; run <= repeat; run++)
        {
            var trace = new SqlTrace();
            var request = new AnalysisRequest(AccessScope.Everything, new AnalysisSubject(TerritoryId: territoryId), period, context.AsOf, context.Calendar, Trace: trace);
            var started = Stopwatch.GetTimestamp();
            var explanation = await analytics.ExplainAttainmentAsync(request, BaselineKind.TrailingFourQuarters, cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (run == 0)
            {
                await output.WriteLineAsync($"Bridge for {explanation.View.SubjectName} {period.Label} on {connections.Location}: gap {explanation.Bridge.Gap:N0}, " +
                    $"{trace.Statements.Count} statements; cold {elapsed:F1} ms (SQL {trace.TotalElapsed.TotalMilliseconds:F1} ms)");
                continue;
            }

            totals.Add(elapsed);
            sqlTimes.Add(trace.TotalElapsed.TotalMilliseconds);
        }

        var total = LatencyStats.Of(totals);
        var sql = LatencyStats.Of(sqlTimes);
        await output.WriteLineAsync($"  answer  {total}");
        await output.WriteLineAsync($"  SQL     {sql}");
        await output.WriteLineAsync($"  overhead ratio (median answer / median SQL): {total.Median / Math.Max(sql.Median, 0.001):F2}");
        return 0;
    }
}
