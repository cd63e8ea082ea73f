using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Warehouse.Connections;
using SalesOpsBot.Warehouse.Contract;
using SalesOpsBot.Warehouse.Loading;

namespace SalesOpsBot.Warehouse.Seeding;

/// <summary>Creates the demo warehouse: into a new DuckDB file swapped in at the end, or inside one server transaction.</summary>
public static class DemoWarehouse
{
    /// <summary>
    /// Generates the demo data into <paramref name="location"/>, replacing what is there. A failure or cancellation
    /// leaves the previous warehouse as it was: DuckDB is written to a temporary file first, servers roll back.
    /// </summary>
    public static async Task<SeedSummary> SeedAsync(WarehouseLocation location, SeedOptions options, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        if (location.DuckDbPath is not { } path)
        {
            var connections = WarehouseConnectionFactory.Create(location);
            try
            {
                return await WarehouseLoader.ReplaceAsync(connections, new FiscalCalendar(options.FiscalYearStartMonth), ContractTables.All,
                    (sink, _, _) => DemoDataGenerator.Generate(options, sink, Synchronous(progress, options), cancellationToken), cancellationToken);
            }
            finally
            {
                if (connections is IAsyncDisposable disposable)
                {
                    await disposable.DisposeAsync();
                }
            }
        }

        var target = Path.GetFullPath(path);
        var temporary = $"{target}.seeding-{Guid.NewGuid():N}";
        try
        {
            var staging = WarehouseConnectionFactory.Create(new WarehouseLocation(WarehouseDialect.DuckDb, temporary));
            SeedSummary summary;
            try
            {
                summary = await WarehouseLoader.ReplaceAsync(staging, new FiscalCalendar(options.FiscalYearStartMonth), ContractTables.All,
                    (sink, _, _) => DemoDataGenerator.Generate(options, sink, Synchronous(progress, options), cancellationToken), cancellationToken);
            }
            finally
            {
                await ((IAsyncDisposable)staging).DisposeAsync();
            }

            File.Move(temporary, target, overwrite: true);
            File.Delete(target + ".wal");
            return summary;
        }
        finally
        {
            File.Delete(temporary);
            File.Delete(temporary + ".wal");
        }
    }

    /// <summary>True when <paramref name="location"/> is an embedded warehouse whose file does not exist yet.</summary>
    public static bool IsMissingEmbedded(WarehouseLocation location) =>
        location.DuckDbPath is { } path && !File.Exists(path);

    /// <summary>Progress reported on the generating thread (the generator is synchronous; Progress&lt;T&gt; would post late).</summary>
    private static SynchronousProgress? Synchronous(IProgress<double>? progress, SeedOptions options) =>
        progress is null ? null : new SynchronousProgress(n => progress.Report(Math.Min(1.0, (double)n / Math.Max(1, options.Opportunities))));

    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
