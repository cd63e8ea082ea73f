using SalesOpsBot.Analysis.Bridge;
using SalesOpsBot.Analysis.Metrics;

namespace SalesOpsBot.Analysis.Tests.Bridge;

/// <summary>
/// The demo's EMEA FY2026 Q3 read "slippage +149k" although 2.9M slipped against 1.8M usually. Two causes, each
/// reproduced here by hand: rates compared inside sparse rep-level cells, and slipped deals counted but not sized.
/// </summary>
public class SlippageSignTests
{
    private static MeasureCell Rep(string rep, PeriodMeasures measures) =>
        new(new CellKey(Territory: "DACH", Segment: "Enterprise", Rep: rep), measures);

    [Fact]
    public void Reps_without_slips_do_not_turn_an_unchanged_slip_rate_into_a_gain()
    {
        // Ten reps; each usually has 10 due, 0.5 slip, 3 of 9.5 closed won at 100 (300). This quarter rep 1 slips
        // 5 and wins nothing, the nine others slip none and win 3 of 10. Territory × segment: 5 of 100 slipped
        // (5%, as usual), 27 of 95 won instead of 30 → bookings 2,700 vs quota 3,000, all of it win rate.
        var bridge = AttainmentBridge.Explain(new BridgeInput(3_000m, TenRepsActual(), TenRepsBaseline()));

        Assert.Equal(-300m, bridge.Gap);
        Assert.Equal(0m, Impact(bridge, Mechanism.Slippage));
        Assert.Equal(-300m, Impact(bridge, Mechanism.WinRate));
        Assert.Equal(0m, Impact(bridge, Mechanism.Mix));
        Assert.All(bridge.CellDrivers, c => Assert.Equal(new CellKey(Territory: "DACH", Segment: "Enterprise"), c.Cell));
    }

    [Fact]
    public void Compared_rep_by_rep_the_same_quarter_shows_slippage_as_a_gain()
    {
        // Why the default grain stops at territory × segment: the nine reps with no slip each beat their 0.5
        // expected slips, while rep 1's five slips cost little because rep 1 lost every deal that did close
        // (Shapley shares the slip × win-rate interaction). The whole-scope slip rate did not move at all.
        var bridge = AttainmentBridge.Explain(new BridgeInput(3_000m, TenRepsActual(), TenRepsBaseline(),
            RateGrain: [Dimension.Territory, Dimension.Segment, Dimension.Rep]));

        Assert.True(Impact(bridge, Mechanism.Slippage) > 0);
        Assert.Equal(bridge.Gap, bridge.Drivers.Sum(d => d.Impact));
    }

    [Fact]
    public void A_rep_grain_asked_for_explicitly_is_used_for_the_cell_drivers()
    {
        var cells = new List<MeasureCell>
        {
            Rep("R1", new PeriodMeasures(WonCount: 1, WonAmount: 100m, LostCount: 1, DueAtStartCount: 2)),
            Rep("R2", new PeriodMeasures(WonCount: 1, WonAmount: 100m, LostCount: 1, DueAtStartCount: 2)),
        };
        var actual = new List<MeasureCell> { cells[0], Rep("R2", new PeriodMeasures(WonCount: 0, WonAmount: 0m, LostCount: 2, DueAtStartCount: 2)) };

        var bridge = AttainmentBridge.Explain(new BridgeInput(200m, actual, cells, BaselineScale: 1, Kind: BaselineKind.PriorQuarter,
            RateGrain: [Dimension.Rep]));

        var driver = Assert.Single(bridge.CellDrivers);
        Assert.Equal(new CellKey(Rep: "R2"), driver.Cell);
        Assert.Equal(Mechanism.WinRate, driver.Mechanism);
        Assert.Equal(-100m, driver.Impact);
    }

