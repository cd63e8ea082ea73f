using SalesOpsBot.Warehouse.Contract;

namespace SalesOpsBot.Warehouse.Seeding;

/// <summary>The demo warehouse: a sales organisation with planted stories (docs/demo-data.md).</summary>
public static class DemoDataGenerator
{
    /// <summary>
    /// Streams every contract row into <paramref name="sink"/>, deterministically for the options. Reports
    /// progress as the number of opportunities written so far. Memory does not grow with the number of deals
    /// (only accounts, a few MB at a million deals, are kept).
    /// </summary>
    public static SeedSummary Generate(SeedOptions options, IContractRowSink sink, IProgress<long>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Opportunities, SeedOptions.MinimumOpportunities);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Opportunities, 9_999_999);
        cancellationToken.ThrowIfCancellationRequested();
        return new SeedRun(options, sink, progress, cancellationToken).Run();
    }
}
