namespace SalesOpsBot.Warehouse.Seeding;

/// <summary>
/// SplitMix64: a tiny, fast generator whose output is fixed by its definition, so demo data never
/// changes with the .NET version (System.Random makes no such promise). One stream per deal, keyed by
/// (seed, deal index), keeps every deal independent of the others.
/// </summary>
internal struct DemoRandom(ulong state)
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    private ulong _state = state;

    public static DemoRandom For(int seed, long stream, ulong salt = 0) =>
        new(Mix(Mix((ulong)(uint)seed ^ salt) + (ulong)stream * Golden));

    public ulong NextUInt64()
    {
        _state += Golden;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, <paramref name="exclusiveMax"/>).</summary>
    public int Next(int exclusiveMax) => (int)(((NextUInt64() >> 32) * (ulong)exclusiveMax) >> 32);

    /// <summary>Uniform integer in [<paramref name="min"/>, <paramref name="max"/>] (both inclusive).</summary>
    public int Between(int min, int max) => min + Next(max - min + 1);

    public double Uniform(double min, double max) => min + (max - min) * NextDouble();

    public bool Chance(double probability) => NextDouble() < probability;

    /// <summary>
    /// Approximately standard normal (Irwin–Hall: four uniforms, rescaled), clamped to ±<paramref name="limit"/>.
    /// Plain arithmetic only: Math.Log/Cos may differ in the last bit between runtimes, this cannot.
    /// </summary>
    public double Normal(double limit = 2.5)
    {
        var sum = NextDouble() + NextDouble() + NextDouble() + NextDouble();
        return Math.Clamp((sum - 2.0) * 1.7320508075688772, -limit, limit);
    }

    /// <summary>
    /// e^x for |x| ≤ 1 by a fixed Taylor polynomial (relative error below 1e-9): like <see cref="Normal"/>,
    /// arithmetic that gives the same bits on every runtime, so amounts never round differently.
    /// </summary>
    public static double Exp(double x)
    {
        if (Math.Abs(x) > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "Only small exponents are supported.");
        }

        var term = 1.0;
        var sum = 1.0;
        for (var n = 1; n <= 14; n++)
        {
            term = term * x / n;
            sum += term;
        }

        return sum;
    }

    /// <summary>Index drawn from cumulative weights (last entry is the total).</summary>
    public int Pick(ReadOnlySpan<double> cumulative)
    {
        var target = NextDouble() * cumulative[^1];
        for (var i = 0; i < cumulative.Length - 1; i++)
        {
            if (target < cumulative[i])
            {
                return i;
            }
        }

        return cumulative.Length - 1;
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
