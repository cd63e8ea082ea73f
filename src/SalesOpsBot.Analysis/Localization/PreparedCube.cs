namespace SalesOpsBot.Analysis.Localization;

/// <summary>
/// The cube in columnar form with each leaf classified once as normal, abnormal-up or abnormal-down.
/// Leaves with no mass on either side are dropped: they can neither carry nor dilute a cause.
/// </summary>
internal sealed class PreparedCube
{
    private readonly List<string>[] _valueNames;
    private readonly long[] _cardinality;

    private PreparedCube(int dimensionCount, int capacity)
    {
        DimensionCount = dimensionCount;
        Codes = new int[dimensionCount][];
        _valueNames = new List<string>[dimensionCount];
        _cardinality = new long[dimensionCount];
        for (var d = 0; d < dimensionCount; d++)
        {
            Codes[d] = new int[capacity];
            _valueNames[d] = [];
        }

        Actual = new double[capacity];
        Expected = new double[capacity];
        ActualBase = new double[capacity];
        Weight = new double[capacity];
        AbsDeviation = new double[capacity];
        Sign = new sbyte[capacity];
    }

    public int DimensionCount { get; }

    public int Count { get; private set; }

    public int[][] Codes { get; }

    /// <summary>Actual value (ratio: numerator).</summary>
    public double[] Actual { get; }

    /// <summary>Expected value (ratio: expected numerator at the actual denominator).</summary>
    public double[] Expected { get; }

    public double[] ActualBase { get; }

    /// <summary>Mass used to judge how much of a combination is abnormal.</summary>
    public double[] Weight { get; }

    public double[] AbsDeviation { get; }

    /// <summary>+1 abnormally above expectation, −1 below, 0 normal.</summary>
    public sbyte[] Sign { get; }

    public double TotalActual { get; private set; }

    public double TotalExpected { get; private set; }

    /// <summary>Σ |actual − expected| over abnormal leaves: the yardstick for shares in the search.</summary>
    public double TotalAbnormalDeviation { get; private set; }

    /// <summary>A ratio measure whose rates lie in [0, 1] (win rate, failure rate): counts follow a binomial law.</summary>
    public bool IsProportion { get; private set; }

    /// <summary>Additive measures: the |deviation score| beyond which a leaf is abnormal.</summary>
    public double DeviationCutoff { get; private set; }

    public string ValueName(int dimension, int code) => _valueNames[dimension][code];

    /// <summary>Mixed-radix key of leaf <paramref name="leaf"/>'s element in the cuboid <paramref name="dims"/>.</summary>
    public long KeyOf(int leaf, int[] dims)
    {
        long key = 0;
        long stride = 1;
        foreach (var d in dims)
        {
            key += Codes[d][leaf] * stride;
            stride *= _cardinality[d];
        }

        return key;
    }

    public long KeyOf(CubeElement element)
    {
        long key = 0;
        long stride = 1;
        for (var j = 0; j < element.Dims.Length; j++)
        {
            key += element.Codes[j] * stride;
            stride *= _cardinality[element.Dims[j]];
        }

        return key;
    }

    public int Cardinality(int dimension) => (int)_cardinality[dimension];

