using System.CommandLine;
using System.Diagnostics;
using SalesOpsBot.Warehouse.Seeding;

namespace SalesOpsBot.Cli.Commands;

/// <summary><c>salesops seed [--scale N] [--seed S]</c>: create the demo warehouse (docs/demo-data.md).</summary>
internal static class SeedCommand
{
    public static Command Create(TimeProvider time)
    {
        var scale = new Option<int>("--scale")
        {
            Description = $"Number of opportunities (at least {SeedOptions.MinimumOpportunities:N0}; default {SeedOptions.DefaultOpportunities:N0}).",
            DefaultValueFactory = _ => SeedOptions.DefaultOpportunities,
        };
        var seed = new Option<int>("--seed")
        {
            Description = "Random seed; the same seed, scale and --as-of give the same data.",
            DefaultValueFactory = _ => SeedOptions.DefaultSeed,
        };
        var command = new Command("seed", "Create the demo warehouse with planted stories, replacing what is there.") { scale, seed };
        command.SetAction(time, async (context, parse, cancellationToken) =>
        {
            var opportunities = parse.GetValue(scale);
            if (opportunities < SeedOptions.MinimumOpportunities)
            {
                throw new UserErrorException($"--scale must be at least {SeedOptions.MinimumOpportunities:N0} opportunities.");
            }

            var options = new SeedOptions(opportunities, parse.GetValue(seed), context.AsOf, context.Calendar.StartMonth);
            await RunAsync(context, options, time, cancellationToken);
            return CommandRunner.Answered;
        });
        return command;
    }

    public static async Task RunAsync(CliContext context, SeedOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var summary = await ProgressDisplay.RunAsync($"Seeding {options.Opportunities:N0} opportunities", progress =>
            DemoWarehouse.SeedAsync(context.Warehouse, options, progress, cancellationToken));
        var seconds = time.GetElapsedTime(started).TotalSeconds;
        using var self = Process.GetCurrentProcess();
        await Console.Error.WriteLineAsync(
            $"Seeded {context.Warehouse}: {summary.Opportunities:N0} opportunities, {summary.OpportunityHistory:N0} history rows, " +
            $"{summary.Reps:N0} people, {summary.Territories:N0} territories ({summary.TotalRows:N0} rows in {seconds:F1} s, " +
            $"{summary.TotalRows / Math.Max(seconds, 0.001):N0} rows/s, peak memory {self.PeakWorkingSet64 / 1048576:N0} MB). " +
            $"Stories are in {summary.Stories.LastCompletedQuarter}; see docs/demo-data.md.");
    }

    /// <summary>
    /// Commands that need data call this first: on a fresh clone the default embedded warehouse does not exist yet,
    /// so it is created (and the user told) instead of failing.
    /// </summary>
    public static async Task EnsureDemoAsync(CliContext context, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!DemoWarehouse.IsMissingEmbedded(context.Warehouse))
        {
            return;
        }

        await Console.Error.WriteLineAsync($"No warehouse at {context.Warehouse.DuckDbPath} yet: creating the demo warehouse first (salesops seed).");
        await RunAsync(context, new SeedOptions(SeedOptions.DefaultOpportunities, SeedOptions.DefaultSeed, context.AsOf, context.Calendar.StartMonth), time, cancellationToken);
    }
}
