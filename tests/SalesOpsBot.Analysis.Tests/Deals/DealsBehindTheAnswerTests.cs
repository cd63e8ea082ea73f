using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Analysis.Deals;
using static SalesOpsBot.Analysis.Tests.Deals.DealTestData;

namespace SalesOpsBot.Analysis.Tests.Deals;

public class DealsBehindTheAnswerTests
{
    private static readonly FiscalPeriod Q3 = new FiscalCalendar().Quarter(2026, 3);

    [Fact]
    public void Deals_are_classified_by_the_contract_rules_and_ranked_by_impact()
    {
        DealRecord[] deals =
        [
            Deal("slip-small", 50m, "2026-10-15", closeDateAtStart: "2026-08-01"),
            Deal("slip-big", 400m, "2026-11-01", closeDateAtStart: "2026-09-20", amountAtStart: 500m, pushCount: 2),
            Deal("lost", 300m, "2026-08-10", isClosed: true, closeDateAtStart: "2026-08-10"),
            Deal("pulled", 200m, "2026-09-01", isClosed: true, isWon: true, closeDateAtStart: "2026-11-30"),
            Deal("won", 700m, "2026-07-20", isClosed: true, isWon: true, closeDateAtStart: "2026-07-31"),
            Deal("won-last-quarter", 900m, "2026-06-20", isClosed: true, isWon: true, openAtStart: false),
        ];

        var lists = DealsBehindTheAnswer.Rank(deals, Q3);

        Assert.Equal(["slip-big", "slip-small"], lists.Slipped.Select(d => d.Deal.OpportunityId));
        Assert.Equal(-500m, lists.Slipped[0].Impact);
        Assert.Contains("pushed 2×", lists.Slipped[0].Reason, StringComparison.Ordinal);
        Assert.Equal(-300m, Assert.Single(lists.Lost).Impact);
        Assert.Equal("pulled", Assert.Single(lists.PulledIn).Deal.OpportunityId);
        Assert.Equal(["won", "pulled"], lists.LargestWon.Select(d => d.Deal.OpportunityId));
        Assert.Equal(["won", "slip-big", "lost"], lists.All(3).Select(d => d.Deal.OpportunityId));
    }
}
