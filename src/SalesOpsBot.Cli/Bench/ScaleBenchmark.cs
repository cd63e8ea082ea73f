using System.Diagnostics;
using SalesOpsBot.Warehouse.Connections;
using SalesOpsBot.Warehouse.Import;
using SalesOpsBot.Warehouse.Loading;
using SalesOpsBot.Warehouse.Seeding;

namespace SalesOpsBot.Cli.Bench;

/// <summary>
/// Seed and import at scale: generates N opportunities into a fresh DuckDB (seed), writes the same data as contract
/// CSV files, imports them into another fresh DuckDB, and prints rows per second and this process's peak memory.
/// </summary>
internal static class ScaleBenchmark
{
    public static async Task<int> RunAsync(CliContext context, int opportunities, DirectoryInfo work, TextWriter output, CancellationToken cancellationToken)
    {
        work.Create();
        var options = new SeedOptions(opportunities, SeedOptions.DefaultSeed, context.AsOf, context.Calendar.StartMonth);
        var seeded = new WarehouseLocation(WarehouseDialect.DuckDb, Path.Combine(work.FullName, "seeded.duckdb"));
        var started = Stopwatch.GetTimestamp();
        var summary = await DemoWarehouse.SeedAsync(seeded, options, null, cancellationToken);
        var seedSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await output.WriteLineAsync($"seed   {summary.TotalRows,12:N0} rows ({summary.Opportunities:N0} opportunities, {summary.OpportunityHistory:N0} history) in {seedSeconds,6:F1} s = {summary.TotalRows / seedSeconds,10:N0} rows/s; peak memory so far {PeakMegabytes()} MB");

        var csv = work.CreateSubdirectory("csv");
        started = Stopwatch.GetTimestamp();
        using (var sink = new CsvContractSink(csv))
        {
            DemoDataGenerator.Generate(options, sink, null, cancellationToken);
        }

        var bytes = csv.GetFiles().Sum(f => f.Length);
        await output.WriteLineAsync($"csv    {bytes / 1048576.0,12:N0} MB written in {Stopwatch.GetElapsedTime(started).TotalSeconds,6:F1} s");

        var imported = WarehouseConnectionFactory.Create(new WarehouseLocation(WarehouseDialect.DuckDb, Path.Combine(work.FullName, "imported.duckdb")));
        started = Stopwatch.GetTimestamp();
        var report = await CsvImporter.ImportAsync(imported, csv, context.Calendar, null, cancellationToken);
        var importSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var rows = report.RowsByTable.Values.Sum();
        await output.WriteLineAsync($"import {rows,12:N0} rows in {importSeconds,6:F1} s = {rows / importSeconds,10:N0} rows/s; peak memory {PeakMegabytes()} MB");
        await ((IAsyncDisposable)imported).DisposeAsync();
        return 0;
    }

    private static long PeakMegabytes()
    {
        using var self = Process.GetCurrentProcess();
        return self.PeakWorkingSet64 / 1048576;
    }
}
