using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.TestKit;
using SalesOpsBot.Warehouse.Access;
using SalesOpsBot.Warehouse.Doctor;
using SalesOpsBot.Warehouse.Seeding;

namespace SalesOpsBot.Warehouse.Tests.Seeding;

/// <summary>`salesops seed` end to end: into DuckDB (atomic file swap) and PostgreSQL (one transaction).</summary>
public sealed class DemoWarehouseTests(PostgresServer postgres)
{
    private static readonly SeedOptions Small = new(SeedOptions.MinimumOpportunities, SeedOptions.DefaultSeed, new DateOnly(2026, 11, 15));

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SeedsPostgresSoThatDoctorFindsNoBlockingProblem()
    {
        await using var warehouse = await TestWarehouse.CreatePostgresAsync(postgres, Token);

        var summary = await DemoWarehouse.SeedAsync(warehouse.Location, Small, null, Token);
        var report = await new WarehouseDoctor(warehouse.Connections, new FiscalCalendar(1)).ExamineAsync(AccessScope.Everything, Small.AsOf, Token);

        Assert.False(report.HasBlockingProblems);
        Assert.Equal(summary.Opportunities, report.Counts["opportunities"]);
        Assert.Equal(summary.OpportunityHistory, report.Counts["opportunity_history"]);
    }

    [Fact]
    public async Task ACancelledSeedLeavesThePreviousDuckDbWarehouseAsItWas()
    {
        await using var warehouse = TestWarehouse.CreateDuckDb();
        await DemoWarehouse.SeedAsync(warehouse.Location, Small, null, Token);
        var before = await WarehouseFingerprint.OfAsync(warehouse.Connections, Token);
        using var cancel = new CancellationTokenSource();
        var progress = new CancelOnProgress(cancel);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            DemoWarehouse.SeedAsync(warehouse.Location, Small with { Seed = 7, Opportunities = 20_000 }, progress, cancel.Token));

        Assert.Equal(before, await WarehouseFingerprint.OfAsync(warehouse.Connections, Token));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(warehouse.Location.DuckDbPath)!, Path.GetFileName(warehouse.Location.DuckDbPath) + ".seeding-*"));
    }

    [Fact]
    public async Task ACancelledSeedRollsPostgresBack()
    {
        await using var warehouse = await TestWarehouse.CreatePostgresAsync(postgres, Token);
        await DemoWarehouse.SeedAsync(warehouse.Location, Small, null, Token);
        var before = await WarehouseFingerprint.OfAsync(warehouse.Connections, Token);
        using var cancel = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            DemoWarehouse.SeedAsync(warehouse.Location, Small with { Seed = 7, Opportunities = 20_000 }, new CancelOnProgress(cancel), cancel.Token));

        Assert.Equal(before, await WarehouseFingerprint.OfAsync(warehouse.Connections, Token));
    }

    /// <summary>Cancels once a third of the deals are generated: part of the new data is already written.</summary>
    private sealed class CancelOnProgress(CancellationTokenSource cancel) : IProgress<double>
    {
        public void Report(double value)
        {
            if (value > 0.33)
            {
                cancel.Cancel();
            }
        }
    }
}
