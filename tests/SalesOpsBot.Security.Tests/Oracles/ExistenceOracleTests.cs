using System.Text;
using System.Text.RegularExpressions;
using SalesOpsBot.Conversation.Answers;
using SalesOpsBot.Conversation.Routing;
using SalesOpsBot.Security.Tests.Canaries;
using SalesOpsBot.Warehouse.Seeding;

namespace SalesOpsBot.Security.Tests.Oracles;

/// <summary>
/// The existence oracle (AZ-11): a name outside the caller's scope must get the very reply a made-up name of the same
/// shape gets, so nobody learns which territories or reps exist elsewhere. Suggestions come from the caller's scope only.
/// </summary>
public sealed class ExistenceOracleTests(DuckDbCanaryWarehouse warehouse)
{
    private static readonly string[] Questions = ["top deals in {0}", "why did {0} miss Q3?", "show {0}'s pipeline"];

    public static TheoryData<string> Callers => [DemoPrincipals.DachLeader, DemoPrincipals.UkiManager, DemoPrincipals.AlexMorganRep];

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task AnOutOfScopeNameGetsTheSameReplyAsAMadeUpNameOfTheSameShape(string principal)
    {
        var caller = warehouse.Caller(principal);
        var visibleWords = VisibleWords(caller);
        var visibleTerritories = VisibleTerritories(caller);
        var outside = warehouse.Planted.Territories
            .Where(t => !visibleTerritories.Contains(t.TerritoryId) && t.ParentId is not null)
            .Select(t => t.Name)
            .Concat(warehouse.Planted.Reps.Where(r => !caller.RepIds.Contains(r.RepId) && !caller.TerritoryIds.Contains(r.TerritoryId)).Select(r => r.Name).Take(15))
            // A word one or two letters from a visible name is corrected towards it ("Paulo" → Pablo): that depends on the
            // caller's own names only, so such names are left out of the comparison.
            .Where(n => !Words(n).Any(w => visibleWords.Any(v => Distance(w, v) <= (w.Length > 5 ? 2 : 1))))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var differences = new List<string>();
        var compared = 0;

        foreach (var name in outside)
        {
            var fake = MadeUp(name, visibleWords);
            foreach (var template in Questions)
            {
                var real = await ReplyAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, name), principal, name);
                var invented = await ReplyAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, fake), principal, fake);
                compared++;
                if (real.Document != invented.Document)
                {
                    differences.Add($"\"{string.Format(System.Globalization.CultureInfo.InvariantCulture, template, name)}\" vs \"{fake}\":\n  {real.Text}\n  {invented.Text}");
                }
            }
        }

        TestContext.Current.SendDiagnosticMessage($"[security] existence oracle {caller.Label}: {compared} pairs compared, {differences.Count} differ");
        Assert.True(compared > 20, $"only {compared} pairs");
        Assert.True(differences.Count == 0, string.Join("\n", differences.Take(10)));
    }

    /// <summary>The reply with the typed name masked: what it says, and whether it carries any figure or deal.</summary>
    private async Task<(string Document, string Text)> ReplyAsync(string question, string principal, string typed)
    {
        var answer = await warehouse.AskAsync(question, principal, $"oracle-{Guid.NewGuid():N}", showSql: false);
        var masked = CanaryWarehouse.Serialize(answer with { Question = "", Provenance = new Provenance() });
        var parts = typed.Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries);
        foreach (var part in parts.Append(typed).Append(string.Join(' ', parts)).Distinct().OrderByDescending(p => p.Length))
        {
            masked = Regex.Replace(masked, $@"(?<![\p{{L}}]){Regex.Escape(part)}(?![\p{{L}}])", "{X}");
        }

        return (masked, answer.Answer);
    }

    /// <summary>
    /// The same name with every word the router does not know by itself (its fixed lists of everyday, period, metric and
    /// time-zone words are the same for everyone) replaced by letters no demo name uses, keeping length and capitals.
    /// </summary>
    private static string MadeUp(string name, HashSet<string> visibleWords) =>
        Regex.Replace(name, @"\p{L}+", word => RouterWords.Contains(word.Value.ToLowerInvariant()) || visibleWords.Contains(word.Value.ToLowerInvariant())
            ? word.Value
            : Scramble(word.Value));

    // The router's fixed word list is internal; read it rather than copy it, so the test follows the lists as they change.
    private static readonly IReadOnlySet<string> RouterWords = (IReadOnlySet<string>)typeof(QuestionRouter).Assembly
        .GetType("SalesOpsBot.Conversation.Routing.TurnParser", throwOnError: true)!
        .GetField("KnownWords")!.GetValue(null)!;

    private static string Scramble(string word)
    {
        const string consonants = "zqxjvkwz";
        var builder = new StringBuilder(word.Length);
        var i = word.Length;
        foreach (var c in word)
        {
            var letter = consonants[i++ % consonants.Length];
            builder.Append(char.IsUpper(c) ? char.ToUpperInvariant(letter) : letter);
        }

        return builder.ToString();
    }

    /// <summary>A leader's subtree; for a manager or rep, where their reps live and where their deals are credited.</summary>
    private HashSet<string> VisibleTerritories(DemoCaller caller) =>
    [
        .. caller.TerritoryIds,
        .. warehouse.Planted.Reps.Where(r => caller.RepIds.Contains(r.RepId)).Select(r => r.TerritoryId),
        .. warehouse.Planted.Canaries.Where(caller.MaySee).Select(c => c.TerritoryId),
    ];

    private HashSet<string> VisibleWords(DemoCaller caller) =>
    [
        .. warehouse.Planted.Territories.Where(t => VisibleTerritories(caller).Contains(t.TerritoryId)).SelectMany(t => Words(t.Name)),
        .. warehouse.Planted.SharedNames.SelectMany(Words),
        .. warehouse.Planted.Reps.Where(r => caller.RepIds.Contains(r.RepId) || caller.TerritoryIds.Contains(r.TerritoryId)).SelectMany(r => Words(r.Name)),
    ];

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }

    private static string[] Words(string name) => name.ToLowerInvariant().Split([' ', '&', '-'], StringSplitOptions.RemoveEmptyEntries);
}
