namespace SalesOpsBot.Analysis.Localization;

/// <summary>
/// Multi-dimensional root-cause localization of the RiskLoc/Squeeze family (see docs/explanations.md):
/// leaves are split once into normal and abnormal by their deviation from the expectation, then
/// combinations are searched layer by layer (one dimension, then two, then three), keeping those whose
/// mass is almost entirely abnormal in one direction (the ripple effect: a cause moves all its leaves)
/// and which explain a real share of the abnormal deviation; the most general such combinations win,
/// their leaves are removed, and the search continues until the deviation left is small.
/// </summary>
public static class RootCauseLocalizer
{
    public static LocalizationResult Localize(LocalizationInput input, LocalizationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        options ??= new LocalizationOptions();
        var cube = PreparedCube.From(input, options);
        var totalDeviation = cube.TotalActual - cube.TotalExpected;

        var causes = new List<RootCause>();
        if (cube.TotalAbnormalDeviation > 0)
        {
            var found = Search(cube, options).Select(c => CubeElement.Of(cube, c.Dims, c.Key)).ToList();
            found = CauseRefinement.Refine(cube, found, options);

            foreach (var element in found)
            {
                causes.Add(Describe(cube, input, element.Dims, cube.KeyOf(element), totalDeviation));
            }
        }

        causes.Sort((x, y) => Math.Abs(y.Impact).CompareTo(Math.Abs(x.Impact)));
        var explained = totalDeviation == 0 ? 0 : causes.Sum(c => c.Impact) / totalDeviation;
        var broad = causes.Count == 0 || explained < options.BroadBasedBelow;
        return new LocalizationResult(causes, totalDeviation, explained, broad, TopContributors(cube, input, totalDeviation));
    }

    private static List<(int[] Dims, long Key)> Search(PreparedCube cube, LocalizationOptions options)
    {
        var chosen = new List<(int[] Dims, long Key)>();
        var covered = new bool[cube.Count];
        var uncovered = cube.TotalAbnormalDeviation;
        var minDeviation = (cube.IsProportion ? options.ProportionMinShare : options.MinShare) * cube.TotalAbnormalDeviation;
        var maxLayer = Math.Min(options.MaxDimensions, cube.DimensionCount);

        for (var layer = 1; layer <= maxLayer && uncovered >= options.StopShare * cube.TotalAbnormalDeviation; layer++)
        {
            var candidates = new List<Candidate>();
            foreach (var dims in Combinations(cube.DimensionCount, layer))
            {
                CollectCandidates(cube, dims, covered, options.Purity, minDeviation, candidates);
            }

            candidates.Sort((x, y) => y.UncoveredDeviation.CompareTo(x.UncoveredDeviation));
            foreach (var candidate in candidates)
            {
                // Earlier picks in this layer may have covered part of this candidate's leaves.
                var stillUncovered = UncoveredDeviation(cube, candidate, covered);
                if (stillUncovered < minDeviation)
                {
                    continue;
                }

                for (var i = 0; i < cube.Count; i++)
                {
                    if (cube.KeyOf(i, candidate.Dims) == candidate.Key)
                    {
                        if (!covered[i] && cube.Sign[i] == candidate.Sign)
                        {
                            uncovered -= cube.AbsDeviation[i];
                        }

                        covered[i] = true;
                    }
                }

                chosen.Add((candidate.Dims, candidate.Key));
            }
        }

        return chosen;
    }

    private static void CollectCandidates(PreparedCube cube, int[] dims, bool[] covered, double purity, double minDeviation, List<Candidate> candidates)
    {
        var index = new Dictionary<long, int>();
        var stats = new List<ElementStats>();
        for (var i = 0; i < cube.Count; i++)
        {
            var key = cube.KeyOf(i, dims);
            if (!index.TryGetValue(key, out var slot))
            {
                slot = stats.Count;
                index.Add(key, slot);
                stats.Add(new ElementStats { Key = key });
            }

            var s = stats[slot];
            s.Weight += cube.Weight[i];
            if (cube.Sign[i] > 0)
            {
                s.WeightUp += cube.Weight[i];
                if (!covered[i])
                {
                    s.UncoveredUp += cube.AbsDeviation[i];
                }
            }
            else if (cube.Sign[i] < 0)
            {
                s.WeightDown += cube.Weight[i];
                if (!covered[i])
                {
                    s.UncoveredDown += cube.AbsDeviation[i];
                }
            }

            stats[slot] = s;
        }

        foreach (var s in stats)
        {
            if (s.Weight <= 0)
            {
                continue;
            }

            if (s.WeightUp >= purity * s.Weight && s.UncoveredUp >= minDeviation)
            {
                candidates.Add(new Candidate(dims, s.Key, 1, s.UncoveredUp));
            }
            else if (s.WeightDown >= purity * s.Weight && s.UncoveredDown >= minDeviation)
            {
                candidates.Add(new Candidate(dims, s.Key, -1, s.UncoveredDown));
            }
        }
    }