    [Fact]
    public void A_large_deal_slipping_is_slippage_not_deal_size()
    {
        // Usually 10 deals of 100 are due, one (100) slips, 3 of the 9 closing are won at 100: 300 = quota.
        // This quarter one deal of 400 slips and the nine others share 600: 3 won at 66.67 = 200.
        // Same count slip rate (10%) and win rate (1/3); by amount 40% slipped instead of 10%. The slipped-size
        // factor ρ = (1 − 0.4) / (1 − 0.1) = 2/3 (all closed deals were due) against 1 in the plan, and the deal
        // size net of it is 66.67 / (2/3) = 100 as usual, so the whole −100 is slippage.
        var baseline = new PeriodMeasures(WonCount: 3, WonAmount: 300m, LostCount: 6, DueAtStartCount: 10, DueAtStartAmount: 1_000m, SlippedCount: 1, SlippedAmount: 100m);
        var actual = new PeriodMeasures(WonCount: 3, WonAmount: 200m, LostCount: 6, DueAtStartCount: 10, DueAtStartAmount: 1_000m, SlippedCount: 1, SlippedAmount: 400m);

        var bridge = AttainmentBridge.Explain(new BridgeInput(300m, [new MeasureCell(CellKey.Total, actual)], [new MeasureCell(CellKey.Total, baseline)],
            BaselineScale: 1, Kind: BaselineKind.PriorQuarter));

        Assert.Equal(-100m, Impact(bridge, Mechanism.Slippage));
        Assert.Equal(0m, Impact(bridge, Mechanism.DealSize));
        Assert.Equal(0m, Impact(bridge, Mechanism.WinRate));
        Assert.Equal("1 of 10 deals due slipped, 10% by count vs 10% in the prior quarter; 400 of 1k due, 40% by amount vs 10%",
            bridge.Drivers.Single(d => d.Mechanism == Mechanism.Slippage).Detail);
    }

    [Fact]
    public void Slipped_size_weighs_only_the_share_of_closed_deals_that_were_due()
    {
        // As above, but 9 deals created and closed in the quarter (also 3 won of 9 at 100 in the plan) double the
        // closed deals: ρ = 1 + ½·(2/3 − 1) = 5/6 this quarter. Bookings 200 + 300 = 500 vs 600.
        // Won size 500/6 = 83.33 = 100 · 5/6: only ρ moved, so the −100 is slippage again.
        var baseline = new PeriodMeasures(WonCount: 6, WonAmount: 600m, LostCount: 12, CreatedClosedCount: 9, DueAtStartCount: 10, DueAtStartAmount: 1_000m, SlippedCount: 1, SlippedAmount: 100m);
        var actual = new PeriodMeasures(WonCount: 6, WonAmount: 500m, LostCount: 12, CreatedClosedCount: 9, DueAtStartCount: 10, DueAtStartAmount: 1_000m, SlippedCount: 1, SlippedAmount: 400m);

        var bridge = AttainmentBridge.Explain(new BridgeInput(600m, [new MeasureCell(CellKey.Total, actual)], [new MeasureCell(CellKey.Total, baseline)],
            BaselineScale: 1, Kind: BaselineKind.PriorQuarter));

        Assert.Equal(-100m, Impact(bridge, Mechanism.Slippage));
        Assert.Equal(0m, Impact(bridge, Mechanism.DealSize));
    }

    private static List<MeasureCell> TenRepsBaseline() =>
        [.. Enumerable.Range(1, 10).Select(i => Rep($"R{i}", new PeriodMeasures(WonCount: 12, WonAmount: 1_200m, LostCount: 26, DueAtStartCount: 40, SlippedCount: 2)))];

    private static List<MeasureCell> TenRepsActual() =>
        [.. Enumerable.Range(1, 10).Select(i => Rep($"R{i}", i == 1
            ? new PeriodMeasures(WonCount: 0, WonAmount: 0m, LostCount: 5, DueAtStartCount: 10, SlippedCount: 5)
            : new PeriodMeasures(WonCount: 3, WonAmount: 300m, LostCount: 7, DueAtStartCount: 10, SlippedCount: 0)))];

    private static decimal Impact(BridgeResult bridge, Mechanism mechanism) => bridge.Drivers.Single(d => d.Mechanism == mechanism).Impact;
}
