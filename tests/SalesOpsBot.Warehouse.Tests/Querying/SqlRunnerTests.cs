using System.Data.Common;
using Dapper;
using SalesOpsBot.TestKit;
using SalesOpsBot.Warehouse.Access;
using SalesOpsBot.Warehouse.Connections;
using SalesOpsBot.Warehouse.Querying;
using SalesOpsBot.Warehouse.Tests.Dialects;

namespace SalesOpsBot.Warehouse.Tests.Querying;

public sealed record QuotaRow(string TerritoryId, string? RepId, DateOnly PeriodStart, decimal Amount);

public abstract class SqlRunnerTests(PostgresServer postgres) : WarehouseKind(postgres)
{
    private static readonly object Q3 = new { periodStart = SampleSales.Q3Start, periodEnd = SampleSales.Q3End };

    [Fact]
    public async Task AccessScopeIsAppliedInSql()
    {
        await using var warehouse = await CreateSampleAsync();
        var runner = new SqlRunner(warehouse.Connections);
        var token = TestContext.Current.CancellationToken;

        var emea = await runner.QueryAsync<QuotaRow>("Analysis/QuotaFacts",
            AccessScope.Of(["T-EMEA", "T-DACH", "T-UKI"], [], "EMEA"), Q3, token);
        var alex = await runner.QueryAsync<QuotaRow>("Analysis/QuotaFacts",
            AccessScope.Of([], ["R-2"], "Alex Morgan"), Q3, token);
        var nobody = await runner.QueryAsync<QuotaRow>("Analysis/QuotaFacts", AccessScope.Nothing, Q3, token);

        // EMEA's own 650 plus the rep rows of Lena (300) and Alex (400); never Sam's NA row.
        Assert.Equal(1350m, emea.Rows.Sum(r => r.Amount));
        Assert.DoesNotContain(emea.Rows, r => r.TerritoryId == "T-NA");
        Assert.Equal(["R-2"], alex.Rows.Select(r => r.RepId));
        Assert.Empty(nobody.Rows);
    }

    [Fact]
    public async Task RowCapTruncatesAndSaysSo()
    {
        await using var warehouse = await CreateSampleAsync();
        var runner = new SqlRunner(warehouse.Connections, QueryLimits.Default with { MaxRows = 2 });

        var result = await runner.QueryAsync<QuotaRow>("Analysis/QuotaFacts", AccessScope.Everything, Q3, TestContext.Current.CancellationToken);

        Assert.Equal(2, result.Rows.Count);
        Assert.True(result.Truncated);
    }

    [Fact]
    public async Task TraceRecordsStatementsWithParametersApart()
    {
        await using var warehouse = await CreateSampleAsync();
        var runner = new SqlRunner(warehouse.Connections);
        var trace = new SqlTrace();

        await runner.QueryAsync<QuotaRow>("Analysis/QuotaFacts", AccessScope.Everything, Q3, TestContext.Current.CancellationToken, trace);

        var statement = Assert.Single(trace.Statements);
        Assert.Equal("Analysis/QuotaFacts", statement.Name);
        Assert.Equal(SampleSales.Q3Start, statement.Parameters["periodStart"]);
        Assert.DoesNotContain("2026-07-01", statement.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadOnlyConnectionsRefuseWrites()
    {
        await using var warehouse = await CreateSampleAsync();
        await using var connection = await warehouse.Connections.OpenReadOnlyAsync(TestContext.Current.CancellationToken);
        var table = warehouse.Dialect == WarehouseDialect.DuckDb ? "territories" : "salesops.territories";

        await Assert.ThrowsAnyAsync<DbException>(() =>
            connection.ExecuteAsync($"DELETE FROM {table}"));
        Assert.Equal(5, await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}"));
    }
}

public sealed class DuckDbSqlRunnerTests(PostgresServer postgres) : SqlRunnerTests(postgres)
{
    public override WarehouseDialect Dialect => WarehouseDialect.DuckDb;
}

public sealed class PostgresSqlRunnerTests(PostgresServer postgres) : SqlRunnerTests(postgres)
{
    public override WarehouseDialect Dialect => WarehouseDialect.Postgres;
}

public sealed class SqlServerSqlRunnerTests(PostgresServer postgres) : SqlRunnerTests(postgres)
{
    public override WarehouseDialect Dialect => WarehouseDialect.SqlServer;
}
