using SalesOpsBot.Analysis.Formatting;
using SalesOpsBot.Analysis.Metrics;

namespace SalesOpsBot.Analysis.Bridge;

/// <summary>
/// Splits the gap (bookings − quota) into drivers by mechanism. See docs/explanations.md for the maths: each cell's
/// bookings are the product F·(d·(1−σ) + c + π + o)·w·s′·ρ of capacity, pipeline volume per seat, slip rate (by count),
/// pull-ins, win rate, deal size and the size of the deals that slipped; the plan is the baseline's economics with volume scaled so that it books exactly the quota;
/// the change from plan to actual is attributed to the factors with exact Shapley values; volume effects are read at
/// the scope total, rate effects within cells, and the difference is the mix effect.
/// </summary>
public static class AttainmentBridge
{
    private const int SeatIndex = 0;
    private const int DueIndex = 1;
    private const int CreatedIndex = 2;
    private const int PulledInIndex = 3;
    private const int OtherIndex = 4;
    private const int SlipIndex = 5;
    private const int WinRateIndex = 6;
    private const int DealSizeIndex = 7;
    private const int SlippedSizeIndex = 8;

    private static readonly Mechanism[] MechanismOfFactor =
    [
        Mechanism.Capacity, Mechanism.PipelineCreated, Mechanism.PipelineCreated, Mechanism.PullIn,
        Mechanism.Other, Mechanism.Slippage, Mechanism.WinRate, Mechanism.DealSize, Mechanism.Slippage,
    ];

    private static readonly int MechanismCount = Enum.GetValues<Mechanism>().Length;

    private static readonly bool[] IsRateFactor = [false, false, false, false, false, true, true, true, true];

    /// <summary>The grain rates are compared within when <see cref="BridgeInput.RateGrain"/> is null.</summary>
    public static IReadOnlyList<Dimension> DefaultRateGrain { get; } = [Dimension.Territory, Dimension.Segment];

    /// <summary>
    /// Splits bookings − quota into drivers that add up to it exactly (see docs/explanations.md). Volume drivers are
    /// read at the scope total, rate drivers within the cells of <see cref="BridgeInput.RateGrain"/>, and
    /// <see cref="Mechanism.Mix"/> is the rest; <see cref="BridgeResult.CellDrivers"/> are at that grain.
    /// </summary>
    public static BridgeResult Explain(BridgeInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var actualTotal = PeriodMeasures.Sum(input.Actual.Select(c => c.Measures));
        var bookings = actualTotal.WonAmount;
        if (input.Kind == BaselineKind.ForecastAtStart)
        {
            return ExplainAgainstForecast(input, bookings);
        }

        var gap = bookings - input.Quota;

        var baselineTotal = PeriodMeasures.Sum(input.Baseline.Select(c => c.Measures)).Scale(input.BaselineScale);
        var baselineBookings = baselineTotal.WonAmount;
        if (baselineBookings <= 0 || baselineTotal.WonCount <= 0)
        {
            var noHistory = new BridgeDriver(Mechanism.Other, gap, $"no bookings in {input.Kind.Describe()} to compare with");
            return new BridgeResult(input.Quota, bookings, gap, baselineBookings, 0, input.Kind, [noHistory], []);
        }

        var planScale = (double)(input.Quota / baselineBookings);
        var seatsKnown = input.ActualSeats > 0 && input.BaselineSeats > 0;
        var actualSeats = seatsKnown ? input.ActualSeats : 1;
        var planSeats = seatsKnown ? input.BaselineSeats : 1;
        var planTotal = PeriodMeasures.Sum(input.Baseline.Select(c => c.Measures)).Scale(input.BaselineScale * planScale);
        var fallback = Rates(planTotal, Rates(actualTotal, new FactorRates(0, 0, 0, 1)));

        var totalPlan = Factors(planTotal, planSeats, fallback);
        var totalActual = Factors(actualTotal, actualSeats, Rates(planTotal, fallback));
        var totalEffects = Shapley.Attribute(Bookings, totalPlan, totalActual);

        var cellDrivers = new List<BridgeCellDriver>();
        var withinCell = new double[totalEffects.Length];
        var cells = new List<RateCell>();
        foreach (var (key, actual, plan) in PairCells(input))
        {
            var scaledPlan = plan.Scale(input.BaselineScale * planScale);
            var cellFallback = Rates(scaledPlan, fallback);
            var effects = Shapley.Attribute(Bookings, Factors(scaledPlan, planSeats, cellFallback), Factors(actual, actualSeats, cellFallback));
            for (var i = 0; i < effects.Length; i++)
            {
                withinCell[i] += effects[i];
            }

            cells.Add(new RateCell(key, actual, plan, effects));

            var byMechanism = new double[MechanismCount];
            for (var i = 0; i < effects.Length; i++)
            {
                byMechanism[(int)MechanismOfFactor[i]] += effects[i];
            }

            for (var mechanism = 0; mechanism < MechanismCount; mechanism++)
            {
                var impact = Round(byMechanism[mechanism]);
                if (impact != 0)
                {
                    cellDrivers.Add(new BridgeCellDriver(key, (Mechanism)mechanism, impact));
                }
            }
        }

        var impacts = new Dictionary<Mechanism, double>();
        for (var i = 0; i < totalEffects.Length; i++)
        {
            var effect = IsRateFactor[i] ? withinCell[i] : totalEffects[i];
            impacts[MechanismOfFactor[i]] = impacts.GetValueOrDefault(MechanismOfFactor[i]) + effect;
        }

        var mix = (double)gap - impacts.Values.Sum();
        var describe = new DetailWriter(input, actualTotal, planTotal, actualSeats, planSeats, seatsKnown, cells);
        var drivers = new List<BridgeDriver>();
        foreach (var mechanism in new[] { Mechanism.PipelineCreated, Mechanism.WinRate, Mechanism.DealSize, Mechanism.Slippage, Mechanism.PullIn, Mechanism.Capacity })
        {
            var impact = Round(impacts.GetValueOrDefault(mechanism));
            drivers.Add(new BridgeDriver(mechanism, impact, describe.For(mechanism, impact)));
        }

        drivers.Add(new BridgeDriver(Mechanism.Mix, Round(mix), describe.For(Mechanism.Mix, 0)));
        drivers.Add(new BridgeDriver(Mechanism.Other, gap - drivers.Sum(d => d.Impact), describe.For(Mechanism.Other, 0)));
        return new BridgeResult(input.Quota, bookings, gap, baselineBookings, planScale, input.Kind, Ordered(drivers), cellDrivers);
    }

