using SalesOpsBot.Analysis.Bridge;
using SalesOpsBot.Analysis.Metrics;

namespace SalesOpsBot.Analysis.Tests.Bridge;

public class AttainmentBridgeTests
{
    private static PeriodMeasures Measures(double due, double slipped, double won, double lost, decimal wonAmount, double createdClosed = 0, double pulledIn = 0) =>
        new(WonCount: won, WonAmount: wonAmount, LostCount: lost, DueAtStartCount: due, SlippedCount: slipped,
            CreatedClosedCount: createdClosed, PulledInCount: pulledIn);

    [Fact]
    public void A_pure_win_rate_drop_is_all_win_rate()
    {
        // Baseline: 10 due, 2 slip, 8 closed, 4 won at 100 each = 400 = quota. Actual: 2 of 8 won → 200.
        var input = new BridgeInput(400m,
            [new MeasureCell(CellKey.Total, Measures(10, 2, 2, 6, 200m))],
            [new MeasureCell(CellKey.Total, Measures(10, 2, 4, 4, 400m))],
            BaselineScale: 1, Kind: BaselineKind.PriorQuarter);

        var bridge = AttainmentBridge.Explain(input);

        Assert.Equal(-200m, bridge.Gap);
        Assert.Equal(Mechanism.WinRate, bridge.Drivers[0].Mechanism);
        Assert.Equal(-200m, bridge.Drivers[0].Impact);
        Assert.All(bridge.Drivers.Skip(1), d => Assert.Equal(0m, d.Impact));
        Assert.Equal("win rate by count 25% vs 50% in the prior quarter", bridge.Drivers[0].Detail);
    }

    [Fact]
    public void Quota_above_the_run_rate_shows_as_missing_pipeline_volume()
    {
        // Baseline books 400; quota 600 asks for 1.5× the volume at the same conversion. Actual repeats the baseline.
        var cell = Measures(10, 2, 4, 4, 400m);
        var input = new BridgeInput(600m, [new MeasureCell(CellKey.Total, cell)], [new MeasureCell(CellKey.Total, cell)],
            BaselineScale: 1, Kind: BaselineKind.PriorQuarter);

        var bridge = AttainmentBridge.Explain(input);

        Assert.Equal(1.5, bridge.PlanScale, 12);
        Assert.Equal(-200m, bridge.Drivers.Single(d => d.Mechanism == Mechanism.PipelineCreated).Impact);
        Assert.Equal(0m, bridge.Drivers.Single(d => d.Mechanism == Mechanism.WinRate).Impact);
    }

    [Fact]
    public void Two_slip_and_a_win_rate_drop_split_as_hand_computed()
    {
        // Plan 10·0.9·(1/3)·100 = 300, actual 10·0.7·(2/7)·100 = 200.
        // Slippage = ½[(233.33 − 300) + (200 − 257.14)] = −61.90; win rate = −38.10.
        var input = new BridgeInput(300m,
            [new MeasureCell(CellKey.Total, Measures(10, 3, 2, 5, 200m))],
            [new MeasureCell(CellKey.Total, Measures(10, 1, 3, 6, 300m))],
            BaselineScale: 1, Kind: BaselineKind.PriorQuarter);

        var bridge = AttainmentBridge.Explain(input);

        Assert.Equal(-61.90m, bridge.Drivers.Single(d => d.Mechanism == Mechanism.Slippage).Impact);
        Assert.Equal(-38.10m, bridge.Drivers.Single(d => d.Mechanism == Mechanism.WinRate).Impact);
        Assert.Equal(-100m, bridge.Drivers.Sum(d => d.Impact));
    }

    [Fact]
    public void Impacts_add_up_exactly_to_the_gap_for_random_cubes()
    {
        var random = new Random(42);
        for (var trial = 0; trial < 200; trial++)
        {
            var actual = RandomCells(random);
            var baseline = RandomCells(random);
            var quota = Math.Round((decimal)(random.NextDouble() * 5_000_000), 2);
            var input = new BridgeInput(quota, actual, baseline, 0.25, BaselineKind.TrailingFourQuarters,
                ActualSeats: random.Next(0, 3) == 0 ? 0 : 5 + random.NextDouble() * 10, BaselineSeats: 5 + random.NextDouble() * 10);

            var bridge = AttainmentBridge.Explain(input);

            Assert.Equal(bridge.Gap, bridge.Drivers.Sum(d => d.Impact));
            Assert.Equal(actual.Sum(c => c.Measures.WonAmount) - quota, bridge.Gap);
        }
    }

    [Fact]
    public void Forecast_baseline_walks_the_commit_at_start_to_bookings()
    {
        // Commit at start 900 = 600 won (for 550) + 200 lost + 100 slipped; outside the commit 150 upside, 50 pulled in,
        // 30 created in the quarter and 20 past due were won: bookings 800, 100 short of the forecast (quota 1,000 is not the plan).
        var flow = new ForecastStartFlow(CommitAtStart: 900m, CommitWonAtStartAmount: 600m, CommitWonFinalAmount: 550m,
            CommitLost: 200m, CommitSlipped: 100m, UpsideWon: 150m, PulledInWon: 50m, CreatedWon: 30m, OtherWon: 20m);
        var input = new BridgeInput(1000m, [new MeasureCell(CellKey.Total, new PeriodMeasures(WonCount: 8, WonAmount: 800m))], [],
            Kind: BaselineKind.ForecastAtStart, ForecastCells: [new ForecastFlowCell(CellKey.Total, flow)]);

        var bridge = AttainmentBridge.Explain(input);

        Assert.Equal(800m, bridge.Bookings);
        Assert.Equal(900m, bridge.Plan);
        Assert.Equal(1000m, bridge.Quota);
        Assert.Equal(-100m, bridge.Gap);
        Assert.Equal(-200m, Impact(bridge, Mechanism.Losses));
        Assert.Equal(-100m, Impact(bridge, Mechanism.Slippage));
        Assert.Equal(-50m, Impact(bridge, Mechanism.DealSize));
        Assert.Equal(150m, Impact(bridge, Mechanism.WinRate));
        Assert.Equal(50m, Impact(bridge, Mechanism.PullIn));
        Assert.Equal(30m, Impact(bridge, Mechanism.PipelineCreated));
        Assert.Equal(20m, Impact(bridge, Mechanism.Other));
    }

