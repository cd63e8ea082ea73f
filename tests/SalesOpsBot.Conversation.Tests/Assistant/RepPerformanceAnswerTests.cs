using SalesOpsBot.Conversation.Answers;
using SalesOpsBot.Warehouse.Seeding;

namespace SalesOpsBot.Conversation.Tests.Assistant;

/// <summary>Rep performance and the start-of-quarter forecast baseline, asked the way a leader would, on the demo.</summary>
public sealed class RepPerformanceAnswerTests(DemoAssistantFixture demo) : IClassFixture<DemoAssistantFixture>
{
    [Fact]
    public async Task Vacant_seats_in_Latam_name_Rafael_Souzas_seat_with_its_quota()
    {
        var answer = await demo.AskAsync("vacant seats in LATAM last quarter");

        Assert.Equal(Intents.RepPerformance, answer.Intent);
        Assert.Contains("Rafael Souza", answer.Answer, StringComparison.Ordinal);
        Assert.Contains(answer.Breakdown, b => b.Dimension == "vacant_seat" && b.Value.Contains("Sao Paulo", StringComparison.Ordinal) && b.Quota > 300_000m);
        Assert.True(answer.Metrics["vacant_seats"] >= 1);
        Assert.Equal("bar", answer.Chart!.Kind);
        Assert.Equal(["<50%", "50–80%", "80–100%", "≥100%"], answer.Chart.Points.Select(p => p.Label));
        Assert.Equal(answer.Metrics["ramped_reps"], answer.Chart.Points.Sum(p => p.Value));
    }

    [Fact]
    public async Task New_hires_are_listed_against_their_ramped_quota()
    {
        var answer = await demo.AskAsync("how are the new hires ramping?");

        Assert.Equal(Intents.RepPerformance, answer.Intent);
        Assert.True(answer.Metrics["new_hires"] >= 4, answer.Answer);
        Assert.Contains("ramping", answer.Answer, StringComparison.Ordinal);
        Assert.Contains(answer.Breakdown, b => b.Measures!["new_hire"] == 1 && b.Measures["ramped_quota"] == b.Quota);
    }

    [Fact]
    public async Task A_rep_asking_about_reps_sees_only_themself_and_is_told_so()
    {
        var answer = await demo.AskAsync("how are my reps doing this quarter?", DemoPrincipals.AlexMorganRep);

        Assert.Equal(Intents.RepPerformance, answer.Intent);
        var row = Assert.Single(answer.Breakdown, b => b.Dimension == "rep");
        Assert.Equal("Alex Morgan", row.Value);
        Assert.StartsWith("You can see only your own numbers", answer.Answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manager_asking_about_my_reps_gets_their_line_not_themself()
    {
        var answer = await demo.AskAsync("how are my reps doing this quarter?", DemoPrincipals.UkiManager);

        Assert.Equal(Intents.RepPerformance, answer.Intent);
        Assert.Contains(answer.Breakdown, b => b.Dimension == "rep" && b.Value == "Alex Morgan");
        Assert.DoesNotContain("no quota-carrying reps", answer.Answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task My_team_means_the_callers_scope_and_my_pipeline_the_callers_own()
    {
        var team = await demo.AskAsync("how is my team doing last quarter?", DemoPrincipals.UkiManager);
        var line = await demo.AskAsync("how is Oliver Hughes's team doing last quarter?", DemoPrincipals.Admin);
        var own = await demo.AskAsync("show me my pipeline", DemoPrincipals.AlexMorganRep);

        // The manager's "my team" is his reporting line, the same figure an admin gets by naming it.
        Assert.True(team.Metrics["bookings"] > 0, team.Answer);
        Assert.Equal(line.Metrics["bookings"], team.Metrics["bookings"]);
        Assert.Equal("Alex Morgan", own.Scope.Rep);
    }

    [Fact]
    public async Task Why_did_Emea_miss_the_forecast_states_the_start_of_quarter_baseline()
    {
        var answer = await demo.AskAsync("why did EMEA miss the forecast in Q3?");

        Assert.Equal(Intents.ExplainAttainment, answer.Intent);
        Assert.Contains("start-of-quarter forecast", answer.Answer, StringComparison.Ordinal);
        Assert.Contains(answer.Caveats, c => c.StartsWith("Baseline: the forecast at the start of the quarter", StringComparison.Ordinal));
        Assert.Equal(answer.Metrics["gap_to_forecast"], answer.Drivers.Sum(d => d.Impact));
        Assert.Equal(answer.Metrics["bookings"] - answer.Metrics["forecast_at_start"], answer.Metrics["gap_to_forecast"]);
        Assert.Equal("Forecast at start", answer.Chart!.Points[0].Label);
    }
}
