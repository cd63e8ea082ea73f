namespace SalesOpsBot.Analysis.Bridge;

/// <summary>
/// Exact Shapley attribution of f(to) − f(from) to the variables of f: variable i receives the average, over every
/// order in which variables switch from their <c>from</c> to their <c>to</c> value, of the change in f when i switches.
/// The contributions always add up to f(to) − f(from) (the efficiency property), whatever f is.
/// </summary>
public static class Shapley
{
    private const int MaxVariables = 16;

    // Weights[n][s] = s!(n−s−1)!/n!: the share of orders of n variables in which exactly s switched before a given one.
    private static readonly double[][] Weights = BuildWeights();

    /// <summary>
    /// Cost 2^m evaluations of f, where m ≤ 16 is the number of variables whose value changes: a variable with
    /// from = to is a null player (it receives 0 and does not change the others' shares), so it is left out.
    /// </summary>
    public static double[] Attribute(Func<double[], double> f, IReadOnlyList<double> from, IReadOnlyList<double> to)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var n = from.Count;
        if (to.Count != n)
        {
            throw new ArgumentException("from and to need the same length.", nameof(to));
        }

        var result = new double[n];
        var point = new double[n];
        var moving = new List<int>(n);
        for (var i = 0; i < n; i++)
        {
            point[i] = from[i];
            if (from[i] != to[i])
            {
                moving.Add(i);
            }
        }

        var m = moving.Count;
        if (m == 0)
        {
            return result;
        }

        if (m > MaxVariables)
        {
            throw new ArgumentException($"At most {MaxVariables} variables may change.", nameof(to));
        }

        var subsets = 1 << m;
        var values = new double[subsets];
        for (var mask = 0; mask < subsets; mask++)
        {
            for (var j = 0; j < m; j++)
            {
                point[moving[j]] = (mask & (1 << j)) != 0 ? to[moving[j]] : from[moving[j]];
            }

            values[mask] = f(point);
        }

        var weight = Weights[m];
        for (var mask = 0; mask < subsets; mask++)
        {
            var size = System.Numerics.BitOperations.PopCount((uint)mask);
            for (var j = 0; j < m; j++)
            {
                if ((mask & (1 << j)) == 0)
                {
                    result[moving[j]] += weight[size] * (values[mask | (1 << j)] - values[mask]);
                }
            }
        }

        return result;
    }

    private static double[][] BuildWeights()
    {
        var logFactorial = new double[MaxVariables + 1];
        for (var k = 2; k <= MaxVariables; k++)
        {
            logFactorial[k] = logFactorial[k - 1] + Math.Log(k);
        }

        var weights = new double[MaxVariables + 1][];
        for (var n = 0; n <= MaxVariables; n++)
        {
            weights[n] = new double[Math.Max(n, 1)];
            for (var s = 0; s < n; s++)
            {
                weights[n][s] = Math.Exp(logFactorial[s] + logFactorial[n - s - 1] - logFactorial[n]);
            }
        }

        return weights;
    }
}
