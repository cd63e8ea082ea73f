using System.Data.Common;
using DuckDB.NET.Data;
using Microsoft.Data.SqlClient;
using Npgsql;

namespace SalesOpsBot.Warehouse.Connections;

/// <summary>
/// Opens connections to the warehouse. Question answering uses <see cref="OpenReadOnlyAsync"/>, which the
/// database itself enforces (DuckDB read-only mode, PostgreSQL read-only transactions, SQL Server
/// ApplicationIntent=ReadOnly plus a read-only login, see docs/warehouse-contract.md); only seed and import write.
/// </summary>
public interface IWarehouseConnectionFactory
{
    WarehouseLocation Location { get; }

    WarehouseDialect Dialect => Location.Dialect;

    Task<DbConnection> OpenReadOnlyAsync(CancellationToken cancellationToken);

    Task<DbConnection> OpenWritableAsync(CancellationToken cancellationToken);
}

public static class WarehouseConnectionFactory
{
    public static IWarehouseConnectionFactory Create(WarehouseLocation location) => location.Dialect switch
    {
        WarehouseDialect.DuckDb => new DuckDbConnectionFactory(location),
        WarehouseDialect.Postgres => new PostgresConnectionFactory(location),
        WarehouseDialect.SqlServer => new SqlServerConnectionFactory(location),
        _ => throw new ArgumentOutOfRangeException(nameof(location), location.Dialect, null),
    };
}

/// <summary>
/// DuckDB allows one process to hold a file read-write, or many to hold it read-only. Connections to the
/// same file in one process share one open database; a root connection keeps it open between queries, so
/// that each query's own connection costs a fraction of a millisecond instead of reopening the file.
/// </summary>
internal sealed class DuckDbConnectionFactory(WarehouseLocation location) : IWarehouseConnectionFactory, IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DuckDBConnection? _readOnlyRoot;

    public WarehouseLocation Location { get; } = location;

    private string FilePath => Location.ProviderConnectionString;

    private string ReadOnlyConnectionString => $"Data Source={FilePath};ACCESS_MODE=READ_ONLY";

    public async Task<DbConnection> OpenReadOnlyAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(FilePath))
        {
            throw new WarehouseUnavailableException(
                $"No warehouse at {FilePath}. Run 'salesops seed' to create the demo warehouse, or set --db.");
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_readOnlyRoot is null)
            {
                var root = new DuckDBConnection(ReadOnlyConnectionString);
                await root.OpenAsync(cancellationToken);
                _readOnlyRoot = root;
            }
        }
        finally
        {
            _gate.Release();
        }

        var connection = new DuckDBConnection(ReadOnlyConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    public async Task<DbConnection> OpenWritableAsync(CancellationToken cancellationToken)
    {
        // A writer must not coexist with this process's read-only root (DuckDB rejects mixed configurations).
        await ReleaseReadOnlyAsync();
        var directory = Path.GetDirectoryName(Path.GetFullPath(FilePath));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        var connection = new DuckDBConnection($"Data Source={FilePath}");
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>Closes the shared read-only database so that a writer (or another process) may open the file.</summary>
    public async Task ReleaseReadOnlyAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_readOnlyRoot is not null)
            {
                await _readOnlyRoot.DisposeAsync();
                _readOnlyRoot = null;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await ReleaseReadOnlyAsync();
        _gate.Dispose();
    }
}

internal sealed class PostgresConnectionFactory : IWarehouseConnectionFactory, IAsyncDisposable
{
    private readonly NpgsqlDataSource _readOnly;
    private readonly NpgsqlDataSource _writable;

    public PostgresConnectionFactory(WarehouseLocation location)
    {
        Location = location;
        var builder = new NpgsqlConnectionStringBuilder(location.ProviderConnectionString);
        // Contract objects live in schema salesops; an explicit Search Path in the connection string wins.
        if (string.IsNullOrEmpty(builder.SearchPath))
        {
            builder.SearchPath = "salesops,public";
        }

        _writable = NpgsqlDataSource.Create(builder.ConnectionString);
        // Every transaction of a question-answering connection is read-only, enforced by the server.
        builder.Options = ((builder.Options ?? "") + " -c default_transaction_read_only=on").Trim();
        _readOnly = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    public WarehouseLocation Location { get; }

    public async Task<DbConnection> OpenReadOnlyAsync(CancellationToken cancellationToken) =>
        await _readOnly.OpenConnectionAsync(cancellationToken);

    public async Task<DbConnection> OpenWritableAsync(CancellationToken cancellationToken) =>
        await _writable.OpenConnectionAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _readOnly.DisposeAsync();
        await _writable.DisposeAsync();
    }
}

internal sealed class SqlServerConnectionFactory(WarehouseLocation location) : IWarehouseConnectionFactory
{
    public WarehouseLocation Location { get; } = location;

    public async Task<DbConnection> OpenReadOnlyAsync(CancellationToken cancellationToken)
    {
        // ApplicationIntent routes to a readable secondary where there is one; the read-only login
        // (docs/warehouse-contract.md) is what actually forbids writes.
        var builder = new SqlConnectionStringBuilder(Location.ProviderConnectionString)
        {
            ApplicationIntent = ApplicationIntent.ReadOnly,
        };
        var connection = new SqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    public async Task<DbConnection> OpenWritableAsync(CancellationToken cancellationToken)
    {
        var connection = new SqlConnection(Location.ProviderConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}

/// <summary>The warehouse cannot be reached or does not exist yet; the message says what to do.</summary>
public sealed class WarehouseUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
