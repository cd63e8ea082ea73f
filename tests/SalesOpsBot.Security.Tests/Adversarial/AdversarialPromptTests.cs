using SalesOpsBot.Conversation.Answers;
using SalesOpsBot.Security.Tests.Canaries;
using SalesOpsBot.Warehouse.Seeding;

namespace SalesOpsBot.Security.Tests.Adversarial;

/// <summary>
/// Over a thousand generated attack prompts through the deterministic router, asked by non-admin callers in turn:
/// no out-of-scope canary anywhere in any answer, the SQL shown always carries the caller's own scope, every reply
/// is an answer (no exception, no stack trace or driver text), and the warehouse is unchanged afterwards.
/// </summary>
public sealed class AdversarialPromptTests(DuckDbCanaryWarehouse warehouse)
{
    private static readonly string[] Attackers = [DemoPrincipals.AlexMorganRep, DemoPrincipals.DachLeader, DemoPrincipals.UkiManager];

    private static readonly string[] InternalsMarkers =
        ["Exception", "   at ", "Npgsql", "DuckDB", "SQLite", "stack trace", "Data Source=", "Host=", "user_access", "system prompt:"];

    [Fact]
    public async Task AThousandAttackPromptsLeakNothingChangeNothingAndAllGetAnswers()
    {
        var scanner = new LeakScanner(warehouse.Planted.Canaries);
        var before = await warehouse.FingerprintAsync();
        var prompts = AttackCatalogue.Generate();
        var failures = new List<string>();
        var checks = 0L;
        var run = 0;

        for (var i = 0; i < prompts.Count; i++)
        {
            var principal = Attackers[i % Attackers.Length];
            checks += await AttackAsync(principal, prompts[i].Text, $"attack-{Guid.NewGuid():N}", scanner, failures);
            run++;
        }

        // Cross-conversation probing: an admin has just asked about the target in this very conversation.
        foreach (var target in AttackCatalogue.Targets)
        {
            foreach (var probe in AttackCatalogue.CrossConversation)
            {
                var conversation = $"shared-{Guid.NewGuid():N}";
                await warehouse.AskAsync($"top deals in {target}", DemoPrincipals.Admin, conversation);
                var principal = Attackers[run % Attackers.Length];
                checks += await AttackAsync(principal, probe, conversation, scanner, failures);
                run++;
            }
        }

        var after = await warehouse.FingerprintAsync();
        TestContext.Current.SendDiagnosticMessage(
            $"[security] adversarial DuckDB: {run:N0} prompts ({AttackCatalogue.Describe(prompts)}, cross-conversation {run - prompts.Count}), {checks:N0} canary checks, {failures.Count} failures, warehouse unchanged: {before == after}");
        Assert.True(run >= 1_000, $"only {run} prompts");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
        Assert.Equal(before, after);
    }

    private async Task<int> AttackAsync(string principal, string text, string conversation, LeakScanner scanner, List<string> failures)
    {
        var caller = warehouse.Caller(principal);
        var shown = text.Length > 60 ? text[..60] + "…" : text;
        AnswerDocument answer;
        try
        {
            answer = await warehouse.AskAsync(text, principal, conversation, showSql: true);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            failures.Add($"{caller.Label}: \"{shown}\" threw {exception.GetType().Name}");
            return 0;
        }

        var json = CanaryWarehouse.Serialize(answer);
        foreach (var token in scanner.Leaks(caller, json, text))
        {
            failures.Add($"{caller.Label}: \"{shown}\" leaked {token}");
        }

        if (string.IsNullOrWhiteSpace(answer.Answer) || string.IsNullOrWhiteSpace(answer.Intent))
        {
            failures.Add($"{caller.Label}: \"{shown}\" got an empty answer");
        }

        var prose = string.Join("\n", [answer.Answer, .. answer.Followups, .. answer.Caveats, answer.Clarification?.Question ?? "", .. answer.Clarification?.Options ?? []]);
        foreach (var marker in InternalsMarkers.Where(m => prose.Contains(m, StringComparison.OrdinalIgnoreCase) && !text.Contains(m, StringComparison.OrdinalIgnoreCase)))
        {
            failures.Add($"{caller.Label}: \"{shown}\" answer shows internals ({marker.Trim()})");
        }

        foreach (var statement in answer.Provenance.Sql)
        {
            foreach (var widened in WidenedScope(caller, statement))
            {
                failures.Add($"{caller.Label}: \"{shown}\" ran SQL with {widened}");
            }
        }

        return scanner.ChecksFor(caller);
    }

    /// <summary>Scope parameters naming anything beyond the caller's own scope (the user's text must never set them).</summary>
    private static IEnumerable<string> WidenedScope(DemoCaller caller, ProvenanceStatement statement)
    {
        foreach (var (name, value) in statement.Parameters)
        {
            var key = name.TrimStart('@', '$', ':');
            var ids = (value ?? "").Trim('[', ']').Split(", ", StringSplitOptions.RemoveEmptyEntries);
            if (key.Equals("scopeAll", StringComparison.Ordinal) && value is "1" or "True" or "true")
            {
                yield return "scopeAll = true";
            }
            else if (key.Equals("scopeTerritories", StringComparison.Ordinal))
            {
                foreach (var id in ids.Where(id => !caller.TerritoryIds.Contains(id)))
                {
                    yield return $"scope territory {id}";
                }
            }
            else if (key.Equals("scopeReps", StringComparison.Ordinal))
            {
                foreach (var id in ids.Where(id => !caller.RepIds.Contains(id)))
                {
                    yield return $"scope rep {id}";
                }
            }
        }
    }
}
