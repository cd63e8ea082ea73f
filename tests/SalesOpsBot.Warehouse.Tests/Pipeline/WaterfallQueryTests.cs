using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Analysis.Pipeline;
using SalesOpsBot.TestKit;
using SalesOpsBot.Warehouse.Access;
using SalesOpsBot.Warehouse.Connections;
using SalesOpsBot.Warehouse.Insights;
using SalesOpsBot.Warehouse.Querying;
using SalesOpsBot.Warehouse.Tests.Dialects;

namespace SalesOpsBot.Warehouse.Tests.Pipeline;

public abstract class WaterfallQueryTests(PostgresServer postgres) : WarehouseKind(postgres)
{
    private static readonly FiscalPeriod Q3 = new FiscalCalendar(1).Quarter(2026, 3);

    [Fact]
    public async Task TheQuarterWaterfallReconcilesWithTheHandWorkedSteps()
    {
        await using var warehouse = await CreateSampleAsync();
        var queries = new PipelineQueries(new SqlRunner(warehouse.Connections));

        var steps = await queries.WaterfallAsync(AccessScope.Everything, QueryFocus.Everything, Q3, Q3.Start, Q3.End, DealFilters.None, TestContext.Current.CancellationToken);

        // End of 1 July: O-1 100, O-2 50, O-3 200, O-4 300 open and due in Q3 = 650. By 30 September: O-5 created (400) and
        // won, O-6 pulled in from November (80) and won, O-1 and O-3 won, O-2 lost (50), O-4 slipped to October (300).
        Assert.Equal(new WaterfallSteps(650m, 400m, 80m, -780m, -50m, -300m, 0m, 0m, 0m, 0m), steps);
        Assert.True(steps.Reconciles);
    }

    [Fact]
    public async Task SqlAndTheEngineClassifyDealsAlike()
    {
        await using var warehouse = await CreateSampleAsync();
        var queries = new PipelineQueries(new SqlRunner(warehouse.Connections));
        var from = new DateOnly(2026, 8, 1);
        var to = new DateOnly(2026, 9, 26);

        var steps = await queries.WaterfallAsync(AccessScope.Everything, QueryFocus.Everything, Q3, from, to, DealFilters.None, TestContext.Current.CancellationToken);

        // The same deals' states on those dates, classified by the pure engine.
        DealState Open(decimal amount, string close) => new(false, false, amount, DateOnly.Parse(close, System.Globalization.CultureInfo.InvariantCulture), "Pipeline");
        DealState Won(decimal amount, string close) => new(true, true, amount, DateOnly.Parse(close, System.Globalization.CultureInfo.InvariantCulture), "Closed");
        DealState Lost(decimal amount, string close) => new(true, false, amount, DateOnly.Parse(close, System.Globalization.CultureInfo.InvariantCulture), "Omitted");
        var expected = PipelineWaterfall.Build(
        [
            new("O-1", Open(100, "2026-08-31"), Won(100, "2026-08-10")),
            new("O-2", Open(50, "2026-09-15"), Lost(50, "2026-09-01")),
            new("O-3", Won(200, "2026-07-15"), Won(200, "2026-07-15")),
            new("O-4", Open(300, "2026-09-20"), Open(300, "2026-10-20")),
            new("O-5", Open(400, "2026-09-30"), Open(400, "2026-09-30")),
            new("O-6", Open(80, "2026-11-15"), Won(80, "2026-08-20")),
            new("O-7", null, Open(120, "2026-12-10")),
        ], Q3);
        Assert.Equal(expected, steps);
        Assert.True(steps.Reconciles);
    }
}

public sealed class DuckDbWaterfallQueryTests(PostgresServer postgres) : WaterfallQueryTests(postgres)
{
    public override WarehouseDialect Dialect => WarehouseDialect.DuckDb;
}

public sealed class PostgresWaterfallQueryTests(PostgresServer postgres) : WaterfallQueryTests(postgres)
{
    public override WarehouseDialect Dialect => WarehouseDialect.Postgres;
}

public sealed class SqlServerWaterfallQueryTests(PostgresServer postgres) : WaterfallQueryTests(postgres)
{
    public override WarehouseDialect Dialect => WarehouseDialect.SqlServer;
}
