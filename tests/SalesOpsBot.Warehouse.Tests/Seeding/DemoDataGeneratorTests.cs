using System.Diagnostics;
using SalesOpsBot.Warehouse.Seeding;

namespace SalesOpsBot.Warehouse.Tests.Seeding;

public class DemoDataGeneratorTests
{
    private static readonly DateOnly AsOf = SeededWarehouses.DemoAsOf;

    [Fact]
    public void SameOptionsGiveIdenticalRows()
    {
        var first = SeededWarehouses.Default.Rows;
        var second = new CollectingSink();
        DemoDataGenerator.Generate(new SeedOptions(SeedOptions.DefaultOpportunities, SeedOptions.DefaultSeed, AsOf), second,
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(first.Territories, second.Territories);
        Assert.Equal(first.Reps, second.Reps);
        Assert.Equal(first.Accounts, second.Accounts);
        Assert.Equal(first.Products, second.Products);
        Assert.Equal(first.Opportunities, second.Opportunities);
        Assert.Equal(first.History, second.History);
        Assert.Equal(first.Quotas, second.Quotas);
        Assert.Equal(first.Access, second.Access);
    }

    [Fact]
    public void AnotherSeedGivesOtherDealsInTheSameWorld()
    {
        var first = SeededWarehouses.Default.Rows;
        var other = new CollectingSink();
        DemoDataGenerator.Generate(new SeedOptions(SeedOptions.DefaultOpportunities, 7, AsOf), other,
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(first.Reps, other.Reps);
        Assert.Equal(first.Opportunities.Count, other.Opportunities.Count);
        var same = first.Opportunities.Zip(other.Opportunities).Count(pair => pair.First == pair.Second);
        Assert.True(same < first.Opportunities.Count / 100, $"{same} identical deals");
    }

    [Fact]
    public void SummaryCountsEveryRowAndTheScaleIsTheNumberOfDeals()
    {
        var w = SeededWarehouses.Default;
        var summary = w.Summary;

        Assert.Equal(SeedOptions.DefaultOpportunities, w.Rows.Opportunities.Count);
        Assert.Equal(summary.Opportunities, w.Rows.Opportunities.Count);
        Assert.Equal(summary.OpportunityHistory, w.Rows.History.Count);
        Assert.Equal(summary.Territories, w.Rows.Territories.Count);
        Assert.Equal(summary.Reps, w.Rows.Reps.Count);
        Assert.Equal(summary.Accounts, w.Rows.Accounts.Count);
        Assert.Equal(summary.Products, w.Rows.Products.Count);
        Assert.Equal(summary.Quotas, w.Rows.Quotas.Count);
        Assert.Equal(summary.UserAccess, w.Rows.Access.Count);
        Assert.Equal("FY2026 Q3", summary.Stories.LastCompletedQuarter);
        Assert.Equal("FY2026 Q4", summary.Stories.CurrentQuarter);
        Assert.Equal(new DateOnly(2026, 7, 1), summary.Stories.LastCompletedQuarterStart);
        Assert.Equal(new DateOnly(2026, 9, 30), summary.Stories.LastCompletedQuarterEnd);
    }

    [Fact]
    public void EveryRowArrivesAfterTheRowsItRefersTo()
    {
        var sink = new ReferenceOrderSink();
        DemoDataGenerator.Generate(new SeedOptions(10_000, 3, AsOf), sink, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Empty(sink.Problems);
    }

    [Fact]
    public void ReportsProgressUpToEveryDeal()
    {
        var reports = new List<long>();
        var summary = DemoDataGenerator.Generate(new SeedOptions(10_000, 1, AsOf), new CountingSink(),
            new SynchronousProgress(reports.Add), TestContext.Current.CancellationToken);

        Assert.True(reports.Count >= 2);
        Assert.Equal(10_000, reports[^1]);
        Assert.Equal(summary.Opportunities, reports[^1]);
        Assert.Equal(reports.Order(), reports);
    }

    [Fact]
    public void StopsWhenCancelled()
    {
        using var cancellation = new CancellationTokenSource();
        var progress = new SynchronousProgress(count =>
        {
            if (count > 5_000)
            {
                cancellation.Cancel();
            }
        });

        Assert.ThrowsAny<OperationCanceledException>(() =>
            DemoDataGenerator.Generate(new SeedOptions(50_000, 1, AsOf), new CountingSink(), progress, cancellation.Token));
    }

    [Fact]
    public void RejectsAScaleTooSmallForTheStories()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            DemoDataGenerator.Generate(new SeedOptions(100, 1, AsOf), new CountingSink(),
                cancellationToken: TestContext.Current.CancellationToken));
    }

    /// <summary>Prints generation speed and memory at a million deals (docs/benchmarks.md); run it explicitly.</summary>
    [Fact(Explicit = true)]
    public void MeasuresAMillionDealsIntoACountingSink()
    {
        var sink = new CountingSink();
        var stopwatch = Stopwatch.StartNew();
        var summary = DemoDataGenerator.Generate(new SeedOptions(1_000_000, SeedOptions.DefaultSeed, AsOf), sink,
            cancellationToken: TestContext.Current.CancellationToken);
        stopwatch.Stop();
        using var process = Process.GetCurrentProcess();
        process.Refresh();

        TestContext.Current.SendDiagnosticMessage(
            $"{summary.Opportunities:N0} deals, {summary.OpportunityHistory:N0} history rows, {sink.Rows:N0} rows in "
            + $"{stopwatch.Elapsed.TotalSeconds:F2} s ({sink.Rows / stopwatch.Elapsed.TotalSeconds:N0} rows/s); "
            + $"peak working set {process.PeakWorkingSet64 / (1024 * 1024):N0} MB");
        Assert.Equal(summary.TotalRows, sink.Rows);
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; tests need the calls in order, on this thread.</summary>
    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
