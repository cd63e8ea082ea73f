using SalesOpsBot.Warehouse.Seeding;

namespace SalesOpsBot.Conversation.Tests.Assistant;

/// <summary>Pipeline answers state the data-quality caveat that affects them: open deals whose close date has passed.</summary>
public sealed class StaleDealCaveatTests(DemoAssistantFixture demo) : IClassFixture<DemoAssistantFixture>
{
    [Fact]
    public async Task PipelineAnswersNameTheOpenDealsPastTheirCloseDate()
    {
        var answer = await demo.AskAsync("how much pipeline do we have this quarter?", DemoPrincipals.Admin);

        // The demo plants exactly four open deals whose close date passed without an update (docs/demo-data.md).
        var caveat = Assert.Single(answer.Caveats, c => c.Contains("close date in the past", StringComparison.Ordinal));
        Assert.StartsWith("4 open deals have a close date in the past", caveat, StringComparison.Ordinal);
        Assert.Contains(DemoStories.PastDueDealIds, id => caveat.Contains(id, StringComparison.Ordinal));
    }
}
