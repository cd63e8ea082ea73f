using System.Text.RegularExpressions;
using SalesOpsBot.Conversation.Answers;
using SalesOpsBot.Warehouse.Seeding;

namespace SalesOpsBot.Conversation.Tests.Assistant;

/// <summary>
/// What a caller may see decides what an answer contains: a leader gets their region, a rep their own deals, an
/// unknown identity nothing. No territory or person outside the caller's scope may be named anywhere in the document.
/// </summary>
public sealed class AccessScopedAnswerTests(DemoAssistantFixture demo) : IClassFixture<DemoAssistantFixture>
{
    private sealed record Named(string Id, string Name, string? TerritoryId);

    [Fact]
    public async Task AnEmeaLeaderTrackingTheQuarterGetsEmeaOnly()
    {
        var emea = await demo.SubtreeAsync("T-EMEA");
        var children = (await demo.QueryAsync("SELECT name FROM territories WHERE parent_id = 'T-EMEA'")).Select(r => (string)r["name"]!).Order(StringComparer.Ordinal);
        var bookings = await demo.ScalarAsync($"""
            SELECT SUM(amount) FROM opportunities
            WHERE is_won AND close_date BETWEEN DATE '2026-10-01' AND DATE '2026-11-15' AND territory_id IN ({Quoted(emea)})
            """);

        var answer = await demo.AskAsync("how are we tracking", DemoPrincipals.EmeaLeader);

        Assert.Equal(Intents.Attainment, answer.Intent);
        Assert.StartsWith("EMEA has booked", answer.Answer, StringComparison.Ordinal);
        Assert.Equal(bookings, answer.Metrics["bookings"]);
        Assert.Equal(children, answer.Breakdown.Select(b => b.Value).Order(StringComparer.Ordinal));
        await AssertNamesOnlyWithinAsync(answer, emea, allowedTyped: []);
    }

    [Theory]
    [InlineData("top deals")]
    [InlineData("why did we miss Q3?")]
    [InlineData("what slipped last quarter?")]
    [InlineData("are we going to make the number?")]
    [InlineData("compare DACH and France")]
    public async Task AnEmeaLeadersAnswersNameNoOneOutsideEmea(string question)
    {
        var emea = await demo.SubtreeAsync("T-EMEA");

        var answer = await demo.AskAsync(question, DemoPrincipals.EmeaLeader);

        Assert.Null(answer.Clarification);
        Assert.NotEmpty(answer.Metrics);
        await AssertNamesOnlyWithinAsync(answer, emea, allowedTyped: []);
    }

