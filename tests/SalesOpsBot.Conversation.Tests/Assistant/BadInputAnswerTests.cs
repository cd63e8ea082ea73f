using SalesOpsBot.Conversation.Answers;
using SalesOpsBot.Conversation.Assistant;
using SalesOpsBot.Warehouse.Seeding;

namespace SalesOpsBot.Conversation.Tests.Assistant;

/// <summary>Messages no leader should send still get a clear answer, never an exception, and never change the warehouse.</summary>
public sealed class BadInputAnswerTests(DemoAssistantFixture demo) : IClassFixture<DemoAssistantFixture>
{
    private static readonly string[] Tables = ["territories", "reps", "accounts", "products", "opportunities", "opportunity_history", "quotas", "user_access"];

    public static TheoryData<string> Degenerate => new()
    {
        "",
        "   \t\n  ",
        "📈📉🔥🤔",
        "كيف حالنا هذا الربع؟",
        "מה מצב המכירות",
        "\u202Ewhy did EMEA miss\u202C",
        "\0\u0001\u0002",
        "?!?!...,,,;;;",
        "'; DROP TABLE opportunities; --",
        "show me Robert'); DROP TABLE reps;--'s pipeline",
        "why did EMEA miss Q3' OR '1'='1",
        "top deals in $territory; DELETE FROM quotas",
        "{{7*7}} ${jndi:ldap://x} <script>alert(1)</script>",
    };

    [Theory]
    [MemberData(nameof(Degenerate))]
    public async Task DegenerateMessagesGetAClearAnswerAndLeaveTheWarehouseAlone(string message)
    {
        var before = await RowCountsAsync();

        var answer = await demo.AskAsync(message);

        Assert.False(string.IsNullOrWhiteSpace(answer.Answer));
        Assert.NotEmpty(answer.Followups);
        Assert.Equal(before, await RowCountsAsync());
    }

    [Fact]
    public async Task AnEmptyMessageGetsExamplesAndNoNumbers()
    {
        var answer = await demo.AskAsync("  ");

        Assert.Equal(Intents.Help, answer.Intent);
        Assert.Empty(answer.Metrics);
        Assert.Contains("\"How are we tracking this quarter?\"", answer.Answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHundredKilobyteMessageIsRefusedWithItsLengthAndNotStored()
    {
        var conversation = DemoAssistantFixture.NewConversation();
        var huge = string.Concat(Enumerable.Repeat("why did EMEA miss Q3? ", 100_000 / 22 + 1))[..100_000];

        var answer = await demo.AskAsync(huge, DemoPrincipals.Admin, conversation);
        var next = await demo.AskAsync("and APAC?", DemoPrincipals.Admin, conversation);

        Assert.Equal(Intents.Unknown, answer.Intent);
        Assert.Contains("100,000 characters", answer.Answer, StringComparison.Ordinal);
        Assert.Contains($"{AssistantTurn.MaxTextLength:N0}", answer.Answer, StringComparison.Ordinal);
        Assert.True(answer.Question.Length <= 81, $"question echoed with {answer.Question.Length} characters");
        Assert.Empty(answer.Metrics);
        // Nothing was routed, so "and APAC?" has no EMEA question to continue.
        Assert.NotEqual("FY2026 Q3", next.Period?.Label);
    }

    [Fact]
    public async Task WhoIsBehindInAQuarterThatHasNotStartedIsNotRankedOnZeroes()
    {
        var answer = await demo.AskAsync("who is behind in Q3 FY2030");

        Assert.Equal("FY2030 Q3", answer.Period?.Label);
        Assert.Contains("has not started", answer.Answer, StringComparison.Ordinal);
        Assert.Empty(answer.Metrics);
    }

    [Fact]
    public async Task AQuarterThatHasNotStartedIsNamedAndNotExplained()
    {
        var answer = await demo.AskAsync("why did we miss Q3 FY2030");

        Assert.Equal("FY2030 Q3", answer.Period?.Label);
        Assert.Equal(new DateOnly(2030, 7, 1), answer.Period?.Start);
        Assert.Contains("has not started", answer.Answer, StringComparison.Ordinal);
        Assert.Contains("1 Jul 2030", answer.Answer, StringComparison.Ordinal);
        Assert.Empty(answer.Metrics);
        Assert.Empty(answer.Drivers);
        Assert.Empty(answer.Deals);
        Assert.NotEmpty(answer.Followups);
    }

    [Fact]
    public async Task SqlInAPrincipalIsJustAnUnknownIdentity()
    {
        var before = await RowCountsAsync();

        var answer = await demo.AskAsync("how are we tracking", "' OR 1=1 --");

        Assert.Contains("no access", answer.Answer, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(answer.Metrics);
        Assert.Equal(before, await RowCountsAsync());
    }

    [Fact]
    public async Task AnAnswerAfterHostileMessagesIsStillRight()
    {
        var emea = string.Join(", ", (await demo.SubtreeAsync("T-EMEA")).Select(t => $"'{t}'"));
        var bookings = await demo.ScalarAsync($"""
            SELECT SUM(amount) FROM opportunities
            WHERE is_won AND close_date BETWEEN DATE '2026-07-01' AND DATE '2026-09-30' AND territory_id IN ({emea})
            """);

        var turns = await demo.ConverseAsync(DemoPrincipals.Admin, "'; DROP TABLE opportunities; --", "why did EMEA miss Q3?");

        Assert.Equal(bookings, turns[1].Metrics["bookings"]);
    }

    private async Task<List<decimal>> RowCountsAsync()
    {
        var counts = new List<decimal>();
        foreach (var table in Tables)
        {
            counts.Add(await demo.ScalarAsync($"SELECT COUNT(*) FROM {table}"));
        }

        return counts;
    }
}