    /// <summary>
    /// Against the forecast at the start: plan = commit at start, gap = bookings − plan, and each cell's gap splits
    /// exactly (in decimal, no Shapley needed: the forecast is a sum, not a product) into what happened to the
    /// committed deals (slipped, lost, won at another amount, still open) and what was won outside the commit
    /// (upside, pull-ins, deals created in the period, past-due deals).
    /// </summary>
    private static BridgeResult ExplainAgainstForecast(BridgeInput input, decimal bookings)
    {
        var flows = input.ForecastCells ?? throw new ArgumentException("The forecast-at-start baseline needs ForecastCells.", nameof(input));
        var present = Enum.GetValues<Dimension>().Where(d => flows.Any(c => c.Key[d] is not null)).ToHashSet();
        var grain = (input.RateGrain ?? DefaultRateGrain).Where(present.Contains).ToList();
        var cells = flows.GroupBy(c => c.Key.Project(grain))
            .Select(g => new ForecastFlowCell(g.Key, ForecastStartFlow.Sum(g.Select(c => c.Flow))))
            .OrderBy(c => c.Key.ToString(), StringComparer.Ordinal)
            .ToList();
        var total = ForecastStartFlow.Sum(cells.Select(c => c.Flow));
        var plan = total.CommitAtStart;
        var gap = bookings - plan;

        var cellDrivers = cells
            .SelectMany(c => ForecastImpacts(c.Flow).Select(i => new BridgeCellDriver(c.Key, i.Mechanism, i.Impact)))
            .Where(d => d.Impact != 0)
            .ToList();
        string Top(Mechanism mechanism, decimal impact)
        {
            if (impact == 0 || cells.Count < 2)
            {
                return string.Empty;
            }

            var top = cellDrivers.Where(d => d.Mechanism == mechanism && Math.Sign(d.Impact) == Math.Sign(impact)).MaxBy(d => Math.Abs(d.Impact));
            return top is null ? string.Empty : $"; most in {string.Join(" ", top.Cell.Grain.Select(d => top.Cell[d]!).Select(v => input.ValueNames?.GetValueOrDefault(v) ?? (v.Length == 0 ? "(none)" : v)))} ({Money.Compact(top.Impact)})";
        }

        var impacts = ForecastImpacts(total).Where(i => i.Mechanism != Mechanism.Other).ToList();
        var details = new Dictionary<Mechanism, string>
        {
            [Mechanism.Slippage] = $"{Money.Compact(total.CommitSlipped)} of the {Money.Compact(plan)} commit slipped out of the period",
            [Mechanism.Losses] = $"{Money.Compact(total.CommitLost)} of the commit lost",
            [Mechanism.DealSize] = $"committed deals won for {Money.Compact(total.CommitWonFinalAmount)} against {Money.Compact(total.CommitWonAtStartAmount)} committed",
            [Mechanism.WinRate] = $"{Money.Compact(total.UpsideWon)} won from best case and pipeline deals outside the commit",
            [Mechanism.PullIn] = $"{Money.Compact(total.PulledInWon)} won from deals pulled in from later periods",
            [Mechanism.PipelineCreated] = $"{Money.Compact(total.CreatedWon)} won from deals created in the period",
        };
        var drivers = impacts.Select(i => new BridgeDriver(i.Mechanism, i.Impact, details[i.Mechanism] + Top(i.Mechanism, i.Impact))).ToList();
        drivers.Add(new BridgeDriver(Mechanism.Other, gap - drivers.Sum(d => d.Impact),
            $"{Money.Compact(total.OtherWon)} won from deals already past due at the start; {Money.Compact(total.CommitStillOpen)} of the commit still open"));
        return new BridgeResult(input.Quota, bookings, gap, plan, (double)(plan == 0 ? 0 : input.Quota / plan), input.Kind, Ordered(drivers), cellDrivers);
    }

