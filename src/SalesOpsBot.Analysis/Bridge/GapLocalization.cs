using SalesOpsBot.Analysis.Localization;
using SalesOpsBot.Analysis.Metrics;

namespace SalesOpsBot.Analysis.Bridge;

/// <summary>A localized cause of the gap together with the mechanism that carried it there.</summary>
/// <param name="Cause">The combination and its share of the gap, from the localizer.</param>
/// <param name="MainMechanism">The mechanism with the largest impact (in the gap's direction) inside the combination's cells.</param>
/// <param name="Drivers">The combination's own bridge: within-cell impacts by mechanism, most harmful first.</param>
public sealed record LocatedCause(RootCause Cause, Mechanism MainMechanism, IReadOnlyList<BridgeDriver> Drivers)
{
    /// <summary>E.g. "territory=DACH &amp; segment=Enterprise explains 60% of the gap, mostly through win rate".</summary>
    public string Sentence =>
        $"{string.Join(" & ", Cause.Combination.Select(p => p.Value))} explains {Formatting.Money.Percent(Cause.ExplainedShare)} of the gap, mostly through {MainMechanism.ToWireName().Replace('_', ' ')}";
}

/// <summary>The localization answer for a bridge: where the gap sits and through which mechanism.</summary>
public sealed record GapLocalizationResult(LocalizationResult Bookings, LocalizationResult WinRate, IReadOnlyList<LocatedCause> Causes);

/// <summary>
/// Builds the localization cubes of a bridge from its cells and joins the causes found with the bridge's cell
/// drivers. The expected bookings of a cell are its plan (baseline × scale × plan scale, the same plan the bridge
/// uses), so the bookings causes' shares are shares of the gap to quota.
/// </summary>
public static class GapLocalization
{
    public static GapLocalizationResult Locate(BridgeInput input, BridgeResult bridge, IReadOnlyList<Dimension> dimensions, LocalizationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(bridge);
        ArgumentNullException.ThrowIfNull(dimensions);
        var names = dimensions.Select(d => d.ToString().ToLowerInvariant()).ToList();
        var actual = Roll(input.Actual, dimensions);
        var baseline = Roll(input.Baseline, dimensions);
        var planFactor = input.BaselineScale * bridge.PlanScale;
        var keys = actual.Keys.Union(baseline.Keys).ToList();
        var bookingLeaves = keys.Select(k => new CubeLeaf(Values(k, dimensions),
            (double)(actual.GetValueOrDefault(k)?.WonAmount ?? 0),
            (double)(baseline.GetValueOrDefault(k)?.WonAmount ?? 0) * planFactor)).ToList();
        var winRateLeaves = keys.Select(k =>
        {
            var a = actual.GetValueOrDefault(k) ?? PeriodMeasures.Zero;
            var b = baseline.GetValueOrDefault(k) ?? PeriodMeasures.Zero;
            return new CubeLeaf(Values(k, dimensions), a.WonCount, b.WonCount, a.ClosedCount, b.ClosedCount);
        }).ToList();

        var bookings = RootCauseLocalizer.Localize(new LocalizationInput(names, bookingLeaves), options);
        var winRate = RootCauseLocalizer.Localize(new LocalizationInput(names, winRateLeaves, MeasureKind.Ratio), options);
        var located = bookings.Causes.Select(cause =>
        {
            var pairs = cause.Combination.Select(p => (Dimension: dimensions[names.IndexOf(p.Dimension)], p.Value)).ToList();
            var drivers = bridge.CellDrivers.Where(c => pairs.All(p => c.Cell[p.Dimension] == p.Value))
                .GroupBy(c => c.Mechanism)
                .Select(g => new BridgeDriver(g.Key, g.Sum(c => c.Impact), string.Empty))
                .OrderBy(d => Math.Sign(cause.Impact) * -d.Impact)
                .ToList();
            var main = drivers.Count > 0 ? drivers[0].Mechanism : Mechanism.Other;
            return new LocatedCause(cause, main, drivers);
        }).ToList();
        return new GapLocalizationResult(bookings, winRate, located);
    }

    private static Dictionary<CellKey, PeriodMeasures> Roll(IEnumerable<MeasureCell> cells, IReadOnlyList<Dimension> dimensions) =>
        cells.GroupBy(c => c.Key.Project([.. dimensions]))
            .ToDictionary(g => g.Key, g => PeriodMeasures.Sum(g.Select(c => c.Measures)));

    private static string[] Values(CellKey key, IReadOnlyList<Dimension> dimensions) => [.. dimensions.Select(d => key[d] ?? string.Empty)];
}
