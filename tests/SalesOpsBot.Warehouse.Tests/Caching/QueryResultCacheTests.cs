using Dapper;
using Microsoft.Extensions.Time.Testing;
using SalesOpsBot.TestKit;
using SalesOpsBot.Warehouse.Access;
using SalesOpsBot.Warehouse.Caching;
using SalesOpsBot.Warehouse.Connections;
using SalesOpsBot.Warehouse.Querying;
using SalesOpsBot.Warehouse.Tests.Dialects;
using SalesOpsBot.Warehouse.Tests.Querying;

namespace SalesOpsBot.Warehouse.Tests.Caching;

public abstract class QueryResultCacheTests(PostgresServer postgres) : WarehouseKind(postgres)
{
    protected static readonly object Q3 = new { periodStart = SampleSales.Q3Start, periodEnd = SampleSales.Q3End };
    protected static readonly AccessScope Emea = AccessScope.Of(["T-EMEA", "T-DACH", "T-UKI"], [], "EMEA");

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 10, 15, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task ARepeatedStatementIsAnsweredFromMemoryWithTheSameRows()
    {
        await using var warehouse = await CreateSampleAsync();
        var runner = new SqlRunner(warehouse.Connections, QueryResultCache.For(warehouse.Connections, Time));
        var trace = new SqlTrace();
        var token = TestContext.Current.CancellationToken;

        var first = await runner.QueryAsync<QuotaRow>("Analysis/QuotaFacts", Emea, Q3, token, trace);
        var second = await runner.QueryAsync<QuotaRow>("Analysis/QuotaFacts", Emea, Q3, token, trace);

        Assert.Equal([false, true], trace.Statements.Select(s => s.FromCache));
        Assert.Equal(first.Rows, second.Rows);
        Assert.Equal(1350m, second.Rows.Sum(r => r.Amount));
    }

    [Fact]
    public async Task AnotherScopeNeverReadsAnEntryOfTheFirst()
    {
        await using var warehouse = await CreateSampleAsync();
        var runner = new SqlRunner(warehouse.Connections, QueryResultCache.For(warehouse.Connections, Time));
        var trace = new SqlTrace();
        var token = TestContext.Current.CancellationToken;

        await runner.QueryAsync<QuotaRow>("Analysis/QuotaFacts", Emea, Q3, token, trace);
        var alex = await runner.QueryAsync<QuotaRow>("Analysis/QuotaFacts", AccessScope.Of([], ["R-2"], "Alex Morgan"), Q3, token, trace);
        var focused = await runner.QueryAsync<QuotaRow>("Analysis/QuotaFacts", Emea, Q3, token, trace, QueryFocus.Territories(["T-DACH"]));

        Assert.All(trace.Statements, s => Assert.False(s.FromCache));
        Assert.Equal(["R-2"], alex.Rows.Select(r => r.RepId));
        Assert.DoesNotContain(focused.Rows, r => r.TerritoryId == "T-UKI");
    }

    [Fact]
    public async Task AccessRulesAndChecksAreAlwaysReadFromTheWarehouse()
    {
        Assert.False(QueryResultCache.IsCacheable("Access/RulesForPrincipal"));
        Assert.False(QueryResultCache.IsCacheable("Doctor/TableCounts"));
        Assert.False(QueryResultCache.IsCacheable("Integrity/DanglingReferences"));
        Assert.False(QueryResultCache.IsCacheable("Baseline/ScopeHistoryRows"));
        Assert.True(QueryResultCache.IsCacheable("Analysis/PeriodMeasuresByCell"));

        await using var warehouse = await CreateSampleAsync();
        var runner = new SqlRunner(warehouse.Connections, QueryResultCache.For(warehouse.Connections, Time));
        var resolver = new AccessResolver(runner);
        await resolver.ResolveAsync("nobody@example.com", TestContext.Current.CancellationToken);
        await resolver.ResolveAsync("nobody@example.com", TestContext.Current.CancellationToken);

        Assert.Equal(0, runner.Cache!.Count);
    }

