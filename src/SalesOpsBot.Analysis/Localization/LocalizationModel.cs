namespace SalesOpsBot.Analysis.Localization;

/// <summary>How a measure aggregates over leaves.</summary>
public enum MeasureKind
{
    /// <summary>The total is the sum of the leaves (bookings, pipeline created, slipped amount).</summary>
    Additive,

    /// <summary>The total is Σ numerator / Σ denominator (win rate = won / closed, average deal size = bookings / won count).</summary>
    Ratio,
}

/// <summary>One dimension value of a combination, e.g. <c>territory=DACH</c>.</summary>
public sealed record DimensionValue(string Dimension, string Value)
{
    public override string ToString() => $"{Dimension}={Value}";
}

/// <summary>
/// One leaf of the cube: a full combination of dimension values (in the order of
/// <see cref="LocalizationInput.Dimensions"/>) with its actual and expected measure.
/// </summary>
/// <param name="Values">One value per dimension.</param>
/// <param name="Actual">Additive: the actual amount. Ratio: the actual numerator (e.g. won count).</param>
/// <param name="Expected">Additive: the expected amount (baseline, forecast or quota share). Ratio: the expected numerator of the baseline.</param>
/// <param name="ActualBase">Ratio only: the actual denominator (e.g. closed count).</param>
/// <param name="ExpectedBase">Ratio only: the baseline denominator; the leaf's expected rate is Expected / ExpectedBase.</param>
public sealed record CubeLeaf(IReadOnlyList<string> Values, double Actual, double Expected, double ActualBase = 0, double ExpectedBase = 0);

/// <summary>A cube to localize: dimension names and the leaves at the finest grain the question allows.</summary>
public sealed record LocalizationInput(IReadOnlyList<string> Dimensions, IReadOnlyList<CubeLeaf> Leaves, MeasureKind Kind = MeasureKind.Additive);

/// <summary>
/// Parameters of <see cref="RootCauseLocalizer"/>. The defaults are the ones used for every case of
/// every benchmark dataset (see docs/benchmarks/rca.md); they are not tuned per case.
/// </summary>
/// <param name="MaxDimensions">Largest number of dimensions in one combination.</param>
/// <param name="Purity">Share of a combination's mass (expected value; denominator for ratios) that must be abnormal in one direction for it to be a cause.</param>
/// <param name="MinShare">Smallest share of the abnormal deviation a new cause must explain (guards against single noisy leaves).</param>
/// <param name="ProportionMinShare">The same for proportions (win rate): their small counts make single leaves noisier, so the bar is higher.</param>
/// <param name="StopShare">The search stops when the abnormal deviation not yet explained falls below this share.</param>
/// <param name="NoiseMultiplier">Additive: a leaf is abnormal when its deviation score exceeds this many robust standard deviations of the scores.</param>
/// <param name="MinDeviation">Additive: floor of the deviation-score cutoff (|2(f−v)/(f+v)|).</param>
/// <param name="RatioZ">Ratio: a leaf is abnormal when its numerator is this many binomial standard errors away from expected.</param>
/// <param name="RatioPrior">Ratio: pseudo-count of the cube's overall rate mixed into each leaf's baseline rate (leaves with little history lean on the total).</param>
/// <param name="RefineEvidence">Proportions: log-likelihood margin (nats) a parent or child must win by to replace a cause (see CauseRefinement).</param>
/// <param name="BroadBasedBelow">When the causes found explain less than this share of the gap, the result is called broad-based.</param>
public sealed record LocalizationOptions(
    int MaxDimensions = 3,
    double Purity = 0.9,
    double MinShare = 0.02,
    double ProportionMinShare = 0.2,
    double StopShare = 0.05,
    double NoiseMultiplier = 5,
    double MinDeviation = 0.05,
    double RatioZ = 3,
    double RatioPrior = 5,
    double RefineEvidence = 6,
    double BroadBasedBelow = 0.5);

/// <summary>
/// A combination that explains part of the deviation.
/// </summary>
/// <param name="Combination">The dimension values that define it, in dimension order.</param>
/// <param name="Actual">Additive: actual sum. Ratio: actual rate.</param>
/// <param name="Expected">Additive: expected sum. Ratio: the rate the baseline predicts for this combination's actual mix.</param>
/// <param name="Impact">Signed contribution to the total deviation in measure units (additive: actual − expected; ratio: numerator units, actual − expected numerator at the actual denominator).</param>
/// <param name="ExplainedShare">Impact divided by the total deviation (1 = explains all of it; can exceed 1 when other parts moved the other way).</param>
public sealed record RootCause(IReadOnlyList<DimensionValue> Combination, double Actual, double Expected, double Impact, double ExplainedShare)
{
    /// <summary>Canonical text such as <c>a=a1&amp;b=b2</c> with pairs sorted by dimension name.</summary>
    public string Key => string.Join('&', Combination.OrderBy(p => p.Dimension, StringComparer.Ordinal).Select(p => p.ToString()));
}

/// <summary>The outcome of localization.</summary>
/// <param name="Causes">The causes found, largest impact first.</param>
/// <param name="TotalDeviation">Total actual − expected (numerator units for ratios).</param>
/// <param name="ExplainedShare">Σ impact of the causes / total deviation.</param>
/// <param name="IsBroadBased">True when no small set of combinations explains the deviation: it is spread across the cube.</param>
/// <param name="TopContributors">Single dimension values ranked by share of the deviation (same sign as the total), for wording when the result is broad-based.</param>
public sealed record LocalizationResult(
    IReadOnlyList<RootCause> Causes,
    double TotalDeviation,
    double ExplainedShare,
    bool IsBroadBased,
    IReadOnlyList<RootCause> TopContributors);