    [Fact]
    public void Forecast_baseline_locates_the_miss_in_the_cell_whose_commit_was_lost()
    {
        // DACH: commit 500, 300 lost, 200 won as committed. UK&I: commit 400, 400 won, plus 50 upside.
        // Plan 900, bookings 650: gap -250 = DACH -300 (losses) + UK&I +50 (win rate).
        var dach = new ForecastStartFlow(500m, 200m, 200m, 300m, 0m, 0m, 0m, 0m, 0m);
        var uki = new ForecastStartFlow(400m, 400m, 400m, 0m, 0m, 50m, 0m, 0m, 0m);
        var input = new BridgeInput(1000m,
            [new MeasureCell(new CellKey("DACH", "Enterprise"), new PeriodMeasures(WonCount: 2, WonAmount: 200m)),
             new MeasureCell(new CellKey("UKI", "Enterprise"), new PeriodMeasures(WonCount: 3, WonAmount: 450m))], [],
            Kind: BaselineKind.ForecastAtStart,
            ForecastCells: [new ForecastFlowCell(new CellKey("DACH", "Enterprise"), dach), new ForecastFlowCell(new CellKey("UKI", "Enterprise"), uki)]);

        var bridge = AttainmentBridge.Explain(input);

        Assert.Equal(-250m, bridge.Gap);
        var top = bridge.Locate(Dimension.Territory)[0];
        Assert.Equal("DACH", top.Value);
        Assert.Equal(1.2, top.ShareOfGap, 12);
        Assert.Equal(Mechanism.Losses, top.MainMechanism);
        Assert.Contains("most in DACH Enterprise", bridge.Drivers.Single(d => d.Mechanism == Mechanism.Losses).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Forecast_baseline_impacts_add_up_exactly_to_bookings_minus_the_commit_for_random_flows()
    {
        var random = new Random(7);
        decimal Amount() => Math.Round((decimal)(random.NextDouble() * 1_000_000), 2);
        for (var trial = 0; trial < 200; trial++)
        {
            var cells = new List<ForecastFlowCell>();
            var measures = new List<MeasureCell>();
            foreach (var territory in new[] { "A", "B", "C" })
            {
                var (wonAtStart, lost, slipped, open) = (Amount(), Amount(), Amount(), random.Next(3) == 0 ? Amount() : 0m);
                var flow = new ForecastStartFlow(wonAtStart + lost + slipped + open, wonAtStart, Amount(), lost, slipped, Amount(), Amount(), Amount(), Amount(), open);
                var key = new CellKey(territory, "SMB");
                cells.Add(new ForecastFlowCell(key, flow));
                measures.Add(new MeasureCell(key, new PeriodMeasures(WonCount: 3, WonAmount: flow.Bookings)));
            }

            var bridge = AttainmentBridge.Explain(new BridgeInput(Amount(), measures, [], Kind: BaselineKind.ForecastAtStart, ForecastCells: cells));

            var commit = cells.Sum(c => c.Flow.CommitAtStart);
            Assert.Equal(measures.Sum(m => m.Measures.WonAmount) - commit, bridge.Gap);
            Assert.Equal(bridge.Gap, bridge.Drivers.Sum(d => d.Impact));
            Assert.Equal(bridge.Gap, bridge.CellDrivers.Sum(d => d.Impact));
            Assert.Equal(cells.Sum(c => c.Flow.OtherWon - c.Flow.CommitStillOpen), Impact(bridge, Mechanism.Other));
        }
    }

    private static decimal Impact(BridgeResult bridge, Mechanism mechanism) => bridge.Drivers.Single(d => d.Mechanism == mechanism).Impact;

    private static List<MeasureCell> RandomCells(Random random)
    {
        string[] territories = ["DACH", "UK&I", "France"];
        string[] segments = ["Enterprise", "SMB"];
        var cells = new List<MeasureCell>();
        foreach (var territory in territories)
        {
            foreach (var segment in segments)
            {
                if (random.Next(0, 6) == 0)
                {
                    continue;
                }

                var due = random.Next(0, 30);
                var slipped = random.Next(0, due + 1);
                var createdClosed = random.Next(0, 8);
                var pulledIn = random.Next(0, 4);
                var closed = due - slipped + createdClosed + pulledIn + random.Next(0, 3);
                var won = random.Next(0, closed + 1);
                var wonAmount = Math.Round((decimal)(won * random.NextDouble() * 200_000), 2);
                var dueAmount = Math.Round((decimal)(due * random.NextDouble() * 200_000), 2);
                var slippedAmount = due == 0 ? 0m : Math.Round(dueAmount * slipped / due * (decimal)(0.2 + (random.NextDouble() * 1.6)), 2);
                cells.Add(new MeasureCell(new CellKey(Territory: territory, Segment: segment),
                    Measures(due, slipped, won, closed - won, wonAmount, createdClosed, pulledIn) with
                    {
                        DueAtStartAmount = dueAmount,
                        SlippedAmount = Math.Min(slippedAmount, dueAmount),
                    }));
            }
        }

        return cells;
    }
}
