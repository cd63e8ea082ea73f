using SalesOpsBot.Conversation.Answers;
using SalesOpsBot.Warehouse.Seeding;

namespace SalesOpsBot.Conversation.Tests.Assistant;

/// <summary>The demo stories and follow-ups, asked the way a leader would, through the whole engine.</summary>
public sealed class DemoStoryConversationTests(DemoAssistantFixture demo) : IClassFixture<DemoAssistantFixture>
{
    private const string Admin = DemoPrincipals.Admin;

    [Fact]
    public async Task WhyDidEmeaMissNamesDachWinRateAndTheTwoSlippedUkiDeals()
    {
        var names = await demo.QueryAsync($"""
            SELECT o.opportunity_id, o.name, r.name AS owner FROM opportunities o JOIN reps r ON r.rep_id = o.owner_id
            WHERE o.opportunity_id IN ('{DemoStories.AlbionMutualDealId}', '{DemoStories.ThamesideEnergyDealId}')
            """);

        var answer = await demo.AskAsync("why did EMEA miss Q3?");

        Assert.Equal(Intents.ExplainAttainment, answer.Intent);
        Assert.Equal("EMEA", answer.Scope.Territory);
        Assert.Equal(new DateOnly(2026, 7, 1), answer.Period!.Start);
        Assert.Equal(new DateOnly(2026, 9, 30), answer.Period.End);
        Assert.True(answer.Metrics["gap"] < 0);
        Assert.StartsWith("EMEA missed FY2026 Q3", answer.Answer, StringComparison.Ordinal);
        Assert.Contains("DACH", answer.Answer, StringComparison.Ordinal);
        Assert.Contains("win rate", answer.Answer, StringComparison.Ordinal);
        Assert.Equal("DACH", answer.Breakdown[0].Value);
        Assert.Equal(2, names.Count);
        foreach (var deal in names)
        {
            Assert.Contains((string)deal["name"]!, answer.Answer, StringComparison.Ordinal);
            Assert.Contains((string)deal["owner"]!, answer.Answer, StringComparison.Ordinal);
            Assert.Contains(answer.Deals, d => d.OpportunityId == (string)deal["opportunity_id"]! && d.Flag == "slipped");
        }

        Assert.Contains("Drill into DACH", answer.Followups);
    }

    [Fact]
    public async Task WhyDidApacBeatNamesPacificOrbit()
    {
        var orbit = await demo.QueryAsync($"SELECT name, amount FROM opportunities WHERE opportunity_id = '{DemoStories.PacificOrbitExpansionDealId}'");

        var answer = await demo.AskAsync("why did APAC beat Q3");

        Assert.Equal(Intents.ExplainAttainment, answer.Intent);
        Assert.Equal("APAC", answer.Scope.Territory);
        Assert.True(answer.Metrics["gap"] > 0);
        Assert.StartsWith("APAC beat FY2026 Q3", answer.Answer, StringComparison.Ordinal);
        Assert.Contains("Pacific Orbit", answer.Answer, StringComparison.Ordinal);
        var deal = Assert.Single(answer.Deals, d => d.OpportunityId == DemoStories.PacificOrbitExpansionDealId);
        Assert.Equal((string)orbit[0]["name"]!, deal.Name);
        Assert.Equal((decimal)orbit[0]["amount"]!, deal.Amount);
        Assert.Equal("won", deal.Flag);
    }

    [Fact]
    public async Task AlexsPipelineAsksWhichAlexWithoutNumbersAndTheSecondOneAnswersIt()
    {
        var turns = await demo.ConverseAsync(Admin, "show me Alex's pipeline", "the second one");

        var ask = turns[0];
        Assert.NotNull(ask.Clarification);
        Assert.Equal(["Alex Chen (California)", "Alex Morgan (UK South)"], ask.Clarification.Options.Order(StringComparer.Ordinal));
        Assert.Empty(ask.Metrics);
        Assert.Empty(ask.Deals);
        Assert.Empty(ask.Breakdown);
        Assert.Null(ask.Chart);
        Assert.DoesNotMatch(@"\d", ask.Answer);

        var second = ask.Clarification.Options[1][..ask.Clarification.Options[1].IndexOf(" (", StringComparison.Ordinal)];
        var resolved = turns[1];
        Assert.Equal(Intents.RepPipeline, resolved.Intent);
        Assert.Equal(second, resolved.Scope.Rep);
        Assert.Null(resolved.Clarification);
        Assert.All(resolved.Deals, d => Assert.Equal(second, d.Owner));
    }

