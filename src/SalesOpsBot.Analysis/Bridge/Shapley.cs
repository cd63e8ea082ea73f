namespace SalesOpsBot.Analysis.Bridge;

/// <summary>
/// Exact Shapley attribution of f(to) − f(from) to the variables of f: variable i receives the average, over every
/// order in which variables switch from their <c>from</c> to their <c>to</c> value, of the change in f when i switches.
/// The contributions always add up to f(to) − f(from) (the efficiency property), whatever f is.
/// </summary>
public static class Shapley
{
    /// <summary>Cost 2^n evaluations of f; meant for the handful of drivers of a bridge (n ≤ 12).</summary>
    public static double[] Attribute(Func<double[], double> f, IReadOnlyList<double> from, IReadOnlyList<double> to)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var n = from.Count;
        if (to.Count != n || n > 16)
        {
            throw new ArgumentException("from and to need the same length, at most 16.", nameof(to));
        }

        var subsets = 1 << n;
        var values = new double[subsets];
        var point = new double[n];
        for (var mask = 0; mask < subsets; mask++)
        {
            for (var i = 0; i < n; i++)
            {
                point[i] = (mask & (1 << i)) != 0 ? to[i] : from[i];
            }

            values[mask] = f(point);
        }

        // weight[s] = s!(n−s−1)!/n!: the share of orders in which exactly s variables switched before i.
        var weight = new double[n];
        for (var s = 0; s < n; s++)
        {
            weight[s] = Math.Exp(LogFactorial(s) + LogFactorial(n - s - 1) - LogFactorial(n));
        }

        var result = new double[n];
        for (var mask = 0; mask < subsets; mask++)
        {
            var size = System.Numerics.BitOperations.PopCount((uint)mask);
            for (var i = 0; i < n; i++)
            {
                if ((mask & (1 << i)) == 0)
                {
                    result[i] += weight[size] * (values[mask | (1 << i)] - values[mask]);
                }
            }
        }

        return result;
    }

    private static double LogFactorial(int k)
    {
        var sum = 0.0;
        for (var i = 2; i <= k; i++)
        {
            sum += Math.Log(i);
        }

        return sum;
    }
}