    /// <summary>A load after the answer (an import, a replication batch) changes the next answer.</summary>
    [Fact]
    public async Task ChangedDataIsReadAgain()
    {
        await using var warehouse = await CreateSampleAsync();
        var token = TestContext.Current.CancellationToken;
        var runner = new SqlRunner(warehouse.Connections, QueryResultCache.For(warehouse.Connections, Time));
        Assert.Equal(1350m, (await runner.QueryAsync<QuotaRow>("Analysis/QuotaFacts", Emea, Q3, token)).Rows.Sum(r => r.Amount));

        await RaiseEmeaQuotaAsync(warehouse, token);
        Time.Advance(QueryCacheOptions.Default.ProbeInterval);
        var trace = new SqlTrace();
        var after = await runner.QueryAsync<QuotaRow>("Analysis/QuotaFacts", Emea, Q3, token, trace);

        Assert.False(Assert.Single(trace.Statements).FromCache);
        Assert.Equal(1450m, after.Rows.Sum(r => r.Amount));
    }

    protected static async Task RaiseEmeaQuotaAsync(TestWarehouse warehouse, CancellationToken token)
    {
        await using var connection = await warehouse.Connections.OpenWritableAsync(token);
        var table = warehouse.Dialect == WarehouseDialect.DuckDb ? "quotas" : "salesops.quotas";
        var changed = await connection.ExecuteAsync(
            $"UPDATE {table} SET amount = amount + 100 WHERE territory_id = 'T-EMEA' AND rep_id IS NULL AND period_start = DATE '2026-07-01'");
        Assert.Equal(1, changed);
    }
}

public sealed class DuckDbQueryResultCacheTests(PostgresServer postgres) : QueryResultCacheTests(postgres)
{
    public override WarehouseDialect Dialect => WarehouseDialect.DuckDb;

    /// <summary>
    /// Seed writes a new file and moves it over the old one while the bot holds the old one open: the next question
    /// must see the new file, not the cached answer nor the old file's pages.
    /// </summary>
    [Fact]
    public async Task AFileSwappedInByAnotherProcessIsNoticedAndReopened()
    {
        var token = TestContext.Current.CancellationToken;
        await using var served = await CreateSampleAsync();
        var runner = new SqlRunner(served.Connections, QueryResultCache.For(served.Connections, Time));
        Assert.Equal(1350m, (await runner.QueryAsync<QuotaRow>("Analysis/QuotaFacts", Emea, Q3, token)).Rows.Sum(r => r.Amount));

        var replacement = await CreateSampleAsync();
        await RaiseEmeaQuotaAsync(replacement, token);
        await ((IAsyncDisposable)replacement.Connections).DisposeAsync();
        File.Move(replacement.Location.DuckDbPath!, served.Location.DuckDbPath!, overwrite: true);

        var after = await runner.QueryAsync<QuotaRow>("Analysis/QuotaFacts", Emea, Q3, token);
        Assert.Equal(1450m, after.Rows.Sum(r => r.Amount));
    }
}

public sealed class PostgresQueryResultCacheTests(PostgresServer postgres) : QueryResultCacheTests(postgres)
{
    public override WarehouseDialect Dialect => WarehouseDialect.Postgres;

    /// <summary>A server warehouse is fingerprinted once per probe interval, so a change shows within it, not before.</summary>
    [Fact]
    public async Task AServerChangeShowsOnceTheProbeIntervalHasPassed()
    {
        await using var warehouse = await CreateSampleAsync();
        var token = TestContext.Current.CancellationToken;
        var runner = new SqlRunner(warehouse.Connections, QueryResultCache.For(warehouse.Connections, Time, QueryCacheOptions.Default with { ProbeInterval = TimeSpan.FromSeconds(30) }));
        await runner.QueryAsync<QuotaRow>("Analysis/QuotaFacts", Emea, Q3, token);

        await RaiseEmeaQuotaAsync(warehouse, token);
        Time.Advance(TimeSpan.FromSeconds(10));
        var within = await runner.QueryAsync<QuotaRow>("Analysis/QuotaFacts", Emea, Q3, token);
        Time.Advance(TimeSpan.FromSeconds(25));
        var after = await runner.QueryAsync<QuotaRow>("Analysis/QuotaFacts", Emea, Q3, token);

        Assert.Equal(1350m, within.Rows.Sum(r => r.Amount));
        Assert.Equal(1450m, after.Rows.Sum(r => r.Amount));
    }
}

