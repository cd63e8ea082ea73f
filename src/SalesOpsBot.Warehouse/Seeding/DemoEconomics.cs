namespace SalesOpsBot.Warehouse.Seeding;

/// <summary>
/// The steady-state parameters of the demo business, and the plan derived from them. Quotas are set from
/// these expectations before any deal is drawn, so every planted story shows up as a deviation from plan.
/// docs/demo-data.md lists the same numbers.
/// </summary>
internal static class DemoEconomics
{
    /// <summary>Relative rate at which a fully ramped AE of each segment creates deals.</summary>
    public static readonly double[] DealRate = [1.0, 1.6, 3.0];

    /// <summary>Median deal amount (USD) before type and product multipliers.</summary>
    public static readonly double[] MedianAmount = [70_000, 26_000, 8_500];

    public static readonly double[] BaseWinRate = [0.22, 0.25, 0.27];

    /// <summary>Planned cycle (creation to first expected close) and the size of one push, in days.</summary>
    public static readonly (int Min, int Max)[] Cycle = [(60, 180), (30, 100), (14, 50)];

    public static readonly (int Min, int Max)[] Push = [(14, 60), (10, 40), (7, 25)];

    public static readonly double[] TypeShare = [0.55, 0.30, 0.15];
    public static readonly double[] TypeAmount = [1.0, 0.7, 0.85];
    public static readonly double[] TypeWin = [0.85, 1.3, 1.6];

    public static readonly double[] ProductShare = [0.35, 0.20, 0.18, 0.17, 0.10];
    public static readonly double[] ProductAmount = [1.2, 0.9, 0.7, 1.0, 0.6];

    public static readonly double[] LeadSourceShare = [0.35, 0.30, 0.20, 0.15];

    public static readonly double[] LossReasonShare = [0.25, 0.20, 0.25, 0.12, 0.10, 0.08];

    public const double AmountSigma = 0.3;
    public const double AmountChangeChance = 0.30;
    public const double AmountChangeMin = 0.8;
    public const double AmountChangeMax = 1.3;
    public const double PullInChance = 0.08;

    /// <summary>Cumulative probabilities of 0, 1, 2, 3 and 4 close-date pushes.</summary>
    public static readonly double[] PushCount = [0.64, 0.88, 0.97, 0.99, 1.0];

    /// <summary>Each of the two strategic deals a region closes per quarter is worth this share of its ordinary bookings.</summary>
    public const double StrategicShare = 0.04;

    public const int StrategicPerQuarter = 2;

    /// <summary>Rep quotas are set so the average fully ramped AE reaches this share of quota.</summary>
    public const double ExpectedRepAttainment = 0.90;

    // Leaders' own numbers as a share of what sits below them (over-assignment).
    public const double LeafFactor = 0.95;
    public const double SubRegionFactor = 0.92;
    public const double RegionFactor = 0.90;
    public const double GlobalFactor = 0.88;

    /// <summary>Ramp of a new AE's deal flow and quota by days since hire.</summary>
    public static double Ramp(int daysSinceHire) => daysSinceHire < 90 ? 0.25 : daysSinceHire < 180 ? 0.6 : 1.0;

    /// <summary>Expected won amount per deal created by an AE of <paramref name="segment"/>.</summary>
    public static double ExpectedBookingsPerDeal(Segment segment)
    {
        var s = (int)segment;
        var product = 0.0;
        for (var p = 0; p < ProductShare.Length; p++)
        {
            product += ProductShare[p] * ProductAmount[p];
        }

        var byType = 0.0;
        for (var t = 0; t < TypeShare.Length; t++)
        {
            byType += TypeShare[t] * BaseWinRate[s] * TypeWin[t] * TypeAmount[t];
        }

        var lognormalMean = DemoRandom.Exp(AmountSigma * AmountSigma / 2);
        var changeMean = 1 - AmountChangeChance + AmountChangeChance * (AmountChangeMin + AmountChangeMax) / 2;
        return MedianAmount[s] * lognormalMean * changeMean * product * byType;
    }

    /// <summary>
    /// Days from creation to close of a won deal, drawn the way the generator draws them; used to know how
    /// much of a quarter's bookings can come from deals created after the demo window opened.
    /// </summary>
    public static int WonCycleDays(ref DemoRandom random, Segment segment)
    {
        var s = (int)segment;
        var planned = random.Between(Cycle[s].Min, Cycle[s].Max);
        var pushes = random.Pick(PushCount);
        if (pushes == 0 && random.Chance(PullInChance))
        {
            return Math.Max(1, (int)(planned * random.Uniform(0.6, 0.9)));
        }

        for (var p = 0; p < pushes; p++)
        {
            planned += random.Between(Push[s].Min, Push[s].Max);
        }

        return planned;
    }

    /// <summary>Rounds a planned amount to whole thousands (quotas are set in round numbers).</summary>
    public static long QuotaCents(double amount) => (long)Math.Round(amount / 1000.0, MidpointRounding.AwayFromZero) * 1000 * 100;

    public static long DealCents(double amount, Segment segment)
    {
        var step = segment == Segment.Enterprise ? 100.0 : 10.0;
        return (long)(Math.Max(1, Math.Round(amount / step)) * step * 100);
    }
}
