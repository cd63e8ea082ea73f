using SalesOpsBot.Conversation.Answers;

namespace SalesOpsBot.Conversation.Tests.Assistant;

/// <summary>
/// Each intent's answer document, as the admin on the demo warehouse as of 2026-11-15 (a Sunday in FY2026 Q4; the
/// last completed quarter is FY2026 Q3): the right intent, period and measures, and a narrative whose every figure
/// is a number of the document.
/// </summary>
public sealed class AnswerDocumentByIntentTests(DemoAssistantFixture demo) : IClassFixture<DemoAssistantFixture>
{
    public static TheoryData<string, string, string?, string?, string[]> Questions => new()
    {
        { "why did EMEA miss Q3?", Intents.ExplainAttainment, "FY2026 Q3", "waterfall", ["bookings", "quota", "attainment", "gap", "win_rate"] },
        { "how are we tracking this quarter?", Intents.Attainment, "FY2026 Q4", "bar", ["bookings", "quota", "attainment", "gap", "open_pipeline", "coverage"] },
        { "how did APAC do last quarter?", Intents.Attainment, "FY2026 Q3", "bar", ["bookings", "quota", "attainment", "gap"] },
        { "how much pipeline does EMEA have?", Intents.Pipeline, "FY2026 Q4", "bar", ["open_pipeline", "coverage", "pipeline_created"] },
        { "what slipped last quarter?", Intents.PipelineChanges, "FY2026 Q3", null, ["deals", "amount"] },
        { "are we going to make the number?", Intents.Forecast, "FY2026 Q4", "bar", ["bookings", "quota", "commit", "best_case"] },
        { "top deals in APAC", Intents.Deals, "FY2026 Q4", null, ["deals", "amount"] },
        { "what did we lose in DACH last quarter?", Intents.Deals, "FY2026 Q3", null, ["deals", "amount"] },
        { "show me Lena Vogel's pipeline", Intents.RepPipeline, "FY2026 Q4", null, ["open_pipeline", "deals"] },
        { "bookings trend for EMEA", Intents.Trend, "FY2026 Q4", "line", ["bookings", "quota"] },
        { "compare EMEA and APAC", Intents.Compare, "FY2026 Q3", "bar", ["bookings", "quota", "attainment"] },
        { "can I trust the numbers?", Intents.DataQuality, null, null, [] },
        { "how do you calculate coverage?", Intents.Definition, null, null, [] },
        { "what can you do?", Intents.Help, null, null, [] },
        { "send me the EMEA forecast every Monday at 8am", Intents.Subscribe, null, null, [] },
    };

    [Theory]
    [MemberData(nameof(Questions))]
    public async Task EachIntentAnswersWithItsPeriodMeasuresChartAndFollowups(string question, string intent, string? period, string? chart, string[] metrics)
    {
        var answer = await demo.AskAsync(question);

        Assert.Equal(intent, answer.Intent);
        Assert.Equal(period, answer.Period?.Label);
        Assert.Equal(chart, answer.Chart?.Kind);
        Assert.All(metrics, m => Assert.True(answer.Metrics.ContainsKey(m), $"metric {m} missing: {string.Join(", ", answer.Metrics.Keys)}"));
        Assert.NotEmpty(answer.Followups);
        Assert.Null(answer.Clarification);
        Assert.False(string.IsNullOrWhiteSpace(answer.Answer));
        Assert.Equal(DemoAssistantFixture.AsOf, answer.AsOf);
    }

    [Theory]
    [MemberData(nameof(Questions))]
    public async Task EveryFigureInTheNarrativeIsANumberOfTheDocument(string question, string intent, string? period, string? chart, string[] metrics)
    {
        _ = (period, chart, metrics);
        if (intent is Intents.Definition or Intents.Help or Intents.Subscribe)
        {
            // Fixed wording ("3× is a common comfort level"): checked by TextOnlyAnswersCarryNoMeasures.
            return;
        }

        var answer = await demo.AskAsync(question);

        var unaccounted = NarrativeFigures.Unaccounted(answer);

        Assert.True(unaccounted.Count == 0, $"figures not in the document: {string.Join(", ", unaccounted.Select(f => f.Text))}\n{answer.Answer}");
    }

    [Theory]
    [InlineData("how do you calculate coverage?", Intents.Definition)]
    [InlineData("what can you do?", Intents.Help)]
    [InlineData("tell me a joke", Intents.Unknown)]
    [InlineData("send me the EMEA forecast every Monday at 8am", Intents.Subscribe)]
    public async Task TextOnlyAnswersCarryNoMeasures(string question, string intent)
    {
        var answer = await demo.AskAsync(question);

        Assert.Equal(intent, answer.Intent);
        Assert.Empty(answer.Metrics);
        Assert.Empty(answer.Deals);
        Assert.Empty(answer.Drivers);
        Assert.Null(answer.Chart);
        Assert.NotEmpty(answer.Followups);
    }

