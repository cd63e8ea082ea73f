namespace SalesOpsBot.Analysis.Localization;

/// <summary>A combination as parallel arrays of dimension indexes and value codes.</summary>
internal sealed record CubeElement(int[] Dims, int[] Codes)
{
    public bool Matches(PreparedCube cube, int leaf)
    {
        for (var j = 0; j < Dims.Length; j++)
        {
            if (cube.Codes[Dims[j]][leaf] != Codes[j])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when every leaf of <paramref name="other"/> is also a leaf of this element.</summary>
    public bool Contains(CubeElement other)
    {
        for (var j = 0; j < Dims.Length; j++)
        {
            var at = Array.IndexOf(other.Dims, Dims[j]);
            if (at < 0 || other.Codes[at] != Codes[j])
            {
                return false;
            }
        }

        return true;
    }

    public CubeElement Without(int position) =>
        new([.. Dims.Where((_, j) => j != position)], [.. Codes.Where((_, j) => j != position)]);

    public CubeElement With(int dimension, int code)
    {
        var dims = Dims.Append(dimension).ToArray();
        var codes = Codes.Append(code).ToArray();
        Array.Sort(dims, codes);
        return new CubeElement(dims, codes);
    }

    public static CubeElement Of(PreparedCube cube, int[] dims, long key)
    {
        for (var i = 0; i < cube.Count; i++)
        {
            if (cube.KeyOf(i, dims) == key)
            {
                return new CubeElement(dims, [.. dims.Select(d => cube.Codes[d][i])]);
            }
        }

        throw new InvalidOperationException("An element found by the search has no leaf.");
    }
}

/// <summary>
/// Checks each cause the search found against its children (and, for proportions, its parents) on the part that
/// differs: a cause is narrowed to its strongest child when the rest of the cause behaved normally. For proportions,
/// whose per-leaf split is noisy because counts are small, a binomial likelihood test decides, and a cause is also
/// widened to a parent when the rest of the parent moved significantly the same way (the ripple effect reaches it).
/// Leaves of the other causes are left out of every test so that two neighbouring causes are not merged into one.
/// </summary>
internal static class CauseRefinement
{
    public static List<CubeElement> Refine(PreparedCube cube, List<CubeElement> causes, LocalizationOptions options)
    {
        var result = new List<CubeElement>(causes);
        for (var round = 0; round < 4; round++)
        {
            var changed = false;
            for (var c = 0; c < result.Count; c++)
            {
                var others = result.Where((_, j) => j != c).ToList();
                var replacement = cube.IsProportion
                    ? Widen(cube, result[c], others, options) ?? Narrow(cube, result[c], others, options)
                    : Narrow(cube, result[c], others, options);
                if (replacement is not null)
                {
                    result[c] = replacement;
                    changed = true;
                }
            }

            // A widened cause may now contain another one (or equal it); keep the widest.
            var kept = new List<CubeElement>();
            foreach (var element in result.OrderBy(e => e.Dims.Length))
            {
                if (!kept.Any(k => k.Contains(element)))
                {
                    kept.Add(element);
                }
            }

            result = kept;
            if (!changed)
            {
                break;
            }
        }

        return result;
    }

    private static CubeElement? Widen(PreparedCube cube, CubeElement cause, List<CubeElement> others, LocalizationOptions options)
    {
        if (cause.Dims.Length < 2)
        {
            return null;
        }

        var direction = Direction(Sum(cube, i => cause.Matches(cube, i)));
        CubeElement? best = null;
        var bestGain = options.RefineEvidence;
        for (var position = 0; position < cause.Dims.Length; position++)
        {
            var parent = cause.Without(position);
            var rest = Sum(cube, i => parent.Matches(cube, i) && !cause.Matches(cube, i) && !others.Any(o => o.Matches(cube, i)));
            var gain = Evidence(rest, direction);
            if (gain > bestGain)
            {
                bestGain = gain;
                best = parent;
            }
        }

        return best;
    }

    private static CubeElement? Narrow(PreparedCube cube, CubeElement cause, List<CubeElement> others, LocalizationOptions options)
    {
        if (cause.Dims.Length >= options.MaxDimensions)
        {
            return null;
        }

        var inside = Sum(cube, i => cause.Matches(cube, i));
        var direction = Math.Sign(inside.Actual - inside.Expected);
        CubeElement? bestChild = null;
        var bestDeviation = 0.0;
        for (var d = 0; d < cube.DimensionCount; d++)
        {
            if (cause.Dims.Contains(d))
            {
                continue;
            }

            var byValue = new Dictionary<int, Totals>();
            for (var i = 0; i < cube.Count; i++)
            {
                if (cause.Matches(cube, i))
                {
                    var code = cube.Codes[d][i];
                    byValue[code] = byValue.GetValueOrDefault(code) + new Totals(cube.Actual[i], cube.Expected[i], cube.ActualBase[i]);
                }
            }

            foreach (var (code, totals) in byValue)
            {
                var deviation = direction * (totals.Actual - totals.Expected);
                if (deviation > bestDeviation)
                {
                    bestDeviation = deviation;
                    bestChild = cause.With(d, code);
                }
            }
        }

        if (bestChild is null)
        {
            return null;
        }

        var child = bestChild;
        var rest = Sum(cube, i => cause.Matches(cube, i) && !child.Matches(cube, i) && !others.Any(o => o.Matches(cube, i)));
        return RestIsNormal(cube, rest, direction, options) ? child : null;
    }

    /// <summary>
    /// Proportions: no significant binomial evidence that the rest moved with the cause. Additive: the rest is
    /// present and its aggregate deviation score is inside the cutoff that separates normal leaves.
    /// </summary>
    private static bool RestIsNormal(PreparedCube cube, Totals rest, int direction, LocalizationOptions options)
    {
        if (cube.IsProportion)
        {
            return Evidence(rest, direction) < options.RefineEvidence;
        }

        var mass = Math.Abs(rest.Actual) + Math.Abs(rest.Expected);
        return mass > 0 && Math.Abs(2 * (rest.Expected - rest.Actual) / mass) <= cube.DeviationCutoff;
    }

    private static int Direction(Totals totals) => Math.Sign(totals.Actual - totals.Expected);

    /// <summary>
    /// Log-likelihood ratio of "these leaves' rate moved by its own factor" against "they behaved normally", counted
    /// only when they moved in <paramref name="direction"/>: the evidence that the ripple of a cause reaches them.
    /// </summary>
    private static double Evidence(Totals totals, int direction)
    {
        if (totals.Expected <= 0 || Math.Sign(totals.Actual - totals.Expected) != direction)
        {
            return 0;
        }

        return LogLikelihood(totals, totals.Actual / totals.Expected) - LogLikelihood(totals, 1);
    }

    /// <summary>Binomial log-likelihood of the observed numerator when the expected rate is multiplied by <paramref name="scale"/>.</summary>
    private static double LogLikelihood(Totals totals, double scale)
    {
        if (totals.Base <= 0)
        {
            return 0;
        }

        var rate = Math.Clamp(totals.Expected * scale / totals.Base, 1e-9, 1 - 1e-9);
        var successes = Math.Clamp(totals.Actual, 0, totals.Base);
        return (successes * Math.Log(rate)) + ((totals.Base - successes) * Math.Log(1 - rate));
    }

    private static Totals Sum(PreparedCube cube, Func<int, bool> include)
    {
        var totals = default(Totals);
        for (var i = 0; i < cube.Count; i++)
        {
            if (include(i))
            {
                totals += new Totals(cube.Actual[i], cube.Expected[i], cube.ActualBase[i]);
            }
        }

        return totals;
    }

    private readonly record struct Totals(double Actual, double Expected, double Base)
    {
        public static Totals operator +(Totals left, Totals right) =>
            new(left.Actual + right.Actual, left.Expected + right.Expected, left.Base + right.Base);
    }
}