    /// <summary>One cell's split of bookings − commit at start; the parts add up to it exactly.</summary>
    private static (Mechanism Mechanism, decimal Impact)[] ForecastImpacts(ForecastStartFlow f) =>
    [
        (Mechanism.Slippage, -f.CommitSlipped),
        (Mechanism.Losses, -f.CommitLost),
        (Mechanism.DealSize, f.CommitWonFinalAmount - f.CommitWonAtStartAmount),
        (Mechanism.WinRate, f.UpsideWon),
        (Mechanism.PullIn, f.PulledInWon),
        (Mechanism.PipelineCreated, f.CreatedWon),
        (Mechanism.Other, f.OtherWon - f.CommitStillOpen),
    ];

    private static List<BridgeDriver> Ordered(List<BridgeDriver> drivers) =>
        [.. drivers.OrderBy(d => d.Mechanism == Mechanism.Other ? 1 : 0).ThenBy(d => d.Impact)];

    /// <summary>
    /// The driver tree: bookings = seats × (due·(1 − slip) + created-closed + pulled-in + other-closed) × win rate ×
    /// adjusted deal size × slipped-size factor (the last two multiply back to the average won deal size).
    /// </summary>
    private static double Bookings(double[] x) =>
        x[SeatIndex] * ((x[DueIndex] * (1 - x[SlipIndex])) + x[CreatedIndex] + x[PulledInIndex] + x[OtherIndex])
        * x[WinRateIndex] * x[DealSizeIndex] * x[SlippedSizeIndex];

    /// <summary>
    /// Factor values of one cell. A rate whose denominator is zero takes the fallback value: the factor it multiplies
    /// is then zero, so the product still equals the cell's bookings exactly.
    /// </summary>
    private static double[] Factors(PeriodMeasures m, double seats, FactorRates fallback)
    {
        var rates = Rates(m, fallback);
        return
        [
            seats,
            m.DueAtStartCount / seats,
            m.CreatedClosedCount / seats,
            m.PulledInCount / seats,
            m.OtherClosedCount / seats,
            rates.Slip,
            rates.Win,
            rates.AdjustedSize,
            rates.SlippedSize,
        ];
    }

    private static FactorRates Rates(PeriodMeasures m, FactorRates fallback)
    {
        var slippedSize = SlippedSizeFactor(m);
        return new FactorRates(
            m.DueAtStartCount > 0 ? m.SlippedCount / m.DueAtStartCount : fallback.Slip,
            m.ClosedCount > 0 ? m.WonCount / m.ClosedCount : fallback.Win,
            m.WonCount > 0 ? (double)m.WonAmount / m.WonCount / slippedSize : fallback.AdjustedSize,
            slippedSize);
    }

