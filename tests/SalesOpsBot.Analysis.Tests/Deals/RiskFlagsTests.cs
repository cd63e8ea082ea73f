using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Analysis.Deals;
using static SalesOpsBot.Analysis.Tests.Deals.DealTestData;

namespace SalesOpsBot.Analysis.Tests.Deals;

public class RiskFlagsTests
{
    private static readonly DateOnly AsOf = new(2026, 8, 15);
    private static readonly FiscalPeriod Q3 = new FiscalCalendar().Quarter(2026, 3);

    [Fact]
    public void Each_rule_flags_the_deal_it_describes_and_clean_deals_are_left_out()
    {
        DealRecord[] deals =
        [
            Deal("clean", 100m, "2026-12-01", daysInStage: 10),
            Deal("pushed", 100m, "2026-12-01", pushCount: 2, daysInStage: 10),
            Deal("overdue", 100m, "2026-08-01", daysInStage: 10),
            Deal("stalled", 100m, "2026-12-01", daysInStage: 60),
            Deal("dropped", 60m, "2026-12-01", maxAmount: 100m, daysInStage: 10),
            Deal("early", 100m, "2026-09-15", stage: "Discovery", daysInStage: 5),
            Deal("closed", 100m, "2026-08-01", isClosed: true, pushCount: 5),
        ];

        var risks = RiskFlags.Assess(deals, AsOf, Q3).ToDictionary(r => r.Deal.OpportunityId);

        Assert.Equal(["dropped", "early", "overdue", "pushed", "stalled"], risks.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([RiskSignal.PushedRepeatedly], risks["pushed"].Flags);
        Assert.Equal([RiskSignal.PastCloseDate], risks["overdue"].Flags);
        Assert.Equal([RiskSignal.Stalled], risks["stalled"].Flags);
        Assert.Equal([RiskSignal.LargeAmountDrop], risks["dropped"].Flags);
        Assert.Equal([RiskSignal.EarlyStageClosingThisQuarter], risks["early"].Flags);
        Assert.Equal("60 days in Proposal (median 10)", risks["stalled"].Reasons[0]);
    }
}
