using System.Data.Common;
using Dapper;
using SalesOpsBot.TestKit;
using SalesOpsBot.Warehouse.Access;
using SalesOpsBot.Warehouse.Connections;
using SalesOpsBot.Warehouse.Querying;
using SalesOpsBot.Warehouse.Tests.Dialects;

namespace SalesOpsBot.Warehouse.Tests.Querying;

public sealed record TerritoryBookings(string TerritoryId, decimal Bookings, long WonDeals);

public abstract class SqlRunnerTests(PostgresServer postgres) : WarehouseKind(postgres)
{
    private static readonly object Q3 = new { periodStart = SampleSales.Q3Start, periodEnd = SampleSales.Q3End };

    [Fact]
    public async Task BookingsOfTheSampleMatchTheHandComputedFigures()
    {
        await using var warehouse = await CreateSampleAsync();
        var runner = new SqlRunner(warehouse.Connections);

        var result = await runner.QueryAsync<TerritoryBookings>("Metrics/BookingsByTerritory", AccessScope.Everything, Q3, TestContext.Current.CancellationToken);

        var byTerritory = result.Rows.ToDictionary(r => r.TerritoryId);
        Assert.Equal(100m, byTerritory["T-DACH"].Bookings);
        Assert.Equal(200m, byTerritory["T-UKI"].Bookings);
        Assert.Equal(SampleSales.Expected.NaBookings, byTerritory["T-NA"].Bookings);
        Assert.Equal(2, byTerritory["T-NA"].WonDeals);
        Assert.Equal(SampleSales.Expected.GlobalBookings, result.Rows.Sum(r => r.Bookings));
    }

    [Fact]
    public async Task AccessScopeIsAppliedInSql()
    {
        await using var warehouse = await CreateSampleAsync();
        var runner = new SqlRunner(warehouse.Connections);
        var token = TestContext.Current.CancellationToken;

        var emea = await runner.QueryAsync<TerritoryBookings>("Metrics/BookingsByTerritory",
            AccessScope.Of(["T-EMEA", "T-DACH", "T-UKI"], [], "EMEA"), Q3, token);
        var alex = await runner.QueryAsync<TerritoryBookings>("Metrics/BookingsByTerritory",
            AccessScope.Of([], ["R-2"], "Alex Morgan"), Q3, token);
        var nobody = await runner.QueryAsync<TerritoryBookings>("Metrics/BookingsByTerritory", AccessScope.Nothing, Q3, token);

        Assert.Equal(SampleSales.Expected.EmeaBookings, emea.Rows.Sum(r => r.Bookings));
        Assert.DoesNotContain(emea.Rows, r => r.TerritoryId == "T-NA");
        Assert.Equal(["T-UKI"], alex.Rows.Select(r => r.TerritoryId));
        Assert.Empty(nobody.Rows);
    }

    [Fact]
    public async Task RowCapTruncatesAndSaysSo()
    {
        await using var warehouse = await CreateSampleAsync();
        var runner = new SqlRunner(warehouse.Connections, QueryLimits.Default with { MaxRows = 2 });

        var result = await runner.QueryAsync<TerritoryBookings>("Metrics/BookingsByTerritory", AccessScope.Everything, Q3, TestContext.Current.CancellationToken);

        Assert.Equal(2, result.Rows.Count);
        Assert.True(result.Truncated);
    }

    [Fact]
    public async Task TraceRecordsStatementsWithParametersApart()
    {
        await using var warehouse = await CreateSampleAsync();
        var runner = new SqlRunner(warehouse.Connections);
        var trace = new SqlTrace();

        await runner.QueryAsync<TerritoryBookings>("Metrics/BookingsByTerritory", AccessScope.Everything, Q3, TestContext.Current.CancellationToken, trace);

        var statement = Assert.Single(trace.Statements);
        Assert.Equal("Metrics/BookingsByTerritory", statement.Name);
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