    public static PreparedCube From(LocalizationInput input, LocalizationOptions options)
    {
        var dimensionCount = input.Dimensions.Count;
        var cube = new PreparedCube(dimensionCount, input.Leaves.Count);
        var lookups = new Dictionary<string, int>[dimensionCount];
        for (var d = 0; d < dimensionCount; d++)
        {
            lookups[d] = new Dictionary<string, int>(StringComparer.Ordinal);
        }

        var overallRate = OverallExpectedRate(input);
        foreach (var leaf in input.Leaves)
        {
            if (leaf.Values.Count != dimensionCount)
            {
                throw new ArgumentException($"Every leaf needs {dimensionCount} values, one per dimension.", nameof(input));
            }

            double expected, weight;
            if (input.Kind == MeasureKind.Ratio)
            {
                // The baseline rate of a leaf is shrunk toward the cube's rate so that leaves with a thin history
                // do not look abnormal by accident; expected numerator is that rate at the actual denominator.
                var rate = (leaf.Expected + options.RatioPrior * overallRate) / (leaf.ExpectedBase + options.RatioPrior);
                expected = leaf.ActualBase * rate;
                weight = leaf.ActualBase;
            }
            else
            {
                expected = leaf.Expected;
                weight = (Math.Abs(leaf.Actual) + Math.Abs(leaf.Expected)) / 2;
            }

            if (weight <= 0 && leaf.Actual == expected)
            {
                continue;
            }

            var i = cube.Count++;
            for (var d = 0; d < dimensionCount; d++)
            {
                var lookup = lookups[d];
                if (!lookup.TryGetValue(leaf.Values[d], out var code))
                {
                    code = lookup.Count;
                    lookup.Add(leaf.Values[d], code);
                    cube._valueNames[d].Add(leaf.Values[d]);
                }

                cube.Codes[d][i] = code;
            }

            cube.Actual[i] = leaf.Actual;
            cube.Expected[i] = expected;
            cube.ActualBase[i] = leaf.ActualBase;
            cube.Weight[i] = weight;
            cube.AbsDeviation[i] = Math.Abs(leaf.Actual - expected);
            cube.TotalActual += leaf.Actual;
            cube.TotalExpected += expected;
        }

        for (var d = 0; d < dimensionCount; d++)
        {
            cube._cardinality[d] = Math.Max(1, lookups[d].Count);
        }

        if (input.Kind == MeasureKind.Ratio && overallRate is >= 0 and <= 1)
        {
            cube.IsProportion = true;
            cube.ClassifyProportions(options);
        }
        else
        {
            cube.ClassifyByDeviationScore(options);
        }

        for (var i = 0; i < cube.Count; i++)
        {
            if (cube.Sign[i] != 0)
            {
                cube.TotalAbnormalDeviation += cube.AbsDeviation[i];
            }
        }

        return cube;
    }

    private static double OverallExpectedRate(LocalizationInput input)
    {
        double numerator = 0, denominator = 0, actualNumerator = 0, actualDenominator = 0;
        foreach (var leaf in input.Leaves)
        {
            numerator += leaf.Expected;
            denominator += leaf.ExpectedBase;
            actualNumerator += leaf.Actual;
            actualDenominator += leaf.ActualBase;
        }

        return denominator > 0 ? numerator / denominator : actualDenominator > 0 ? actualNumerator / actualDenominator : 0;
    }

    /// <summary>
    /// Additive measures: the deviation score d = 2(f − v)/(f + v) is compared with a cutoff set from the
    /// spread of the scores themselves (a robust standard deviation), so a noisy forecast raises the bar.
    /// </summary>
    private void ClassifyByDeviationScore(LocalizationOptions options)
    {
        var scores = new double[Count];
        for (var i = 0; i < Count; i++)
        {
            var sum = Math.Abs(Expected[i]) + Math.Abs(Actual[i]);
            scores[i] = sum == 0 ? 0 : 2 * (Expected[i] - Actual[i]) / sum;
        }

        var cutoff = Math.Max(options.MinDeviation, options.NoiseMultiplier * RobustSigma(scores));
        DeviationCutoff = cutoff;
        for (var i = 0; i < Count; i++)
        {
            Sign[i] = scores[i] > cutoff ? (sbyte)-1 : scores[i] < -cutoff ? (sbyte)1 : (sbyte)0;
        }
    }

    /// <summary>Rates in [0, 1]: a binomial z-score of the numerator against its expectation at the actual denominator.</summary>
    private void ClassifyProportions(LocalizationOptions options)
    {
        for (var i = 0; i < Count; i++)
        {
            if (ActualBase[i] <= 0)
            {
                continue;
            }

            var rate = Math.Clamp(Expected[i] / ActualBase[i], 0, 1);
            // The quarter-count term keeps a one-deal leaf from ever being abnormal on its own.
            var variance = ActualBase[i] * rate * (1 - rate) + 0.25;
            var z = (Actual[i] - Expected[i]) / Math.Sqrt(variance);
            Sign[i] = z > options.RatioZ ? (sbyte)1 : z < -options.RatioZ ? (sbyte)-1 : (sbyte)0;
        }
    }

    private static double RobustSigma(double[] values)
    {
        if (values.Length == 0)
        {
            return 0;
        }

        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        var median = sorted[sorted.Length / 2];
        var deviations = sorted.Select(v => Math.Abs(v - median)).ToArray();
        Array.Sort(deviations);
        return 1.4826 * deviations[deviations.Length / 2];
    }
}