    [Fact]
    public async Task ABeatNamesItsLargestPositiveDriversFirst()
    {
        var answer = await demo.AskAsync("why did APAC beat Q3");

        var largest = answer.Drivers.Where(d => d.Impact > 0 && d.Mechanism != "other").MaxBy(d => d.Impact)!;
        var mainDrivers = answer.Answer[answer.Answer.IndexOf("Main drivers:", StringComparison.Ordinal)..];
        Assert.StartsWith("Main drivers: " + largest.Mechanism.Replace('_', ' '), mainDrivers, StringComparison.Ordinal);
    }

    [Fact]
    public void TheFigureReaderReadsCompactMoneyPercentAndSigns()
    {
        var figures = NarrativeFigures.Read("booked 7.4M against 9.3M (79%), \u22122M vs quota; +643k, coverage 2.7\u00d7, cycle 69 days in FY2026 Q3");

        Assert.Equal(["7.4M", "9.3M", "79%", "\u22122M", "+643k", "2.7\u00d7", "69"], figures.Select(f => f.Text));
        Assert.Equal(-2_000_000m, figures[3].Value);
        Assert.Equal(0.79m, figures[2].Value);
    }

    [Fact]
    public async Task ANarrativeFigureThatIsNotInTheDocumentIsCaught()
    {
        var answer = await demo.AskAsync("why did EMEA miss Q3?");

        var tampered = answer with { Answer = answer.Answer + " Also 123.4M somewhere." };

        Assert.Contains(NarrativeFigures.Unaccounted(tampered), f => f.Text == "123.4M");
    }

    [Theory]
    [InlineData("why did EMEA miss Q3?")]
    [InlineData("why did APAC beat Q3")]
    [InlineData("why did DACH miss last quarter")]
    [InlineData("why did Alex Morgan miss Q3")]
    public async Task TheDriversAddUpToTheGap(string question)
    {
        var answer = await demo.AskAsync(question);

        Assert.Equal(Intents.ExplainAttainment, answer.Intent);
        Assert.NotEmpty(answer.Drivers);
        var gap = answer.Metrics["gap"]!.Value;
        Assert.Equal(gap, answer.Drivers.Sum(d => d.Impact));
        Assert.Equal(answer.Metrics["bookings"]!.Value - answer.Metrics["quota"]!.Value, gap);
        var points = answer.Chart!.Points;
        Assert.Equal(answer.Metrics["quota"], points[0].Value);
        Assert.Equal(answer.Metrics["bookings"], points[^1].Value);
        Assert.Equal(points[^1].Value, points.Take(points.Count - 1).Sum(p => p.Value));
    }

    [Fact]
    public async Task EmeaQ3BookingsAndQuotaEqualAnIndependentQuery()
    {
        var emea = string.Join(", ", (await demo.SubtreeAsync("T-EMEA")).Select(t => $"'{t}'"));
        var bookings = await demo.ScalarAsync($"""
            SELECT SUM(amount) FROM opportunities
            WHERE is_won AND close_date BETWEEN DATE '2026-07-01' AND DATE '2026-09-30' AND territory_id IN ({emea})
            """);
        var quota = await demo.ScalarAsync("SELECT SUM(amount) FROM quotas WHERE territory_id = 'T-EMEA' AND rep_id IS NULL AND period_start = DATE '2026-07-01'");

        var answer = await demo.AskAsync("why did EMEA miss Q3?");

        Assert.True(quota > 0);
        Assert.Equal(bookings, answer.Metrics["bookings"]);
        Assert.Equal(quota, answer.Metrics["quota"]);
        Assert.Equal(decimal.Round(bookings / quota, 4), answer.Metrics["attainment"]);
    }

    [Fact]
    public async Task TopDealsInApacAreTheLargestOpenOrWonApacDealsDueThisQuarter()
    {
        var apac = string.Join(", ", (await demo.SubtreeAsync("T-APAC")).Select(t => $"'{t}'"));
        var rows = await demo.QueryAsync($"""
            SELECT opportunity_id FROM opportunities
            WHERE (is_won OR NOT is_closed) AND close_date BETWEEN DATE '2026-10-01' AND DATE '2026-12-31' AND territory_id IN ({apac})
            ORDER BY amount DESC, opportunity_id LIMIT 3
            """);

        var answer = await demo.AskAsync("top deals in APAC");

        Assert.Equal(rows.Select(r => (string)r["opportunity_id"]!), answer.Deals.Take(3).Select(d => d.OpportunityId));
    }
}
