using System.Data;
using System.Diagnostics;
using Dapper;
using SalesOpsBot.Warehouse.Access;
using SalesOpsBot.Warehouse.Caching;
using SalesOpsBot.Warehouse.Connections;
using SalesOpsBot.Warehouse.Derived;
using SalesOpsBot.Warehouse.Telemetry;

namespace SalesOpsBot.Warehouse.Querying;

/// <summary>Guards every query: a command timeout and a cap on the rows read back.</summary>
public sealed record QueryLimits(TimeSpan CommandTimeout, int MaxRows)
{
    public static QueryLimits Default { get; } = new(TimeSpan.FromSeconds(30), 10_000);
}

/// <summary>Rows read by a query; <see cref="Truncated"/> when the row cap cut it short.</summary>
public sealed record QueryResult<T>(IReadOnlyList<T> Rows, bool Truncated);

/// <summary>A statement as it ran, with its parameters (for "show me the SQL" and benchmarks); <see cref="FromCache"/>
/// when its result came from the answer cache instead of the database.</summary>
public sealed record ExecutedStatement(string Name, string Text, IReadOnlyDictionary<string, object?> Parameters, TimeSpan Elapsed, int Rows, bool FromCache = false);

/// <summary>Collects the statements of one answer; thread-safe.</summary>
public sealed class SqlTrace
{
    private readonly List<ExecutedStatement> _statements = [];

    public IReadOnlyList<ExecutedStatement> Statements
    {
        get
        {
            lock (_statements)
            {
                return [.. _statements];
            }
        }
    }

    public TimeSpan TotalElapsed => Statements.Aggregate(TimeSpan.Zero, (sum, s) => sum + s.Elapsed);

    internal void Add(ExecutedStatement statement)
    {
        lock (_statements)
        {
            _statements.Add(statement);
        }
    }
}

/// <summary>
/// Runs catalogue statements read-only with parameters only, a timeout, a row cap and cancellation. Every
/// statement that reads sales data receives the caller's <see cref="AccessScope"/> as the parameters
/// <c>@scopeAll</c>, <c>@scopeTerritories</c> and <c>@scopeReps</c> and applies them in its WHERE clause; a
/// question's own <see cref="QueryFocus"/> arrives as <c>@focus…</c> and can only narrow that. With a
/// <see cref="QueryResultCache"/>, analysis statements already run with the same parameters on the same data are
/// answered from memory.
/// </summary>
public sealed class SqlRunner(IWarehouseConnectionFactory connections, QueryLimits limits, QueryResultCache? cache = null)
{
    public SqlRunner(IWarehouseConnectionFactory connections, QueryResultCache? cache = null)
        : this(connections, QueryLimits.Default, cache)
    {
    }

    public QueryResultCache? Cache => cache;

    public WarehouseDialect Dialect => connections.Dialect;

    public IWarehouseConnectionFactory Connections => connections;

    public QueryLimits Limits => limits;

    /// <summary>
    /// Sets the caller's identities as a session setting on every connection before the statement runs, for the
    /// database's own row-level security (<c>Warehouse:SetSessionPrincipal</c>, <c>infra/sql/</c>).
    /// </summary>
    public bool SetSessionPrincipal { get; init; }

    /// <summary>
    /// Whether statements may run their form over the embedded warehouse's derived tables (<see cref="DealSpans"/>) while
    /// those are current. The results are the same; off only to measure what the derived tables buy.
    /// </summary>
    public bool UseDerivedTables { get; init; } = true;

    public async Task<QueryResult<T>> QueryAsync<T>(
        string name, AccessScope scope, object? parameters, CancellationToken cancellationToken, SqlTrace? trace = null, QueryFocus? focus = null)
    {
        DapperSetup.EnsureConfigured();
        var statement = SqlCatalog.Default.Get(await FormToRunAsync(name, cancellationToken), connections.Dialect);
        var arguments = ScopedParameters(scope, parameters, focus);
        if (cache is not null && QueryResultCache.IsCacheable(name))
        {
            return await CachedQueryAsync<T>(name, statement, scope, arguments, trace, cancellationToken);
        }

        return await RunAsync<T>(name, statement, scope, arguments, trace, cancellationToken);
    }

    /// <summary>The statement's form over the derived tables when it has one and they are current, else the statement.</summary>
    private async ValueTask<string> FormToRunAsync(string name, CancellationToken cancellationToken)
    {
        var spans = name + DealSpans.FormSuffix;
        return UseDerivedTables && connections.Dialect == WarehouseDialect.DuckDb && SqlCatalog.Default.Contains(spans)
            && await DealSpans.AreCurrentAsync(connections, cancellationToken)
            ? spans
            : name;
    }