public sealed class QueryResultCacheBoundsTests
{
    private sealed class FixedVersion : IWarehouseDataVersion
    {
        public string Value { get; set; } = "v1";

        public ValueTask<string> CurrentAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Value);
    }

    [Fact]
    public async Task TheLeastRecentlyUsedEntryGoesFirstWhenFull()
    {
        var time = new FakeTimeProvider();
        var cache = new QueryResultCache(new FixedVersion(), time, new QueryCacheOptions { MaxEntries = 2 });
        var (version, _) = await cache.RefreshVersionAsync(TestContext.Current.CancellationToken);
        cache.Set("a", version, "A", 1);
        cache.Set("b", version, "B", 1);
        Assert.True(cache.TryGet("a", version, out _));
        cache.Set("c", version, "C", 1);

        Assert.True(cache.TryGet("a", version, out _));
        Assert.False(cache.TryGet("b", version, out _));
        Assert.True(cache.TryGet("c", version, out _));
    }

    [Fact]
    public async Task RowsBeyondTheBoundEvictAndOversizedResultsAreNotKept()
    {
        var cache = new QueryResultCache(new FixedVersion(), new FakeTimeProvider(), new QueryCacheOptions { MaxRows = 10 });
        var (version, _) = await cache.RefreshVersionAsync(TestContext.Current.CancellationToken);
        cache.Set("big", version, "X", 11);
        cache.Set("a", version, "A", 6);
        cache.Set("b", version, "B", 6);

        Assert.False(cache.TryGet("big", version, out _));
        Assert.False(cache.TryGet("a", version, out _));
        Assert.True(cache.TryGet("b", version, out _));
    }

    [Fact]
    public async Task ANewVersionDropsEverythingAndEntriesExpire()
    {
        var time = new FakeTimeProvider();
        var source = new FixedVersion();
        var cache = new QueryResultCache(source, time, new QueryCacheOptions { MaxAge = TimeSpan.FromMinutes(10) });
        var token = TestContext.Current.CancellationToken;
        var (v1, _) = await cache.RefreshVersionAsync(token);
        cache.Set("a", v1, "A", 1);
        time.Advance(TimeSpan.FromMinutes(10));
        Assert.False(cache.TryGet("a", v1, out _));

        cache.Set("b", v1, "B", 1);
        source.Value = "v2";
        var (v2, changed) = await cache.RefreshVersionAsync(token);

        Assert.True(changed);
        Assert.False(cache.TryGet("b", v2, out _));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void KeysTellArraysAndTextsApart()
    {
        var joined = QueryResultCache.Key("Analysis/QuotaFacts", WarehouseDialect.DuckDb, new Dictionary<string, object?> { ["scopeTerritories"] = new[] { "T-A,T-B" } });
        var split = QueryResultCache.Key("Analysis/QuotaFacts", WarehouseDialect.DuckDb, new Dictionary<string, object?> { ["scopeTerritories"] = new[] { "T-A", "T-B" } });
        var reordered = QueryResultCache.Key("Analysis/QuotaFacts", WarehouseDialect.DuckDb, new Dictionary<string, object?> { ["b"] = 1, ["a"] = 2 });
        var swapped = QueryResultCache.Key("Analysis/QuotaFacts", WarehouseDialect.DuckDb, new Dictionary<string, object?> { ["a"] = 1, ["b"] = 2 });

        Assert.NotEqual(joined, split);
        Assert.NotEqual(reordered, swapped);
    }
}
