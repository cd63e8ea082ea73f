using System.Globalization;
using Dapper;
using SalesOpsBot.Warehouse.Connections;
using SalesOpsBot.Warehouse.Querying;

namespace SalesOpsBot.Warehouse.Caching;

/// <summary>
/// Tells whether the warehouse's contents may have changed since a result was cached: two calls returning the same
/// text mean "same data". A loader in another process (seed, import, replication) is noticed through this alone.
/// </summary>
public interface IWarehouseDataVersion
{
    ValueTask<string> CurrentAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The embedded DuckDB file: its identity, size and write time, and those of its write-ahead log. Every committed
/// write changes one of them (seed swaps in a new file; import writes the WAL, a checkpoint rewrites the file), and
/// reading them is a stat call, so it is checked on every query.
/// </summary>
public sealed class DuckDbFileVersion(string path) : IWarehouseDataVersion
{
    public ValueTask<string> CurrentAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(Describe(path) + "|" + Describe(path + ".wal"));

    private static string Describe(string file)
    {
        var info = new FileInfo(file);
        return info.Exists
            ? string.Create(CultureInfo.InvariantCulture, $"{info.Length}:{info.LastWriteTimeUtc.Ticks}:{info.CreationTimeUtc.Ticks}")
            : "-";
    }
}

/// <summary>
/// A server warehouse (PostgreSQL, SQL Server): the fingerprint statement <c>Caching/DataVersion</c>, run at most
/// once per <paramref name="interval"/>, so that a busy bot costs the warehouse one count per interval, not one per
/// question. Changes therefore show within the interval; an in-place edit that moves neither a count, the latest
/// history change nor the quota total is only seen when cached entries reach their maximum age.
/// </summary>
public sealed class ProbedDataVersion(IWarehouseConnectionFactory connections, TimeProvider time, TimeSpan interval) : IWarehouseDataVersion, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _version;
    private DateTimeOffset _probedAt;

    public async ValueTask<string> CurrentAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            if (_version is null || now - _probedAt >= interval)
            {
                _version = await ProbeAsync(cancellationToken);
                _probedAt = now;
            }

            return _version;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<string> ProbeAsync(CancellationToken cancellationToken)
    {
        var statement = SqlCatalog.Default.Get("Caching/DataVersion", connections.Dialect);
        await using var connection = await connections.OpenReadOnlyAsync(cancellationToken);
        var row = (IDictionary<string, object?>)await connection.QuerySingleAsync(
            new CommandDefinition(statement.Text, cancellationToken: cancellationToken));
        return string.Join('|', row.OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => Convert.ToString(c.Value, CultureInfo.InvariantCulture)));
    }
}
