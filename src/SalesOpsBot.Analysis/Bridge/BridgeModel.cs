using SalesOpsBot.Analysis.Metrics;

namespace SalesOpsBot.Analysis.Bridge;

/// <summary>A cause of the gap between bookings and quota.</summary>
public enum Mechanism
{
    PipelineCreated,
    WinRate,
    DealSize,
    Slippage,
    PullIn,
    Losses,
    Capacity,
    Mix,
    Other,
}

/// <summary>What "normal" means for the bridge.</summary>
public enum BaselineKind
{
    /// <summary>The scope's own four quarters before the period (the default).</summary>
    TrailingFourQuarters,
    PriorQuarter,
    SameQuarterLastYear,

    /// <summary>The Commit forecast at the start of the quarter; needs <see cref="BridgeInput.ForecastCells"/>.</summary>
    ForecastAtStart,
}

public static class MechanismNames
{
    /// <summary>The wire name used in answers and APIs, e.g. <c>pipeline_created</c>.</summary>
    public static string ToWireName(this Mechanism mechanism) => mechanism switch
    {
        Mechanism.PipelineCreated => "pipeline_created",
        Mechanism.WinRate => "win_rate",
        Mechanism.DealSize => "deal_size",
        Mechanism.Slippage => "slippage",
        Mechanism.PullIn => "pull_in",
        Mechanism.Losses => "losses",
        Mechanism.Capacity => "capacity",
        Mechanism.Mix => "mix",
        _ => "other",
    };

    public static string Describe(this BaselineKind baseline) => baseline switch
    {
        BaselineKind.TrailingFourQuarters => "the previous four quarters",
        BaselineKind.PriorQuarter => "the prior quarter",
        BaselineKind.SameQuarterLastYear => "the same quarter last year",
        _ => "the forecast at the start of the quarter",
    };
}

