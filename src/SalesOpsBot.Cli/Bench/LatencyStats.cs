using System.Globalization;

namespace SalesOpsBot.Cli.Bench;

/// <summary>Order statistics of repeated timings, in milliseconds.</summary>
internal sealed record LatencyStats(int Runs, double Min, double Median, double P95, double Max)
{
    public static LatencyStats Of(IReadOnlyCollection<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        double At(double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new LatencyStats(sorted.Length, sorted[0], At(0.5), At(0.95), sorted[^1]);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"min {Min,7:F1}  median {Median,7:F1}  p95 {P95,7:F1}  max {Max,7:F1} ms  ({Runs} runs)");
}
