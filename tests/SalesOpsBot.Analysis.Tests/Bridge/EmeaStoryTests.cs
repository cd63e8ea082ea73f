using SalesOpsBot.Analysis.Bridge;
using SalesOpsBot.Analysis.Localization;
using SalesOpsBot.Analysis.Metrics;

namespace SalesOpsBot.Analysis.Tests.Bridge;

/// <summary>The demo story: EMEA missed because DACH Enterprise stopped winning and two UK&amp;I Enterprise deals slipped.</summary>
public class EmeaStoryTests
{
    private static readonly string[] Territories = ["UK&I", "DACH", "France", "Nordics"];
    private static readonly string[] Segments = ["Enterprise", "Mid-Market", "SMB"];

    // Every cell normally: 10 due, 1 slips, 9 close, 3 won at 100k = 300k per quarter.
    private static PeriodMeasures Normal => new(WonCount: 3, WonAmount: 300_000m, LostCount: 6, DueAtStartCount: 10, SlippedCount: 1);

    private static List<MeasureCell> Quarter(Func<string, string, PeriodMeasures> cell) =>
        [.. Territories.SelectMany(t => Segments.Select(s => new MeasureCell(new CellKey(Territory: t, Segment: s), cell(t, s))))];

    private static BridgeResult EmeaBridge() => AttainmentBridge.Explain(EmeaInput());

    private static BridgeInput EmeaInput()
    {
        var actual = Quarter((t, s) => (t, s) switch
        {
            ("DACH", "Enterprise") => new PeriodMeasures(WonCount: 0, WonAmount: 0m, LostCount: 9, DueAtStartCount: 10, SlippedCount: 1),
            ("UK&I", "Enterprise") => new PeriodMeasures(WonCount: 2, WonAmount: 200_000m, LostCount: 5, DueAtStartCount: 10, SlippedCount: 3),
            _ => Normal,
        });
        var baseline = Quarter((_, _) => Normal.Scale(4)); // four identical trailing quarters
        return new BridgeInput(3_600_000m, actual, baseline);
    }

    [Fact]
    public void Bridge_ranks_win_rate_first_and_slippage_second()
    {
        var bridge = EmeaBridge();

        Assert.Equal(-400_000m, bridge.Gap);
        Assert.Equal(Mechanism.WinRate, bridge.Drivers[0].Mechanism);
        Assert.Equal(Mechanism.Slippage, bridge.Drivers[1].Mechanism);
        // DACH −300k all win rate; UK&I Enterprise: slippage −61.9k, win rate −38.1k (see the hand computation in AttainmentBridgeTests).
        Assert.Equal(-338_095.24m, bridge.Drivers[0].Impact);
        Assert.Equal(-61_904.76m, bridge.Drivers[1].Impact);
        Assert.Equal(bridge.Gap, bridge.Drivers.Sum(d => d.Impact));
    }

    [Fact]
    public void Win_rate_detail_names_the_cell_where_the_rate_collapsed()
    {
        // EMEA: 32 of 106 closed deals won (30%) vs 36 of 108 (33%); DACH Enterprise 0 of 9 vs 12 of 36.
        var bridge = AttainmentBridge.Explain(EmeaInput() with { ValueNames = new Dictionary<string, string> { ["DACH"] = "Germany/Austria/Switzerland" } });

        Assert.Equal("win rate by count 30% vs 33% in the previous four quarters; Germany/Austria/Switzerland Enterprise 0% vs 33%",
            bridge.Drivers.Single(d => d.Mechanism == Mechanism.WinRate).Detail);
        // 14 of 120 due slipped vs 12 of 120; UK&I Enterprise 3 of 10 vs 1 of 10 carries the slippage. No amounts: by count only.
        Assert.Equal("14 of 120 deals due slipped, 12% by count vs 10% in the previous four quarters; UK&I Enterprise 30% vs 10% by count",
            bridge.Drivers.Single(d => d.Mechanism == Mechanism.Slippage).Detail);
    }

    [Fact]
    public void Dach_explains_three_quarters_of_the_gap_mostly_through_win_rate()
    {
        var locations = EmeaBridge().Locate(Dimension.Territory);

        Assert.Equal("DACH", locations[0].Value);
        Assert.Equal(0.75, locations[0].ShareOfGap, 9);
        Assert.Equal(Mechanism.WinRate, locations[0].MainMechanism);
        Assert.Equal("DACH explains 75% of the gap, mostly through win rate", locations[0].Sentence());
        Assert.Equal("UK&I", locations[1].Value);
        Assert.Equal(Mechanism.Slippage, locations[1].MainMechanism);
    }

    [Fact]
    public void Localization_of_bookings_names_dach_enterprise_then_uki_enterprise()
    {
        var bridge = EmeaBridge();
        var actual = Quarter((t, s) => (t, s) switch
        {
            ("DACH", "Enterprise") => PeriodMeasures.Zero,
            ("UK&I", "Enterprise") => new PeriodMeasures(WonAmount: 200_000m),
            _ => Normal,
        });
        var plan = (decimal)bridge.PlanScale * 300_000m;
        var cube = new LocalizationInput(["territory", "segment"],
            [.. actual.Select(c => new CubeLeaf([c.Key.Territory!, c.Key.Segment!], (double)c.Measures.WonAmount, (double)plan))]);

        var result = RootCauseLocalizer.Localize(cube);

        Assert.Equal("segment=Enterprise&territory=DACH", result.Causes[0].Key);
        Assert.Equal("segment=Enterprise&territory=UK&I", result.Causes[1].Key);
        Assert.False(result.IsBroadBased);
    }

    [Fact]
    public void Gap_localization_joins_each_cause_with_its_mechanism()
    {
        var input = EmeaInput();

        var result = GapLocalization.Locate(input, AttainmentBridge.Explain(input), [Dimension.Territory, Dimension.Segment]);

        Assert.Equal(2, result.Causes.Count);
        Assert.Equal("segment=Enterprise&territory=DACH", result.Causes[0].Cause.Key);
        Assert.Equal(Mechanism.WinRate, result.Causes[0].MainMechanism);
        Assert.Equal("DACH & Enterprise explains 75% of the gap, mostly through win rate", result.Causes[0].Sentence);
        Assert.Equal(Mechanism.Slippage, result.Causes[1].MainMechanism);
        Assert.Equal(-300_000m, result.Causes[0].Drivers.Sum(d => d.Impact));
    }
}