/// <summary>
/// What the forecast at the start of the period said, and what became of it: the deals of one cell, split by their
/// state at the start of P and their outcome in P. "Due at start" = open at the start of P with its close date then
/// in P; the plan is the Commit among them (docs/explanations.md, "forecast at the start of the quarter").
/// </summary>
/// <param name="CommitAtStart">Σ amount at start of due deals whose forecast category at start was Commit: the plan.</param>
/// <param name="CommitWonAtStartAmount">Σ amount at start of those Commit deals that were won in P.</param>
/// <param name="CommitWonFinalAmount">Σ final (won) amount of the same deals.</param>
/// <param name="CommitLost">Σ amount at start of the Commit deals lost in P.</param>
/// <param name="CommitSlipped">Σ amount at start of the Commit deals that slipped (close date moved past P, the contract's rule).</param>
/// <param name="UpsideWon">Σ won amount of due deals that were Best Case, Pipeline or Omitted at start.</param>
/// <param name="PulledInWon">Σ won amount of deals due after P at its start and won in P.</param>
/// <param name="CreatedWon">Σ won amount of deals created in P (no state at its start) and won in P.</param>
/// <param name="OtherWon">Σ won amount of every other deal won in P (past-due at the start).</param>
/// <param name="CommitStillOpen">Σ amount at start of Commit deals neither closed in P nor slipped: still open with a close date in P (past due, or the rest of an unfinished period).</param>
public sealed record ForecastStartFlow(
    decimal CommitAtStart,
    decimal CommitWonAtStartAmount,
    decimal CommitWonFinalAmount,
    decimal CommitLost,
    decimal CommitSlipped,
    decimal UpsideWon,
    decimal PulledInWon,
    decimal CreatedWon,
    decimal OtherWon,
    decimal CommitStillOpen = 0)
{
    public static ForecastStartFlow Zero { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>Bookings of the cell: every deal won in P falls in exactly one of the won buckets.</summary>
    public decimal Bookings => CommitWonFinalAmount + UpsideWon + PulledInWon + CreatedWon + OtherWon;

    public static ForecastStartFlow Sum(IEnumerable<ForecastStartFlow> flows)
    {
        ArgumentNullException.ThrowIfNull(flows);
        return flows.Aggregate(Zero, (a, b) => new ForecastStartFlow(
            a.CommitAtStart + b.CommitAtStart, a.CommitWonAtStartAmount + b.CommitWonAtStartAmount, a.CommitWonFinalAmount + b.CommitWonFinalAmount,
            a.CommitLost + b.CommitLost, a.CommitSlipped + b.CommitSlipped, a.UpsideWon + b.UpsideWon, a.PulledInWon + b.PulledInWon,
            a.CreatedWon + b.CreatedWon, a.OtherWon + b.OtherWon, a.CommitStillOpen + b.CommitStillOpen));
    }
}

/// <summary>The forecast-at-start flow of one cell (e.g. territory child × segment).</summary>
public sealed record ForecastFlowCell(CellKey Key, ForecastStartFlow Flow);

/// <summary>Input of <see cref="AttainmentBridge.Explain"/>.</summary>
/// <param name="Quota">Quota of the scope for the period.</param>
/// <param name="Actual">Measures of the period, one cell per combination of the chosen grain (or one total cell).</param>
/// <param name="Baseline">Measures of the baseline window at the same grain (sums over the whole window).</param>
/// <param name="BaselineScale">Length of the period / length of the baseline window (0.25 for a quarter against four quarters).</param>
/// <param name="Kind">Which baseline the cells represent.</param>
/// <param name="ActualSeats">Ramped seats (see <see cref="Capacity.RampedSeats"/>) in the period; 0 when unknown.</param>
/// <param name="BaselineSeats">Ramped seats in the baseline window; 0 when unknown (capacity is then not separated).</param>
/// <param name="ForecastCells">Required for <see cref="BaselineKind.ForecastAtStart"/>: the flow of every cell; the plan is their commit at start.</param>
/// <param name="RateGrain">
/// The cells within which rates (slip, win rate, deal size) are compared: the input cells are rolled up to these
/// dimensions first. Null means <see cref="AttainmentBridge.DefaultRateGrain"/> (territory × segment). Finer cells
/// (a rep's partner-sourced expansions of one product) hold a handful of deals, so their rates are mostly noise.
/// </param>
/// <param name="ValueNames">Display names of cell values for the driver details (e.g. territory id → name); ids are shown when absent.</param>
public sealed record BridgeInput(
    decimal Quota,
    IReadOnlyList<MeasureCell> Actual,
    IReadOnlyList<MeasureCell> Baseline,
    double BaselineScale = 0.25,
    BaselineKind Kind = BaselineKind.TrailingFourQuarters,
    double ActualSeats = 0,
    double BaselineSeats = 0,
    IReadOnlyList<ForecastFlowCell>? ForecastCells = null,
    IReadOnlyList<Dimension>? RateGrain = null,
    IReadOnlyDictionary<string, string>? ValueNames = null);

/// <summary>One driver of the gap: negative impact hurt (like the gap), positive helped.</summary>
public sealed record BridgeDriver(Mechanism Mechanism, decimal Impact, string Detail, Dimension? Dimension = null, string? Value = null)
{
    public string MechanismName => Mechanism.ToWireName();
}

/// <summary>The within-cell effect of one mechanism in one cell of the grain.</summary>
public sealed record BridgeCellDriver(CellKey Cell, Mechanism Mechanism, decimal Impact);

/// <summary>A cell's share of the gap and the mechanism that carried most of it.</summary>
public sealed record GapLocation(Dimension Dimension, string Value, decimal Gap, double ShareOfGap, Mechanism MainMechanism, decimal MainImpact)
{
    /// <summary>E.g. "DACH explains 60% of the gap, mostly through win rate".</summary>
    public string Sentence(string? displayName = null) =>
        $"{displayName ?? Value} explains {Formatting.Money.Percent(ShareOfGap)} of the gap, mostly through {MainMechanism.ToWireName().Replace('_', ' ')}";
}

/// <summary>
/// The attainment bridge: quota → bookings. <see cref="Drivers"/> add up exactly to <see cref="Gap"/>.
/// </summary>
/// <param name="Quota">Quota of the scope for the period.</param>
/// <param name="Bookings">Bookings of the period.</param>
/// <param name="Gap">Bookings − <see cref="Plan"/>: bookings − quota, or bookings − the commit at the start for the forecast baseline.</param>
/// <param name="BaselineBookings">Bookings the baseline run-rate gives for the period (before scaling to quota); the commit at the start for the forecast baseline.</param>
/// <param name="PlanScale">Quota / baseline bookings: how much more volume the quota asked for than the baseline delivered.</param>
/// <param name="Baseline">The baseline the drivers are measured against.</param>
/// <param name="Drivers">One driver per mechanism, most harmful first, <see cref="Mechanism.Other"/> last; impacts sum exactly to the gap.</param>
/// <param name="CellDrivers">Within-cell effects by mechanism, for locating the drivers (empty for the forecast baseline).</param>
public sealed record BridgeResult(
    decimal Quota,
    decimal Bookings,
    decimal Gap,
    decimal BaselineBookings,
    double PlanScale,
    BaselineKind Baseline,
    IReadOnlyList<BridgeDriver> Drivers,
    IReadOnlyList<BridgeCellDriver> CellDrivers)
{
    /// <summary>What bookings are compared with: the quota, or for <see cref="BaselineKind.ForecastAtStart"/> the commit at the start of the period.</summary>
    public decimal Plan => Baseline == BaselineKind.ForecastAtStart ? BaselineBookings : Quota;

    /// <summary>Cell drivers rolled up to the values of <paramref name="dimension"/> (the cells must carry it).</summary>
    public IReadOnlyList<BridgeDriver> DriversBy(Dimension dimension) =>
        [.. CellDrivers.Where(c => c.Cell[dimension] is not null)
            .GroupBy(c => (Value: c.Cell[dimension]!, c.Mechanism))
            .Select(g => new BridgeDriver(g.Key.Mechanism, g.Sum(c => c.Impact), string.Empty, dimension, g.Key.Value))
            .Where(d => d.Impact != 0)
            .OrderBy(d => d.Impact)];

    /// <summary>
    /// The values of <paramref name="dimension"/> ranked by how much of the gap they carry (same sign as the gap),
    /// each with its main mechanism.
    /// </summary>
    public IReadOnlyList<GapLocation> Locate(Dimension dimension)
    {
        if (Gap == 0)
        {
            return [];
        }

        return [.. CellDrivers.Where(c => c.Cell[dimension] is not null)
            .GroupBy(c => c.Cell[dimension]!, StringComparer.Ordinal)
            .Select(g =>
            {
                var gap = g.Sum(c => c.Impact);
                var main = g.GroupBy(c => c.Mechanism)
                    .Select(m => (Mechanism: m.Key, Impact: m.Sum(c => c.Impact)))
                    .OrderByDescending(m => Math.Sign(Gap) * m.Impact)
                    .First();
                return new GapLocation(dimension, g.Key, gap, (double)(gap / Gap), main.Mechanism, main.Impact);
            })
            .Where(l => l.ShareOfGap > 0)
            .OrderByDescending(l => l.ShareOfGap)];
    }
}
