using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Warehouse.Connections;
using SalesOpsBot.Warehouse.Contract;
using SalesOpsBot.Warehouse.Loading;

namespace SalesOpsBot.TestKit;

/// <summary>A fresh, empty contract warehouse of one dialect, deleted when disposed.</summary>
public sealed class TestWarehouse : IAsyncDisposable
{
    private readonly string? _file;

    private TestWarehouse(WarehouseLocation location, string? file)
    {
        Location = location;
        Connections = WarehouseConnectionFactory.Create(location);
        _file = file;
    }

    public WarehouseLocation Location { get; }

    public IWarehouseConnectionFactory Connections { get; }

    public WarehouseDialect Dialect => Location.Dialect;

    public static TestWarehouse CreateDuckDb()
    {
        var file = Path.Combine(Path.GetTempPath(), $"salesops-test-{Guid.NewGuid():N}.duckdb");
        return new TestWarehouse(new WarehouseLocation(WarehouseDialect.DuckDb, file), file);
    }

    public static async Task<TestWarehouse> CreatePostgresAsync(PostgresServer server, CancellationToken cancellationToken) =>
        new(new WarehouseLocation(WarehouseDialect.Postgres, await server.CreateDatabaseAsync(cancellationToken)), null);

    /// <summary>The variable naming a SQL Server (a SqlClient connection string whose login may create databases).</summary>
    public const string SqlServerVariable = "SALESOPS_TEST_SQLSERVER";

    /// <summary>A fresh database on the SQL Server named by <see cref="SqlServerVariable"/>, or null when none is configured.</summary>
    public static async Task<TestWarehouse?> CreateSqlServerAsync(CancellationToken cancellationToken)
    {
        var server = Environment.GetEnvironmentVariable(SqlServerVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            return null;
        }

        var name = $"salesops_test_{Guid.NewGuid():N}";
        await using (var connection = new Microsoft.Data.SqlClient.SqlConnection(server))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new Microsoft.Data.SqlClient.SqlCommand($"CREATE DATABASE [{name}]", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        var builder = new Microsoft.Data.SqlClient.SqlConnectionStringBuilder(server) { InitialCatalog = name };
        return new TestWarehouse(new WarehouseLocation(WarehouseDialect.SqlServer, builder.ConnectionString), null);
    }

    /// <summary>Replaces every contract table with the rows <paramref name="write"/> produces (derived tables for a
    /// calendar year unless <paramref name="calendar"/> says otherwise).</summary>
    public Task LoadAsync(Action<IContractRowSink> write, CancellationToken cancellationToken, FiscalCalendar? calendar = null) =>
        WarehouseLoader.ReplaceAsync(Connections, calendar ?? new FiscalCalendar(1), ContractTables.All, (sink, _, _) =>
        {
            write(sink);
            return 0;
        }, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Connections is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }

        if (_file is not null)
        {
            File.Delete(_file);
            File.Delete(_file + ".wal");
        }
    }
}
