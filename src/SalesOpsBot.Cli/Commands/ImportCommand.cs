using System.CommandLine;
using SalesOpsBot.Warehouse.Import;

namespace SalesOpsBot.Cli.Commands;

/// <summary><c>salesops import --from DIR</c>: load the contract CSV files, all-or-nothing.</summary>
internal static class ImportCommand
{
    public static Command Create(TimeProvider time)
    {
        var from = new Option<DirectoryInfo>("--from")
        {
            Description = "Folder with the contract CSV files (territories.csv, reps.csv, accounts.csv, products.csv, opportunities.csv, opportunity_history.csv, quotas.csv, user_access.csv).",
            Required = true,
        };
        var command = new Command("import", "Load the contract tables from CSV files; on any error nothing changes.") { from };
        command.SetAction(time, async (context, parse, cancellationToken) =>
        {
            var folder = parse.GetValue(from)!;
            var connections = context.Connect();
            var started = time.GetTimestamp();
            var report = await ProgressDisplay.RunAsync($"Importing {folder.Name}", progress =>
                CsvImporter.ImportAsync(connections, folder, context.Calendar, progress, cancellationToken));
            foreach (var warning in report.Warnings)
            {
                await Console.Error.WriteLineAsync("warning: " + warning);
            }

            var rows = report.RowsByTable.Values.Sum();
            var seconds = time.GetElapsedTime(started).TotalSeconds;
            Console.WriteLine($"Imported {rows:N0} rows into {context.Warehouse} in {seconds:F1} s ({rows / Math.Max(seconds, 0.001):N0} rows/s):");
            foreach (var (table, count) in report.RowsByTable)
            {
                Console.WriteLine($"  {table,-20} {count,12:N0}");
            }

            return CommandRunner.Answered;
        });
        return command;
    }
}
