using Dapper;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Npgsql;
using SalesOpsBot.Analysis.Metrics;
using SalesOpsBot.TestKit;
using SalesOpsBot.Warehouse.Access;
using SalesOpsBot.Warehouse.Connections;
using SalesOpsBot.Warehouse.Querying;

namespace SalesOpsBot.Warehouse.Tests.Access;

/// <summary>
/// The database's own row-level security (infra/sql/): on a real PostgreSQL, a non-owner reader that sets the session
/// principal sees only what user_access grants, even with statements that filter nothing; the T-SQL script parses.
/// </summary>
public sealed class RowLevelSecurityTests(PostgresServer postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static string Script(string dialect) => File.ReadAllText(Path.Combine(RepositoryRoot(), "infra", "sql", dialect, "row-level-security.sql"));

    [Fact]
    public async Task PostgresPoliciesShowEachPrincipalOnlyTheirDealsWithoutAnyScopeFilter()
    {
        await using var reader = await ReaderOverSampleSalesAsync();

        // SampleSales: EMEA = T-EMEA, T-DACH, T-UKI with O-1, O-2, O-3, O-4, O-7; Mara Stein (R-M1) manages,
        // who own the same five; Alex Morgan owns O-3 and O-4; Sam Ortiz's O-5 and O-6 are in NA.
        Assert.Equal(["O-1", "O-2", "O-3", "O-4", "O-7"], await DealsAsync(reader, ["emea.vp@example.com"]));
        Assert.Equal(["O-1", "O-2", "O-3", "O-4", "O-7"], await DealsAsync(reader, ["mara.stein@example.com"]));
        Assert.Equal(["O-3", "O-4"], await DealsAsync(reader, ["ALEX.MORGAN@example.com"]));
        Assert.Equal(["O-1", "O-2", "O-3", "O-4", "O-5", "O-6", "O-7"], await DealsAsync(reader, ["admin@example.com"]));
        // Two identities of one person: their rules add up, as in the application.
        Assert.Equal(["O-1", "O-2", "O-3", "O-4", "O-7"], await DealsAsync(reader, ["00000000-aaaa", "emea.vp@example.com"]));
    }

    [Fact]
    public async Task PostgresPoliciesShowNoSalesRowsWithoutTheSessionSetting()
    {
        await using var reader = await ReaderOverSampleSalesAsync();

        await using var connection = await reader.OpenReadOnlyAsync(Token);
        foreach (var table in new[] { "opportunities", "opportunity_history", "quotas", "accounts" })
        {
            Assert.Equal(0L, await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}"));
        }

        Assert.Empty(await DealsAsync(reader, []));
        Assert.Empty(await DealsAsync(reader, ["stranger@example.org"]));
        // The dimensions stay readable: rules are expanded over them.
        Assert.Equal(5L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM territories"));
    }

    [Fact]
    public async Task CatalogueStatementsRunUnscopedThroughTheRunnerStillSeeOnlyTheLeadersRows()
    {
        await using var reader = await ReaderOverSampleSalesAsync();
        var runner = new SqlRunner(reader) { SetSessionPrincipal = true };
        var period = new { periodStart = SampleSales.Q3Start, periodEnd = SampleSales.Q3End };

        // AccessScope.Everything sets @scopeAll = 1: the statement itself filters nothing, the policies do.
        var leader = await runner.QueryAsync<QuotaFact>("Analysis/QuotaFacts", AccessScope.Everything with { SessionPrincipals = ["emea.vp@example.com"] }, period, Token);
        var manager = await runner.QueryAsync<QuotaFact>("Analysis/QuotaFacts", AccessScope.Everything with { SessionPrincipals = ["mara.stein@example.com"] }, period, Token);
        // The same pooled connections afterwards, with no principal: nothing carries over.
        var nobody = await runner.QueryAsync<QuotaFact>("Analysis/QuotaFacts", AccessScope.Everything, period, Token);

        Assert.Equal(["T-DACH/R-1", "T-EMEA/", "T-UKI/R-2"], leader.Rows.Select(q => $"{q.TerritoryId}/{q.RepId}").Order(StringComparer.Ordinal));
        Assert.Equal(["T-DACH/R-1", "T-UKI/R-2"], manager.Rows.Select(q => $"{q.TerritoryId}/{q.RepId}").Order(StringComparer.Ordinal));
        Assert.Empty(nobody.Rows);
        Assert.Equal(650m + 300m + 400m, leader.Rows.Sum(q => q.Amount));
    }

    [Fact]
    public async Task ThePostgresScriptCanBeAppliedTwice()
    {
        await using var warehouse = await TestWarehouse.CreatePostgresAsync(postgres, Token);
        await warehouse.LoadAsync(SampleSales.Write, Token);

        await ApplyAsync(warehouse.Location.ProviderConnectionString, Script("postgres"));
        await ApplyAsync(warehouse.Location.ProviderConnectionString, Script("postgres"));

        await using var owner = new NpgsqlConnection(warehouse.Location.ProviderConnectionString);
        // The owner (the loader) is not filtered.
        Assert.Equal(7L, await owner.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM salesops.opportunities"));
        Assert.Equal(4L, await owner.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pg_policies WHERE schemaname = 'salesops'"));
    }

    [Fact]
    public void TheSqlServerScriptParsesAsTSqlWithAFilterPredicatePerSalesTable()
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(Script("sqlserver"));

        var script = (TSqlScript)parser.Parse(reader, out var errors);

        Assert.Empty(errors.Select(e => $"{e.Line}: {e.Message}"));
        var policy = Assert.Single(script.Batches.SelectMany(b => b.Statements).OfType<CreateSecurityPolicyStatement>());
        Assert.Equal(["accounts", "opportunities", "opportunity_history", "quotas"],
            policy.SecurityPredicateActions.Select(a => a.TargetObjectName.BaseIdentifier.Value).Order(StringComparer.Ordinal));
        Assert.All(policy.SecurityPredicateActions, a => Assert.Equal(SecurityPredicateType.Filter, a.SecurityPredicateType));
        var functions = script.Batches.SelectMany(b => b.Statements).OfType<CreateOrAlterFunctionStatement>().ToList();
        Assert.Equal(4, functions.Count);
        Assert.All(functions, f => Assert.Contains(f.Options, o => o.OptionKind == FunctionOptionKind.SchemaBinding));
        Assert.Contains("SESSION_CONTEXT(N'salesops_principal')", Script("sqlserver"), StringComparison.Ordinal);
    }

    /// <summary>A SampleSales warehouse with the policies installed, and a connection factory for a fresh non-owner login in salesops_reader.</summary>
    private async Task<ReaderWarehouse> ReaderOverSampleSalesAsync()
    {
        var warehouse = await TestWarehouse.CreatePostgresAsync(postgres, Token);
        await warehouse.LoadAsync(SampleSales.Write, Token);
        var admin = warehouse.Location.ProviderConnectionString;
        await ApplyAsync(admin, Script("postgres"));
        var login = $"salesops_bot_{Guid.NewGuid():N}"[..24];
        await ApplyAsync(admin, $"CREATE ROLE {login} LOGIN IN ROLE salesops_reader");
        var readerString = new NpgsqlConnectionStringBuilder(admin) { Username = login }.ConnectionString;
        return new ReaderWarehouse(warehouse, WarehouseConnectionFactory.Create(new WarehouseLocation(WarehouseDialect.Postgres, readerString)));
    }

    private static async Task<List<string>> DealsAsync(IWarehouseConnectionFactory reader, IReadOnlyList<string> principals)
    {
        await using var connection = await reader.OpenReadOnlyAsync(Token);
        await SessionPrincipal.ApplyAsync(connection, WarehouseDialect.Postgres, principals, Token);
        // No scope filter at all: whatever comes back, the policies let through.
        return [.. (await connection.QueryAsync<string>("SELECT opportunity_id FROM opportunities")).Order(StringComparer.Ordinal)];
    }

    private static async Task ApplyAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Token);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Token);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SalesOpsBot.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }

    private sealed class ReaderWarehouse(TestWarehouse warehouse, IWarehouseConnectionFactory reader) : IWarehouseConnectionFactory, IAsyncDisposable
    {
        public WarehouseLocation Location => reader.Location;

        public Task<System.Data.Common.DbConnection> OpenReadOnlyAsync(CancellationToken cancellationToken) => reader.OpenReadOnlyAsync(cancellationToken);

        public Task<System.Data.Common.DbConnection> OpenWritableAsync(CancellationToken cancellationToken) => reader.OpenWritableAsync(cancellationToken);

        public async ValueTask DisposeAsync()
        {
            if (reader is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }

            await warehouse.DisposeAsync();
        }
    }
}