    /// <summary>
    /// ρ = 1 + φ·((1 − σ$)/(1 − σ) − 1): how much the deals that slipped shrank the average closed deal. σ is the slip
    /// rate by count, σ$ by amount, φ the share of closed deals that were due at the start. When the slipped deals were
    /// as large as the rest, ρ = 1; two large deals slipping among many small ones make ρ &lt; 1, and that part of the
    /// smaller average deal size is slippage. 1 when amounts or counts leave it undefined.
    /// </summary>
    private static double SlippedSizeFactor(PeriodMeasures m)
    {
        var dueClosed = m.DueAtStartCount - m.SlippedCount;
        if (m.DueAtStartAmount <= 0 || dueClosed <= 0 || m.ClosedCount <= 0)
        {
            return 1;
        }

        var closedShareByAmount = 1 - (double)(m.SlippedAmount / m.DueAtStartAmount);
        var closedShareByCount = dueClosed / m.DueAtStartCount;
        var dueShareOfClosed = Math.Min(1, dueClosed / m.ClosedCount);
        var factor = 1 + (dueShareOfClosed * ((closedShareByAmount / closedShareByCount) - 1));
        return factor > 0 && double.IsFinite(factor) ? factor : 1;
    }

    /// <summary>The cells of the rate grain, actual and baseline (unscaled), in a stable order.</summary>
    private static IEnumerable<(CellKey Key, PeriodMeasures Actual, PeriodMeasures Baseline)> PairCells(BridgeInput input)
    {
        var present = Enum.GetValues<Dimension>()
            .Where(d => input.Actual.Any(c => c.Key[d] is not null) || input.Baseline.Any(c => c.Key[d] is not null))
            .ToHashSet();
        var grain = (input.RateGrain ?? DefaultRateGrain).Where(present.Contains).ToList();
        var actual = Roll(input.Actual, grain);
        var baseline = Roll(input.Baseline, grain);
        foreach (var key in actual.Keys.Union(baseline.Keys).OrderBy(k => k.ToString(), StringComparer.Ordinal))
        {
            yield return (key, actual.GetValueOrDefault(key) ?? PeriodMeasures.Zero, baseline.GetValueOrDefault(key) ?? PeriodMeasures.Zero);
        }
    }

    private static Dictionary<CellKey, PeriodMeasures> Roll(IEnumerable<MeasureCell> cells, IReadOnlyCollection<Dimension> grain) =>
        cells.GroupBy(c => c.Key.Project(grain)).ToDictionary(g => g.Key, g => PeriodMeasures.Sum(g.Select(c => c.Measures)));

    private static decimal Round(double value) => double.IsFinite(value) ? Math.Round((decimal)value, 2) : 0;

    /// <summary>Slip rate (count), win rate (count), average won deal size ÷ ρ, and ρ (see <see cref="SlippedSizeFactor"/>).</summary>
    private readonly record struct FactorRates(double Slip, double Win, double AdjustedSize, double SlippedSize);

    /// <summary>One cell of the rate grain with its Shapley effects by factor, for naming the cell that drives a rate.</summary>
    private sealed record RateCell(CellKey Key, PeriodMeasures Actual, PeriodMeasures Baseline, double[] Effects);

    private sealed class DetailWriter(BridgeInput input, PeriodMeasures actual, PeriodMeasures plan, double actualSeats, double planSeats, bool seatsKnown, IReadOnlyList<RateCell> cells)
    {
        private readonly string _baseline = input.Kind.Describe();

