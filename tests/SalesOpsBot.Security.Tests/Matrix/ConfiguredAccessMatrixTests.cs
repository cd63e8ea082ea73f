using SalesOpsBot.Security.Tests.Canaries;
using SalesOpsBot.Warehouse.Access;

namespace SalesOpsBot.Security.Tests.Matrix;

/// <summary>The access matrix again, on warehouses without user_access rows: the same principals' rules come from configuration.</summary>
public sealed class DuckDbConfiguredScopeMatrixTests(DuckDbConfiguredCanaryWarehouse warehouse) : ScopeMatrixTests(warehouse);

public sealed class PostgresConfiguredScopeMatrixTests(PostgresConfiguredCanaryWarehouse warehouse) : ScopeMatrixTests(warehouse);

/// <summary>A principal known only by an Entra object id in configuration: the same conversations, no canary outside DACH.</summary>
public abstract class ConfiguredEntraPrincipalTests(CanaryWarehouse warehouse)
{
    [Fact]
    public async Task AConfiguredEntraObjectIdSeesOnlyItsSubtree()
    {
        var caller = warehouse.Caller(CanaryWarehouse.EntraLeader);
        var scanner = new LeakScanner(warehouse.Planted.Canaries);
        var leaks = new List<string>();
        var visible = new HashSet<string>(StringComparer.Ordinal);
        var asked = 0;
        foreach (var conversation in MatrixQuestions.All(warehouse.Planted))
        {
            var conversationId = $"entra-{Guid.NewGuid():N}";
            foreach (var message in conversation.Messages)
            {
                var json = CanaryWarehouse.Serialize(await warehouse.AskAsync(message, CanaryWarehouse.EntraLeader.ToUpperInvariant(), conversationId));
                asked++;
                leaks.AddRange(scanner.Leaks(caller, json, message).Select(t => $"{t} in answer to \"{message}\""));
                visible.UnionWith(scanner.Visible(caller, json));
            }
        }

        TestContext.Current.SendDiagnosticMessage(
            $"[security] matrix {warehouse.DialectName} {caller.Label}: {asked} questions, {asked * scanner.ChecksFor(caller):N0} canary checks, {leaks.Count} leaks, {visible.Count} in-scope canaries seen");
        Assert.True(leaks.Count == 0, string.Join("\n", leaks.Take(20)));
        Assert.NotEmpty(visible);
        // The rules really came from configuration: the warehouse holds none.
        Assert.Equal(AccessRuleSource.Configuration, await new AccessResolver(new Warehouse.Querying.SqlRunner(warehouse.Warehouse.Connections),
            ConfiguredAccessRules.From([new ConfiguredPrincipal { Principal = "x@example.com", Role = "admin" }])).SourceAsync(TestContext.Current.CancellationToken));
    }
}

public sealed class DuckDbConfiguredEntraPrincipalTests(DuckDbConfiguredCanaryWarehouse warehouse) : ConfiguredEntraPrincipalTests(warehouse);

public sealed class PostgresConfiguredEntraPrincipalTests(PostgresConfiguredCanaryWarehouse warehouse) : ConfiguredEntraPrincipalTests(warehouse);