    [Fact]
    public async Task AnEmeaLeaderAskingAboutApacGetsAnUnknownNameReplyWithoutNumbers()
    {
        var emea = await demo.SubtreeAsync("T-EMEA");

        var answer = await demo.AskAsync("why did APAC miss", DemoPrincipals.EmeaLeader);

        Assert.Empty(answer.Metrics);
        Assert.Empty(answer.Deals);
        Assert.Empty(answer.Drivers);
        Assert.Empty(answer.Breakdown);
        Assert.Null(answer.Chart);
        Assert.Contains("\"APAC\"", answer.Answer, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\d", answer.Answer);
        // The reply helps: it offers names the leader can ask about.
        var emeaChildren = (await demo.QueryAsync("SELECT name FROM territories WHERE parent_id = 'T-EMEA'")).Select(r => (string)r["name"]!).ToList();
        Assert.Contains(emeaChildren, name => answer.Answer.Contains(name, StringComparison.Ordinal) || (answer.Clarification?.Options.Any(o => o.Contains(name, StringComparison.Ordinal)) ?? false));
        await AssertNamesOnlyWithinAsync(answer, emea, allowedTyped: ["APAC"]);
    }

    [Theory]
    [InlineData("top deals")]
    [InlineData("show me my pipeline")]
    [InlineData("what slipped last quarter?")]
    public async Task ARepSeesOnlyTheirOwnDeals(string question)
    {
        var answer = await demo.AskAsync(question, DemoPrincipals.AlexMorganRep);

        Assert.NotEmpty(answer.Deals);
        Assert.All(answer.Deals, d => Assert.Equal("Alex Morgan", d.Owner));
        await AssertNoOtherPeopleAsync(answer, DemoPrincipals.AlexMorganRepId);
    }

    [Fact]
    public async Task ARepTrackingTheQuarterGetsTheirOwnBookings()
    {
        var bookings = await demo.ScalarAsync($"""
            SELECT COALESCE(SUM(amount), 0) FROM opportunities
            WHERE is_won AND owner_id = '{DemoPrincipals.AlexMorganRepId}' AND close_date BETWEEN DATE '2026-07-01' AND DATE '2026-09-30'
            """);

        var answer = await demo.AskAsync("how did I do last quarter?", DemoPrincipals.AlexMorganRep);

        Assert.Equal(Intents.Attainment, answer.Intent);
        Assert.Equal("FY2026 Q3", answer.Period?.Label);
        Assert.Equal(bookings, answer.Metrics["bookings"]);
        await AssertNoOtherPeopleAsync(answer, DemoPrincipals.AlexMorganRepId);
    }

    [Fact]
    public async Task ARepAskingAboutAnotherRegionLearnsNothingAboutIt()
    {
        var answer = await demo.AskAsync("why did APAC miss Q3?", DemoPrincipals.AlexMorganRep);

        Assert.Empty(answer.Metrics);
        Assert.Empty(answer.Deals);
        await AssertNoOtherPeopleAsync(answer, DemoPrincipals.AlexMorganRepId);
    }

    [Theory]
    [InlineData("how are we tracking")]
    [InlineData("why did EMEA miss Q3?")]
    [InlineData("show me the SQL")]
    public async Task AnUnknownPrincipalGetsTheNoAccessMessageAndNoNumbers(string question)
    {
        var answer = await demo.AskAsync(question, "stranger@example.org");

        Assert.Contains("no access", answer.Answer, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(answer.Metrics);
        Assert.Empty(answer.Deals);
        Assert.Empty(answer.Breakdown);
        Assert.Empty(answer.Provenance.Sql);
        Assert.Null(answer.Period);
        Assert.Null(answer.Chart);
        await AssertNamesOnlyWithinAsync(answer, [], allowedTyped: ["EMEA"]);
    }

    [Fact]
    public async Task TheNameCheckCatchesARegionOutsideTheScope()
    {
        var (territories, _) = await DirectoryAsync();
        var apac = await demo.SubtreeAsync("T-APAC");

        var answer = await demo.AskAsync("compare EMEA and APAC");

        Assert.Contains("APAC", Leaked(answer, territories.Where(t => apac.Contains(t.Id)).Select(t => t.Name)));
    }

    private static string Quoted(IEnumerable<string> ids) => string.Join(", ", ids.Select(t => $"'{t}'"));

    private async Task<(List<Named> Territories, List<Named> People)> DirectoryAsync()
    {
        var territories = (await demo.QueryAsync("SELECT territory_id, name FROM territories"))
            .Select(r => new Named((string)r["territory_id"]!, (string)r["name"]!, null)).ToList();
        var people = (await demo.QueryAsync("SELECT rep_id, name, territory_id FROM reps"))
            .Select(r => new Named((string)r["rep_id"]!, (string)r["name"]!, (string)r["territory_id"]!)).ToList();
        return (territories, people);
    }

    /// <summary>No territory outside <paramref name="visible"/> and nobody homed outside it is named in the serialized document.</summary>
    private async Task AssertNamesOnlyWithinAsync(AnswerDocument answer, HashSet<string> visible, IReadOnlyList<string> allowedTyped)
    {
        var (territories, people) = await DirectoryAsync();
        var visibleNames = territories.Where(t => visible.Contains(t.Id)).Select(t => t.Name)
            .Concat(people.Where(p => visible.Contains(p.TerritoryId!)).Select(p => p.Name))
            .Concat(allowedTyped)
            .ToHashSet(StringComparer.Ordinal);
        var hidden = territories.Where(t => !visible.Contains(t.Id)).Select(t => t.Name)
            .Concat(people.Where(p => !visible.Contains(p.TerritoryId!)).Select(p => p.Name))
            .Where(n => !visibleNames.Contains(n))
            .Distinct(StringComparer.Ordinal);
        AssertNoneNamed(answer, hidden);
    }

    private async Task AssertNoOtherPeopleAsync(AnswerDocument answer, string repId)
    {
        var (_, people) = await DirectoryAsync();
        var self = people.Single(p => p.Id == repId).Name;
        AssertNoneNamed(answer, people.Where(p => p.Id != repId && p.Name != self).Select(p => p.Name));
    }

    private static List<string> Leaked(AnswerDocument answer, IEnumerable<string> names)
    {
        var json = DemoAssistantFixture.Serialize(answer);
        return [.. names.Where(n => Regex.IsMatch(json, $@"(?<![\w&]){Regex.Escape(n)}(?![\w&])"))];
    }

    private static void AssertNoneNamed(AnswerDocument answer, IEnumerable<string> names)
    {
        var leaked = Leaked(answer, names);
        var json = DemoAssistantFixture.Serialize(answer);
        Assert.True(leaked.Count == 0, $"names outside the caller's scope: {string.Join(", ", leaked)}\n{json}");
    }
}