    private async Task<QueryResult<T>> CachedQueryAsync<T>(
        string name, SqlStatement statement, AccessScope scope, DynamicParameters arguments, SqlTrace? trace, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var (version, changed) = await cache!.RefreshVersionAsync(cancellationToken);
        if (changed && connections is DuckDbConnectionFactory duckDb)
        {
            // Seed swaps in a new file: the shared read-only database still holds the old one open.
            await duckDb.ReleaseReadOnlyAsync();
        }

        var described = Describe(arguments);
        // With the database's own row-level security the session principal shapes the rows too, so it is part of the key.
        var key = QueryResultCache.Key(name, connections.Dialect, SetSessionPrincipal
            ? new Dictionary<string, object?>(described, StringComparer.Ordinal) { ["@sessionPrincipals"] = scope.SessionPrincipals }
            : described);
        if (cache.TryGet(key, version, out var hit))
        {
            var cached = (QueryResult<T>)hit!;
            trace?.Add(new ExecutedStatement(statement.Name, statement.Text, described, Stopwatch.GetElapsedTime(started), cached.Rows.Count, FromCache: true));
            return cached;
        }

        var result = await RunAsync<T>(name, statement, scope, arguments, trace, cancellationToken);
        cache.Set(key, version, result, result.Rows.Count);
        return result;
    }

    private async Task<QueryResult<T>> RunAsync<T>(
        string name, SqlStatement statement, AccessScope scope, DynamicParameters arguments, SqlTrace? trace, CancellationToken cancellationToken)
    {
        using var span = WarehouseTelemetry.Source.StartActivity("sql " + name, ActivityKind.Client);
        span?.SetTag("db.system", Dialect.ToString().ToLowerInvariant());
        span?.SetTag("salesops.query", name);
        var started = Stopwatch.GetTimestamp();
        var outcome = "error";
        var rows = new List<T>();
        var truncated = false;
        try
        {
            await using var connection = await connections.OpenReadOnlyAsync(cancellationToken);
            if (SetSessionPrincipal)
            {
                await SessionPrincipal.ApplyAsync(connection, connections.Dialect, scope.SessionPrincipals, cancellationToken);
            }

            var command = new CommandDefinition(
                statement.Text, arguments, commandTimeout: (int)limits.CommandTimeout.TotalSeconds,
                flags: CommandFlags.None, cancellationToken: cancellationToken);
            foreach (var row in await connection.QueryAsync<T>(command))
            {
                if (rows.Count == limits.MaxRows)
                {
                    truncated = true;
                    break;
                }

                rows.Add(row);
            }

            outcome = "ok";
        }
        catch (OperationCanceledException)
        {
            outcome = "cancelled";
            throw;
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            WarehouseTelemetry.SqlDuration.Record(elapsed.TotalSeconds,
                new KeyValuePair<string, object?>("query", name),
                new KeyValuePair<string, object?>("dialect", Dialect.ToString()),
                new KeyValuePair<string, object?>("outcome", outcome));
            span?.SetTag("salesops.rows", rows.Count);
            if (outcome != "ok")
            {
                span?.SetStatus(ActivityStatusCode.Error, outcome);
            }
        }

        trace?.Add(new ExecutedStatement(statement.Name, statement.Text, Describe(arguments), Stopwatch.GetElapsedTime(started), rows.Count));
        return new QueryResult<T>(rows, truncated);
    }

    /// <summary>The access-scope and focus parameters merged with the statement's own.</summary>
    public static DynamicParameters ScopedParameters(AccessScope scope, object? parameters, QueryFocus? focus = null)
    {
        focus ??= QueryFocus.Everything;
        var arguments = new DynamicParameters(parameters);
        arguments.Add("scopeAll", scope.All ? 1 : 0, DbType.Int32);
        arguments.Add("scopeTerritories", scope.TerritoryIds.ToArray());
        arguments.Add("scopeReps", scope.RepIds.ToArray());
        arguments.Add("focusAll", focus.All ? 1 : 0, DbType.Int32);
        arguments.Add("focusTerritories", focus.TerritoryIds.ToArray());
        arguments.Add("focusReps", focus.RepIds.ToArray());
        return arguments;
    }

    private static Dictionary<string, object?> Describe(DynamicParameters arguments) =>
        arguments.ParameterNames.ToDictionary(n => n, n => (object?)arguments.Get<object?>(n), StringComparer.Ordinal);
}