        public string For(Mechanism mechanism, decimal impact) => mechanism switch
        {
            Mechanism.PipelineCreated =>
                $"{Money.Count(actual.DueAtStartCount, "deal")} due at the start and {Money.Number(actual.CreatedClosedCount)} created and closed in the period, vs {Money.Number(plan.DueAtStartCount)} and {Money.Number(plan.CreatedClosedCount)} needed for quota at the conversion of {_baseline}; pipeline created {Money.Compact(actual.CreatedAmount)} vs {Money.Compact(plan.CreatedAmount)}",
            Mechanism.WinRate =>
                $"win rate by count {Money.Percent(WinRate(actual))} vs {Money.Percent(WinRate(plan))} in {_baseline}{TopCell(impact, [WinRateIndex], WinRateOf)}",
            Mechanism.DealSize =>
                $"average won deal size {Money.Compact(WonSize(actual))} vs {Money.Compact(WonSize(plan))} in {_baseline}{TopCell(impact, [DealSizeIndex], WonSizeOf)}",
            Mechanism.Slippage =>
                $"{Money.Number(actual.SlippedCount)} of {Money.Number(actual.DueAtStartCount)} deals due slipped, {Money.Percent(SlipRate(actual))} by count vs {Money.Percent(SlipRate(plan))} in {_baseline}" +
                (actual.DueAtStartAmount > 0 && plan.DueAtStartAmount > 0
                    ? $"; {Money.Compact(actual.SlippedAmount)} of {Money.Compact(actual.DueAtStartAmount)} due, {Money.Percent(SlipShareByAmount(actual))} by amount vs {Money.Percent(SlipShareByAmount(plan))}"
                    : string.Empty) +
                TopCell(impact, [SlipIndex, SlippedSizeIndex], SlipOf),
            Mechanism.PullIn => $"{Money.Count(actual.PulledInCount, "deal")} pulled in from later quarters vs {Money.Number(plan.PulledInCount)} expected",
            Mechanism.Capacity => seatsKnown
                ? $"{Money.Count(actualSeats, "ramped seat")} vs {Money.Number(planSeats)} in {_baseline}"
                : "seat capacity not known",
            Mechanism.Mix => "shift of deals between territories, segments or products that convert differently",
            _ => "past-due deals closed in the period, and rounding",
        };

        private static double WinRate(PeriodMeasures m) => m.ClosedCount > 0 ? m.WonCount / m.ClosedCount : 0;

        private static decimal WonSize(PeriodMeasures m) => m.WonCount > 0 ? m.WonAmount / (decimal)m.WonCount : 0;

        private static double SlipRate(PeriodMeasures m) => m.DueAtStartCount > 0 ? m.SlippedCount / m.DueAtStartCount : 0;

        private static double SlipShareByAmount(PeriodMeasures m) => m.DueAtStartAmount > 0 ? (double)(m.SlippedAmount / m.DueAtStartAmount) : 0;

        private static string? WinRateOf(PeriodMeasures a, PeriodMeasures b) =>
            a.ClosedCount > 0 && b.ClosedCount > 0 ? $"{Money.Percent(WinRate(a))} vs {Money.Percent(WinRate(b))}" : null;

        private static string? WonSizeOf(PeriodMeasures a, PeriodMeasures b) =>
            a.WonCount > 0 && b.WonCount > 0 ? $"{Money.Compact(WonSize(a))} vs {Money.Compact(WonSize(b))}" : null;

        private static string? SlipOf(PeriodMeasures a, PeriodMeasures b)
        {
            if (a.DueAtStartCount <= 0 || b.DueAtStartCount <= 0)
            {
                return null;
            }

            var byCount = $"{Money.Percent(SlipRate(a))} vs {Money.Percent(SlipRate(b))} by count";
            return a.DueAtStartAmount > 0 && b.DueAtStartAmount > 0
                ? $"{Money.Percent(SlipShareByAmount(a))} vs {Money.Percent(SlipShareByAmount(b))} by amount ({byCount})"
                : byCount;
        }

        /// <summary>
        /// "; DACH Enterprise 5% vs 25%": the cell whose effect on this mechanism points the same way as the scope's
        /// impact and is largest, when the scope has more than one cell, so that a whole-scope rate that barely moved
        /// does not hide the cell where it collapsed.
        /// </summary>
        private string TopCell(decimal impact, int[] factors, Func<PeriodMeasures, PeriodMeasures, string?> describe)
        {
            if (impact == 0 || cells.Count < 2)
            {
                return string.Empty;
            }

            var top = cells
                .Select(c => (Cell: c, Effect: factors.Sum(f => c.Effects[f]) * Math.Sign(impact)))
                .Where(c => c.Effect > 0)
                .OrderByDescending(c => c.Effect)
                .Select(c => c.Cell)
                .FirstOrDefault();
            return top is not null && describe(top.Actual, top.Baseline) is { } rates ? $"; {Name(top.Key)} {rates}" : string.Empty;
        }

        private string Name(CellKey key) => string.Join(" ", key.Grain.Select(d => key[d]!).Select(v =>
            input.ValueNames?.GetValueOrDefault(v) ?? (v.Length == 0 ? "(none)" : v)));
    }
}
