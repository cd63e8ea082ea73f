using SalesOpsBot.Analysis.Formatting;
using SalesOpsBot.Analysis.Metrics;

namespace SalesOpsBot.Analysis.Bridge;

/// <summary>
/// Splits the gap (bookings − quota) into drivers by mechanism. See docs/explanations.md for the maths: each cell's
/// bookings are the product F·(d·(1−σ) + c + π + o)·w·s of capacity, pipeline volume per seat, slip rate, pull-ins,
/// win rate and deal size; the plan is the baseline's economics with volume scaled so that it books exactly the quota;
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

    private static readonly Mechanism[] MechanismOfFactor =
    [
        Mechanism.Capacity, Mechanism.PipelineCreated, Mechanism.PipelineCreated, Mechanism.PullIn,
        Mechanism.Other, Mechanism.Slippage, Mechanism.WinRate, Mechanism.DealSize,
    ];

    private static readonly int MechanismCount = Enum.GetValues<Mechanism>().Length;

    private static readonly bool[] IsRateFactor = [false, false, false, false, false, true, true, true];

    public static BridgeResult Explain(BridgeInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var actualTotal = PeriodMeasures.Sum(input.Actual.Select(c => c.Measures));
        var bookings = actualTotal.WonAmount;
        var gap = bookings - input.Quota;
        if (input.Kind == BaselineKind.ForecastAtStart)
        {
            return ExplainAgainstForecast(input, bookings, gap);
        }

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
        var fallback = Rates(planTotal, Rates(actualTotal, (0, 0, 0)));

        var totalPlan = Factors(planTotal, planSeats, fallback);
        var totalActual = Factors(actualTotal, actualSeats, Rates(planTotal, fallback));
        var totalEffects = Shapley.Attribute(Bookings, totalPlan, totalActual);

        var cellDrivers = new List<BridgeCellDriver>();
        var withinCell = new double[totalEffects.Length];
        foreach (var (key, actual, plan) in PairCells(input))
        {
            var scaledPlan = plan.Scale(input.BaselineScale * planScale);
            var cellFallback = Rates(scaledPlan, fallback);
            var effects = Shapley.Attribute(Bookings, Factors(scaledPlan, planSeats, cellFallback), Factors(actual, actualSeats, cellFallback));
            for (var i = 0; i < effects.Length; i++)
            {
                withinCell[i] += effects[i];
            }

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
        var describe = new DetailWriter(input.Kind.Describe(), actualTotal, planTotal, actualSeats, planSeats, seatsKnown);
        var drivers = new List<BridgeDriver>();
        foreach (var mechanism in new[] { Mechanism.PipelineCreated, Mechanism.WinRate, Mechanism.DealSize, Mechanism.Slippage, Mechanism.PullIn, Mechanism.Capacity })
        {
            drivers.Add(new BridgeDriver(mechanism, Round(impacts.GetValueOrDefault(mechanism)), describe.For(mechanism)));
        }

        drivers.Add(new BridgeDriver(Mechanism.Mix, Round(mix), describe.For(Mechanism.Mix)));
        drivers.Add(new BridgeDriver(Mechanism.Other, gap - drivers.Sum(d => d.Impact), describe.For(Mechanism.Other)));
        return new BridgeResult(input.Quota, bookings, gap, baselineBookings, planScale, input.Kind, Ordered(drivers), cellDrivers);
    }

    private static BridgeResult ExplainAgainstForecast(BridgeInput input, decimal bookings, decimal gap)
    {
        var flow = input.ForecastFlow ?? throw new ArgumentException("The forecast-at-start baseline needs ForecastFlow.", nameof(input));
        var baseline = input.Kind.Describe();
        var drivers = new List<BridgeDriver>
        {
            new(Mechanism.PipelineCreated, flow.CommitAtStart - input.Quota + flow.CreatedWon,
                $"commit at the start {Money.Compact(flow.CommitAtStart)} vs quota {Money.Compact(input.Quota)}; {Money.Compact(flow.CreatedWon)} won from deals created in the quarter"),
            new(Mechanism.Losses, -flow.CommitLost, $"{Money.Compact(flow.CommitLost)} of commit lost"),
            new(Mechanism.Slippage, -flow.CommitSlipped, $"{Money.Compact(flow.CommitSlipped)} of commit slipped out of the quarter"),
            new(Mechanism.DealSize, flow.CommitWonFinalAmount - flow.CommitWonAtStartAmount, "amount changes of the commit deals that were won"),
            new(Mechanism.WinRate, flow.UpsideWon, $"{Money.Compact(flow.UpsideWon)} won from best case and pipeline deals"),
            new(Mechanism.PullIn, flow.PulledInWon, $"{Money.Compact(flow.PulledInWon)} won from deals pulled in from later quarters"),
        };
        drivers.Add(new BridgeDriver(Mechanism.Other, gap - drivers.Sum(d => d.Impact), $"other deals won, against {baseline}"));
        return new BridgeResult(input.Quota, bookings, gap, flow.CommitAtStart, (double)(flow.CommitAtStart == 0 ? 0 : input.Quota / flow.CommitAtStart),
            input.Kind, Ordered(drivers), []);
    }

    private static List<BridgeDriver> Ordered(List<BridgeDriver> drivers) =>
        [.. drivers.OrderBy(d => d.Mechanism == Mechanism.Other ? 1 : 0).ThenBy(d => d.Impact)];

    /// <summary>The driver tree: bookings = seats × (due·(1 − slip) + created-closed + pulled-in + other-closed) × win rate × deal size.</summary>
    private static double Bookings(double[] x) =>
        x[SeatIndex] * ((x[DueIndex] * (1 - x[SlipIndex])) + x[CreatedIndex] + x[PulledInIndex] + x[OtherIndex]) * x[WinRateIndex] * x[DealSizeIndex];

    /// <summary>
    /// Factor values of one cell. A rate whose denominator is zero takes the fallback value: the factor it multiplies
    /// is then zero, so the product still equals the cell's bookings exactly.
    /// </summary>
    private static double[] Factors(PeriodMeasures m, double seats, (double Slip, double Win, double Size) fallback)
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
            rates.Size,
        ];
    }

    private static (double Slip, double Win, double Size) Rates(PeriodMeasures m, (double Slip, double Win, double Size) fallback) =>
    (
        m.DueAtStartCount > 0 ? m.SlippedCount / m.DueAtStartCount : fallback.Slip,
        m.ClosedCount > 0 ? m.WonCount / m.ClosedCount : fallback.Win,
        m.WonCount > 0 ? (double)m.WonAmount / m.WonCount : fallback.Size
    );

    private static IEnumerable<(CellKey Key, PeriodMeasures Actual, PeriodMeasures Baseline)> PairCells(BridgeInput input)
    {
        var actual = input.Actual.GroupBy(c => c.Key).ToDictionary(g => g.Key, g => PeriodMeasures.Sum(g.Select(c => c.Measures)));
        var baseline = input.Baseline.GroupBy(c => c.Key).ToDictionary(g => g.Key, g => PeriodMeasures.Sum(g.Select(c => c.Measures)));
        foreach (var key in actual.Keys.Union(baseline.Keys))
        {
            yield return (key, actual.GetValueOrDefault(key) ?? PeriodMeasures.Zero, baseline.GetValueOrDefault(key) ?? PeriodMeasures.Zero);
        }
    }

    private static decimal Round(double value) => double.IsFinite(value) ? Math.Round((decimal)value, 2) : 0;

    private sealed class DetailWriter(string baseline, PeriodMeasures actual, PeriodMeasures plan, double actualSeats, double planSeats, bool seatsKnown)
    {
        private readonly (double Slip, double Win, double Size) _actualRates = Rates(actual, (0, 0, 0));
        private readonly (double Slip, double Win, double Size) _planRates = Rates(plan, (0, 0, 0));

        public string For(Mechanism mechanism) => mechanism switch
        {
            Mechanism.PipelineCreated =>
                $"{Money.Number(actual.DueAtStartCount)} deals due at the start and {Money.Number(actual.CreatedClosedCount)} created and closed in the period, vs {Money.Number(plan.DueAtStartCount)} and {Money.Number(plan.CreatedClosedCount)} needed for quota at the conversion of {baseline}; pipeline created {Money.Compact(actual.CreatedAmount)} vs {Money.Compact(plan.CreatedAmount)}",
            Mechanism.WinRate => $"win rate {Money.Percent(_actualRates.Win)} vs {Money.Percent(_planRates.Win)} in {baseline}",
            Mechanism.DealSize => $"average deal size {Money.Compact((decimal)_actualRates.Size)} vs {Money.Compact((decimal)_planRates.Size)} in {baseline}",
            Mechanism.Slippage => $"{Money.Percent(_actualRates.Slip)} of deals due slipped ({Money.Compact(actual.SlippedAmount)}) vs {Money.Percent(_planRates.Slip)} in {baseline}",
            Mechanism.PullIn => $"{Money.Number(actual.PulledInCount)} deals pulled in from later quarters vs {Money.Number(plan.PulledInCount)} expected",
            Mechanism.Capacity => seatsKnown
                ? $"{Money.Number(actualSeats)} ramped seats vs {Money.Number(planSeats)} in {baseline}"
                : "seat capacity not known",
            Mechanism.Mix => "shift of deals between territories, segments or products that convert differently",
            _ => "past-due deals closed in the period, and rounding",
        };
    }
}
