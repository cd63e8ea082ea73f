using System.Diagnostics;
using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Warehouse.Access;
using SalesOpsBot.Warehouse.Querying;

namespace SalesOpsBot.Cli.Bench;

/// <summary>One history row as the naive baseline reads it.</summary>
internal sealed record NaiveHistoryRow(string OpportunityId, DateTime ChangedAt, decimal Amount, DateOnly CloseDate, bool IsClosed, bool IsWon);

/// <summary>The figures the naive baseline computes, to set beside the engine's.</summary>
internal sealed record NaiveFigures(int Rows, decimal LastQuarterBookings, decimal OpenPipelineThisQuarter, decimal SlippedLastQuarter);

/// <summary>
/// What an answer would cost without aggregation in SQL: read every history row of the caller's scope, then find
/// each deal's state at the needed instants in C#. It computes three headline figures (last quarter's bookings,
/// this quarter's open pipeline, last quarter's slipped amount), fewer than any engine answer, so its time is a
/// lower bound of the naive approach.
/// </summary>
internal static class NaiveBaseline
{
    public static async Task<NaiveFigures> ComputeAsync(SqlRunner runner, AccessScope scope, FiscalCalendar calendar, DateOnly asOf, CancellationToken cancellationToken)
    {
        var rows = await runner.QueryAsync<NaiveHistoryRow>("Baseline/ScopeHistoryRows", scope, null, cancellationToken);
        var lastQuarter = calendar.QuarterOffset(asOf, -1);
        var thisQuarter = calendar.QuarterContaining(asOf);
        var asOfEnd = asOf.AddDays(1).ToDateTime(TimeOnly.MinValue);
        var lastStart = lastQuarter.Start.ToDateTime(TimeOnly.MinValue);
        var lastEnd = lastQuarter.End.AddDays(1).ToDateTime(TimeOnly.MinValue);

        decimal bookings = 0, pipeline = 0, slipped = 0;
        foreach (var deal in rows.Rows.GroupBy(r => r.OpportunityId, StringComparer.Ordinal))
        {
            var history = deal.OrderBy(r => r.ChangedAt).ToList();
            var now = StateAt(history, asOfEnd);
            if (now is { IsWon: true } && lastQuarter.Contains(now.CloseDate))
            {
                bookings += now.Amount;
            }

            if (now is { IsClosed: false } && thisQuarter.Contains(now.CloseDate))
            {
                pipeline += now.Amount;
            }

            var atStart = StateAt(history, lastStart);
            var atEnd = StateAt(history, lastEnd);
            if (atStart is { IsClosed: false } && lastQuarter.Contains(atStart.CloseDate)
                && atEnd is not null && !(atEnd.IsClosed && lastQuarter.Contains(atEnd.CloseDate)) && atEnd.CloseDate > lastQuarter.End)
            {
                slipped += atStart.Amount;
            }
        }

        return new NaiveFigures(rows.Rows.Count, bookings, pipeline, slipped);
    }

    /// <summary>The deal's state at an instant: its last change before it (rows sorted by time).</summary>
    private static NaiveHistoryRow? StateAt(List<NaiveHistoryRow> history, DateTime instant)
    {
        NaiveHistoryRow? state = null;
        foreach (var row in history)
        {
            if (row.ChangedAt >= instant)
            {
                break;
            }

            state = row;
        }

        return state;
    }

    public static async Task<LatencyStats> MeasureAsync(SqlRunner runner, AccessScope scope, FiscalCalendar calendar, DateOnly asOf, int repeat, TextWriter output, CancellationToken cancellationToken)
    {
        var times = new List<double>();
        NaiveFigures? figures = null;
        for (var run = 0; run < repeat; run++)
        {
            var started = Stopwatch.GetTimestamp();
            figures = await ComputeAsync(runner, scope, calendar, asOf, cancellationToken);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        var stats = LatencyStats.Of(times);
        await output.WriteLineAsync(
            $"{"naive baseline (rows → C#)",-42} {"",8} {stats.Median,8:F1} {stats.P95,8:F1} {stats.Max,8:F1}  {figures!.Rows:N0} history rows read; " +
            $"bookings last quarter {figures.LastQuarterBookings:N0}, pipeline {figures.OpenPipelineThisQuarter:N0}, slipped {figures.SlippedLastQuarter:N0}; " +
            $"peak working set of the process {Process.GetCurrentProcess().PeakWorkingSet64 / 1_048_576:N0} MB");
        return stats;
    }
}
