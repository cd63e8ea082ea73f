using SalesOpsBot.TestKit;
using SalesOpsBot.Warehouse.Connections;
using Xunit.Sdk;

namespace SalesOpsBot.Warehouse.Tests.Dialects;

/// <summary>Creates an empty warehouse of the dialect a test class runs on (Dapper's per-provider test pattern).</summary>
public abstract class WarehouseKind(PostgresServer postgres)
{
    protected PostgresServer Postgres { get; } = postgres;

    public abstract WarehouseDialect Dialect { get; }

    public async Task<TestWarehouse> CreateAsync()
    {
        var token = TestContext.Current.CancellationToken;
        return Dialect switch
        {
            WarehouseDialect.DuckDb => TestWarehouse.CreateDuckDb(),
            WarehouseDialect.Postgres => await TestWarehouse.CreatePostgresAsync(Postgres, token),
            WarehouseDialect.SqlServer => await TestWarehouse.CreateSqlServerAsync(token)
                ?? throw SkipException.ForSkip($"No SQL Server here: set {TestWarehouse.SqlServerVariable} to a SqlClient connection string to run the SQL Server tests."),
            _ => throw new InvalidOperationException($"No test warehouse for {Dialect}"),
        };
    }

    public async Task<TestWarehouse> CreateSampleAsync()
    {
        var warehouse = await CreateAsync();
        await warehouse.LoadAsync(SampleSales.Write, TestContext.Current.CancellationToken);
        return warehouse;
    }
}