    [Fact]
    public async Task NamingAlexMorganAnswersTheClarificationWithHisOpenDeals()
    {
        var expected = await demo.QueryAsync($"""
            SELECT COUNT(*) AS deals, SUM(amount) AS amount FROM opportunities
            WHERE owner_id = '{DemoPrincipals.AlexMorganRepId}' AND NOT is_closed AND close_date BETWEEN DATE '2026-10-01' AND DATE '2026-12-31'
            """);

        var turns = await demo.ConverseAsync(Admin, "show me Alex's pipeline", "Alex Morgan");

        var answer = turns[1];
        Assert.Equal(Intents.RepPipeline, answer.Intent);
        Assert.Equal("Alex Morgan", answer.Scope.Rep);
        Assert.Equal("FY2026 Q4", answer.Period?.Label);
        Assert.Equal(Convert.ToDecimal(expected[0]["deals"], System.Globalization.CultureInfo.InvariantCulture), answer.Metrics["deals"]);
        Assert.Equal((decimal)expected[0]["amount"]!, answer.Metrics["open_pipeline"]);
        Assert.Contains(answer.Deals, d => d.OpportunityId == DemoStories.AlbionMutualDealId);
        Assert.All(answer.Deals, d => Assert.Equal("Alex Morgan", d.Owner));
    }

    [Fact]
    public async Task AndApacAfterTheEmeaQuestionKeepsIntentAndPeriod()
    {
        var turns = await demo.ConverseAsync(Admin, "why did EMEA miss Q3?", "and APAC?");

        var answer = turns[1];
        Assert.Equal(Intents.ExplainAttainment, answer.Intent);
        Assert.Equal("APAC", answer.Scope.Territory);
        Assert.Equal("FY2026 Q3", answer.Period?.Label);
        Assert.StartsWith("APAC beat FY2026 Q3", answer.Answer, StringComparison.Ordinal);
        Assert.NotEqual(turns[0].Metrics["bookings"], answer.Metrics["bookings"]);
    }

    [Fact]
    public async Task OnlyEnterpriseAddsTheSegmentFilterToTheFollowUp()
    {
        var emea = string.Join(", ", (await demo.SubtreeAsync("T-EMEA")).Select(t => $"'{t}'"));
        var enterpriseBookings = await demo.ScalarAsync($"""
            SELECT SUM(o.amount) FROM opportunities o JOIN accounts a ON a.account_id = o.account_id
            WHERE o.is_won AND a.segment = 'Enterprise' AND o.close_date BETWEEN DATE '2026-07-01' AND DATE '2026-09-30' AND o.territory_id IN ({emea})
            """);

        var turns = await demo.ConverseAsync(Admin, "why did EMEA miss Q3?", "only Enterprise");

        var answer = turns[1];
        Assert.Equal(Intents.ExplainAttainment, answer.Intent);
        Assert.Equal("EMEA", answer.Scope.Territory);
        Assert.Equal("Enterprise", answer.Scope.Filters.Segment);
        Assert.Equal("FY2026 Q3", answer.Period?.Label);
        Assert.Equal(enterpriseBookings, answer.Metrics["bookings"]);
    }

    [Fact]
    public async Task ShowMeTheSqlFillsProvenanceWithParametersApartFromTheStatement()
    {
        var turns = await demo.ConverseAsync(Admin, "why did EMEA miss Q3?", "show me the SQL");

        Assert.Empty(turns[0].Provenance.Sql);
        var sql = turns[1].Provenance.Sql;
        Assert.NotEmpty(sql);
        Assert.All(sql, s => Assert.Contains("SELECT", s.Statement, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(sql, s => s.Parameters.TryGetValue("periodStart", out var start) && start == "2026-07-01");
        Assert.Contains(sql, s => s.Parameters.Values.Any(v => v is not null && v.Contains("T-EMEA", StringComparison.Ordinal)));
        // Values are listed, not inlined: the statements carry placeholders, never the period's dates or the territory ids.
        Assert.All(sql, s => Assert.DoesNotContain("2026-07-01", s.Statement, StringComparison.Ordinal));
        Assert.All(sql, s => Assert.DoesNotContain("T-EMEA", s.Statement, StringComparison.Ordinal));
        Assert.Equal("EMEA", turns[1].Scope.Territory);
        Assert.Equal(turns[0].Metrics["bookings"], turns[1].Metrics["bookings"]);
    }

    [Fact]
    public async Task TheShowSqlSwitchFillsProvenanceForAOneShotQuestion()
    {
        var answer = await demo.AskAsync("how are we tracking this quarter?", showSql: true);

        Assert.NotEmpty(answer.Provenance.Sql);
        Assert.All(answer.Provenance.Sql, s => Assert.DoesNotContain("2026-10-01", s.Statement, StringComparison.Ordinal));
    }
}
