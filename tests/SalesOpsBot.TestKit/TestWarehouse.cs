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

    /// <summary>Replaces every contract table with the rows <paramref name="write"/> produces.</summary>
    public Task LoadAsync(Action<IContractRowSink> write, CancellationToken cancellationToken) =>
        WarehouseLoader.ReplaceAsync(Connections, ContractTables.All, (sink, _, _) =>
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
