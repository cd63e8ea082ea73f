using System.Collections;
using System.Globalization;
using System.Text;
using SalesOpsBot.Warehouse.Connections;

namespace SalesOpsBot.Warehouse.Caching;

/// <summary>Limits of the answer cache, section <c>Warehouse:Cache</c> in the bot.</summary>
public sealed record QueryCacheOptions
{
    public static QueryCacheOptions Default { get; } = new();

    /// <summary>Distinct statement results kept; the least recently used go first.</summary>
    public int MaxEntries { get; init; } = 2_000;

    /// <summary>Rows kept over all entries (a bound on memory: a cell row is a few hundred bytes).</summary>
    public long MaxRows { get; init; } = 1_000_000;

    /// <summary>Even unchanged-looking data is read again after this long (the server probe cannot see every edit).</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How often a server warehouse's fingerprint statement runs.</summary>
    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Results of analysis statements, keyed by the statement and every parameter value — the caller's access scope and
/// the question's focus included, so one principal's result can never answer another's query — and valid for one
/// version of the warehouse's contents. Answers are pure functions of (data, parameters): the as-of date is a
/// parameter, so a past quarter's figures as of a given day never change until the data does. Access rules, doctor
/// and integrity checks are never cached.
/// </summary>
public sealed class QueryResultCache(IWarehouseDataVersion version, TimeProvider time, QueryCacheOptions options)
{
    private static readonly string[] CacheableFolders = ["Analysis/", "Pipeline/", "Forecast/", "Dimensions/", "Reps/"];

    private readonly Lock _lock = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new();
    private string? _version;
    private long _rows;

    public QueryCacheOptions Options => options;

    public long Hits { get; private set; }

    public long Misses { get; private set; }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>The cache for a warehouse location: a file stat for DuckDB, the fingerprint probe for servers.</summary>
    public static QueryResultCache For(IWarehouseConnectionFactory connections, TimeProvider time, QueryCacheOptions? options = null)
    {
        options ??= QueryCacheOptions.Default;
        IWarehouseDataVersion version = connections.Location.DuckDbPath is { } path
            ? new DuckDbFileVersion(path)
            : new ProbedDataVersion(connections, time, options.ProbeInterval);
        return new QueryResultCache(version, time, options);
    }

    public static bool IsCacheable(string statementName) =>
        CacheableFolders.Any(folder => statementName.StartsWith(folder, StringComparison.Ordinal));

    /// <summary>
    /// The warehouse's current version; when it moved since the last call every entry is dropped and
    /// <c>changed</c> is true (the DuckDB factory then reopens the file, which seed may have replaced).
    /// </summary>
    public async ValueTask<(string Version, bool Changed)> RefreshVersionAsync(CancellationToken cancellationToken)
    {
        var current = await version.CurrentAsync(cancellationToken);
        lock (_lock)
        {
            if (_version == current)
            {
                return (current, false);
            }

            var changed = _version is not null;
            _version = current;
            _entries.Clear();
            _recency.Clear();
            _rows = 0;
            return (current, changed);
        }
    }

    public bool TryGet(string key, string dataVersion, out object? result)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node) && node.Value.Version == dataVersion
                && time.GetUtcNow() - node.Value.StoredAt < options.MaxAge)
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                Hits++;
                result = node.Value.Result;
                return true;
            }

            Misses++;
            result = null;
            return false;
        }
    }

    public void Set(string key, string dataVersion, object result, int rows)
    {
        if (rows > options.MaxRows)
        {
            return;
        }

        lock (_lock)
        {
            if (dataVersion != _version)
            {
                // The data moved while the statement ran: its result belongs to neither version for sure.
                return;
            }

            if (_entries.Remove(key, out var previous))
            {
                Evict(previous);
            }

            var node = _recency.AddFirst(new Entry(key, dataVersion, result, rows, time.GetUtcNow()));
            _entries[key] = node;
            _rows += rows;
            while (_entries.Count > options.MaxEntries || _rows > options.MaxRows)
            {
                var oldest = _recency.Last!;
                _entries.Remove(oldest.Value.Key);
                Evict(oldest);
            }
        }
    }

    /// <summary>Drops everything, e.g. after this process loaded data itself.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _entries.Clear();
            _recency.Clear();
            _rows = 0;
            _version = null;
        }
    }

    /// <summary>The cache key: the statement and every parameter, in name order, with arrays spelled out.</summary>
    public static string Key(string statementName, WarehouseDialect dialect, IReadOnlyDictionary<string, object?> parameters)
    {
        var key = new StringBuilder(statementName).Append('|').Append(dialect);
        foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            key.Append('|').Append(name).Append('=');
            Append(key, value);
        }

        return key.ToString();
    }

    private static void Append(StringBuilder key, object? value)
    {
        switch (value)
        {
            case null:
                key.Append('\u2400');
                break;
            case string text:
                // Length-prefixed, so no value can imitate a separator.
                key.Append(text.Length).Append(':').Append(text);
                break;
            case IEnumerable items:
                key.Append('[');
                foreach (var item in items)
                {
                    Append(key, item);
                    key.Append(',');
                }

                key.Append(']');
                break;
            case IFormattable formattable:
                key.Append(value.GetType().Name).Append(':').Append(formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                key.Append(value.GetType().Name).Append(':').Append(value);
                break;
        }
    }

    private void Evict(LinkedListNode<Entry> node)
    {
        _recency.Remove(node);
        _rows -= node.Value.Rows;
    }

    private sealed record Entry(string Key, string Version, object Result, int Rows, DateTimeOffset StoredAt);
}
