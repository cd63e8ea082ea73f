using SalesOpsBot.Conversation.Answers;
using SalesOpsBot.Security.Tests.Canaries;

namespace SalesOpsBot.Security.Tests.Matrix;

/// <summary>
/// The access matrix: every demo principal asks every intent about every region, sub-region and a few reps; the whole
/// answer document (text, metrics, deals, clarification, follow-ups, SQL shown) must hold no canary of a deal, account,
/// loss reason or rep outside the principal's scope.
/// </summary>
public abstract class ScopeMatrixTests(CanaryWarehouse warehouse)
{
    public static TheoryData<string> Principals => [.. DemoCaller.Matrix.Select(c => c.Principal)];

    [Theory]
    [MemberData(nameof(Principals))]
    public async Task NoAnswerToThisPrincipalHoldsACanaryOutsideTheirScope(string principal)
    {
        var caller = warehouse.Caller(principal);
        var scanner = new LeakScanner(warehouse.Planted.Canaries);
        var leaks = new List<string>();
        var asked = 0;
        var visibleSeen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var conversation in MatrixQuestions.All(warehouse.Planted))
        {
            var conversationId = $"matrix-{Guid.NewGuid():N}";
            foreach (var message in conversation.Messages)
            {
                var answer = await warehouse.AskAsync(message, principal, conversationId);
                var json = CanaryWarehouse.Serialize(answer);
                asked++;
                leaks.AddRange(scanner.Leaks(caller, json, message).Select(t => $"{t} in answer to \"{message}\""));
                visibleSeen.UnionWith(scanner.Visible(caller, json));
            }
        }

        var checks = asked * scanner.ChecksFor(caller);
        TestContext.Current.SendDiagnosticMessage(
            $"[security] matrix {warehouse.DialectName} {caller.Label}: {asked} questions, {checks:N0} canary checks, {leaks.Count} leaks, {visibleSeen.Count} in-scope canaries seen");
        TestContext.Current.TestOutputHelper?.WriteLine($"{asked} questions, {checks:N0} checks, {leaks.Count} leaks");
        Assert.True(leaks.Count == 0, string.Join("\n", leaks.Take(20)));
        // The oracle is not vacuous: a caller with a scope does see their own planted data.
        Assert.Equal(caller.SeesAll || caller.TerritoryIds.Count > 0 || caller.RepIds.Count > 0, visibleSeen.Count > 0);
    }

    [Fact]
    public async Task TheScannerFindsAnOutOfScopeCanaryInAnAdminAnswer()
    {
        var rep = warehouse.Caller(Warehouse.Seeding.DemoPrincipals.AlexMorganRep);
        var scanner = new LeakScanner(warehouse.Planted.Canaries);

        var answer = await warehouse.AskAsync("top deals in APAC", Warehouse.Seeding.DemoPrincipals.Admin, $"probe-{Guid.NewGuid():N}");

        Assert.Equal(Intents.Deals, answer.Intent);
        Assert.NotEmpty(scanner.Leaks(rep, CanaryWarehouse.Serialize(answer), typed: ""));
    }
}

public sealed class DuckDbScopeMatrixTests(DuckDbCanaryWarehouse warehouse) : ScopeMatrixTests(warehouse);

public sealed class PostgresScopeMatrixTests(PostgresCanaryWarehouse warehouse) : ScopeMatrixTests(warehouse);
