using Dapper;
using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.TestKit;
using SalesOpsBot.Warehouse.Access;
using SalesOpsBot.Warehouse.Connections;
using SalesOpsBot.Warehouse.Contract;
using SalesOpsBot.Warehouse.Doctor;
using SalesOpsBot.Warehouse.Tests.Dialects;

namespace SalesOpsBot.Warehouse.Tests.Doctor;

public abstract class WarehouseDoctorTests(PostgresServer postgres) : WarehouseKind(postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CleanSamplePassesWithoutWarnings()
    {
        await using var warehouse = await CreateSampleAsync();

        var report = await new WarehouseDoctor(warehouse.Connections, new FiscalCalendar(1)).ExamineAsync(AccessScope.Everything, SampleSales.AsOf, Token);

        Assert.False(report.HasBlockingProblems);
        Assert.All(report.Checks, c => Assert.Equal(CheckSeverity.Ok, c.Severity));
        Assert.Equal(7, report.Counts["opportunities"]);
    }

    [Fact]
    public async Task FindsStaleCloseDatesMissingHistoryAndRepsWithoutQuota()
    {
        await using var warehouse = await CreateAsync();
        await warehouse.LoadAsync(sink =>
        {
            SampleSales.Write(sink);
            // A deal with no history, won in Q2 by a rep with no Q2 quota.
            sink.Add(new OpportunityRow("O-99", "No history", "A-1", "R-1", "T-DACH", null, "Renewal", null,
                new DateOnly(2026, 4, 1), new DateOnly(2026, 5, 5), "Closed Won", "Closed", 10m, true, true, null));
        }, Token);

        // As of November, O-4 (due 2026-10-20) is open with a past close date.
        var report = await new WarehouseDoctor(warehouse.Connections, new FiscalCalendar(1))
            .ExamineAsync(AccessScope.Everything, new DateOnly(2026, 11, 1), Token);

        var warnings = report.Checks.Where(c => c.Severity == CheckSeverity.Warning).ToDictionary(c => c.Title);
        Assert.Equal(["O-4"], warnings["open deals with a close date before 2026-11-01"].Examples);
        Assert.Equal(["O-99"], warnings["deals without history"].Examples);
        Assert.Equal(["R-1 FY2026 Q2"], warnings["rep-quarters with closed deals but no quota"].Examples);
        Assert.False(report.HasBlockingProblems);
    }

    [Fact]
    public async Task DealListsRespectTheAccessScope()
    {
        await using var warehouse = await CreateSampleAsync();

        var report = await new WarehouseDoctor(warehouse.Connections, new FiscalCalendar(1))
            .ExamineAsync(AccessScope.Of(["T-NA"], [], "NA"), new DateOnly(2026, 11, 1), Token);

        Assert.DoesNotContain(report.Checks, c => c.Examples?.Contains("O-4") == true);
    }

    [Fact]
    public async Task AMissingColumnBlocks()
    {
        await using var warehouse = await CreateSampleAsync();
        await using (var connection = await warehouse.Connections.OpenWritableAsync(Token))
        {
            var table = warehouse.Dialect == WarehouseDialect.DuckDb ? "accounts" : "salesops.accounts";
            await connection.ExecuteAsync($"ALTER TABLE {table} DROP COLUMN segment");
        }

        var report = await new WarehouseDoctor(warehouse.Connections, new FiscalCalendar(1)).ExamineAsync(AccessScope.Everything, SampleSales.AsOf, Token);

        Assert.True(report.HasBlockingProblems);
        Assert.Contains(report.Checks, c => c.Severity == CheckSeverity.Blocking && c.Title == "accounts: column segment is missing");
    }

    [Fact]
    public async Task AnEmptyWarehouseBlocks()
    {
        await using var warehouse = await CreateAsync();
        await warehouse.LoadAsync(_ => { }, Token);

        var report = await new WarehouseDoctor(warehouse.Connections, new FiscalCalendar(1)).ExamineAsync(AccessScope.Everything, SampleSales.AsOf, Token);

        Assert.Contains(report.Checks, c => c.Severity == CheckSeverity.Blocking && c.Title.StartsWith("there are no opportunities", StringComparison.Ordinal));
    }
}

public sealed class DuckDbWarehouseDoctorTests(PostgresServer postgres) : WarehouseDoctorTests(postgres)
{
    public override WarehouseDialect Dialect => WarehouseDialect.DuckDb;
}

public sealed class PostgresWarehouseDoctorTests(PostgresServer postgres) : WarehouseDoctorTests(postgres)
{
    public override WarehouseDialect Dialect => WarehouseDialect.Postgres;
}

public sealed class SqlServerWarehouseDoctorTests(PostgresServer postgres) : WarehouseDoctorTests(postgres)
{
    public override WarehouseDialect Dialect => WarehouseDialect.SqlServer;
}