    private static double UncoveredDeviation(PreparedCube cube, Candidate candidate, bool[] covered)
    {
        var sum = 0.0;
        for (var i = 0; i < cube.Count; i++)
        {
            if (!covered[i] && cube.Sign[i] == candidate.Sign && cube.KeyOf(i, candidate.Dims) == candidate.Key)
            {
                sum += cube.AbsDeviation[i];
            }
        }

        return sum;
    }

    private static RootCause Describe(PreparedCube cube, LocalizationInput input, int[] dims, long key, double totalDeviation)
    {
        double actual = 0, expected = 0, actualBase = 0;
        var first = -1;
        for (var i = 0; i < cube.Count; i++)
        {
            if (cube.KeyOf(i, dims) == key)
            {
                first = first < 0 ? i : first;
                actual += cube.Actual[i];
                expected += cube.Expected[i];
                actualBase += cube.ActualBase[i];
            }
        }

        var combination = dims.Select(d => new DimensionValue(input.Dimensions[d], cube.ValueName(d, cube.Codes[d][first]))).ToList();
        var impact = actual - expected;
        var share = totalDeviation == 0 ? 0 : impact / totalDeviation;
        return input.Kind == MeasureKind.Ratio && actualBase > 0
            ? new RootCause(combination, actual / actualBase, expected / actualBase, impact, share)
            : new RootCause(combination, actual, expected, impact, share);
    }

    private static List<RootCause> TopContributors(PreparedCube cube, LocalizationInput input, double totalDeviation)
    {
        var contributors = new List<RootCause>();
        for (var d = 0; d < cube.DimensionCount; d++)
        {
            var cardinality = cube.Cardinality(d);
            var actual = new double[cardinality];
            var expected = new double[cardinality];
            var actualBase = new double[cardinality];
            for (var i = 0; i < cube.Count; i++)
            {
                var code = cube.Codes[d][i];
                actual[code] += cube.Actual[i];
                expected[code] += cube.Expected[i];
                actualBase[code] += cube.ActualBase[i];
            }

            for (var code = 0; code < cardinality; code++)
            {
                var impact = actual[code] - expected[code];
                var share = totalDeviation == 0 ? 0 : impact / totalDeviation;
                if (share <= 0)
                {
                    continue;
                }

                DimensionValue[] combination = [new(input.Dimensions[d], cube.ValueName(d, code))];
                contributors.Add(input.Kind == MeasureKind.Ratio && actualBase[code] > 0
                    ? new RootCause(combination, actual[code] / actualBase[code], expected[code] / actualBase[code], impact, share)
                    : new RootCause(combination, actual[code], expected[code], impact, share));
            }
        }

        return [.. contributors.OrderByDescending(c => c.ExplainedShare).Take(5)];
    }

    internal static IEnumerable<int[]> Combinations(int n, int k)
    {
        var current = new int[k];
        for (var i = 0; i < k; i++)
        {
            current[i] = i;
        }

        while (true)
        {
            yield return (int[])current.Clone();
            var j = k - 1;
            while (j >= 0 && current[j] == n - k + j)
            {
                j--;
            }

            if (j < 0)
            {
                yield break;
            }

            current[j]++;
            for (var m = j + 1; m < k; m++)
            {
                current[m] = current[m - 1] + 1;
            }
        }
    }

    private readonly record struct Candidate(int[] Dims, long Key, int Sign, double UncoveredDeviation);

    private struct ElementStats
    {
        public long Key;
        public double Weight;
        public double WeightUp;
        public double WeightDown;
        public double UncoveredUp;
        public double UncoveredDown;
    }
}
