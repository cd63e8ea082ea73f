namespace SalesOpsBot.Cli.Bench.Rca;

/// <summary>
/// Micro-averaged counts as the Squeeze/RiskLoc papers score them: a predicted combination is a true positive
/// only if it equals a labelled one exactly; F1 = 2·TP / (2·TP + FP + FN) over all cases.
/// </summary>
internal sealed record RcaScore(int Cases, int TruePositives, int FalsePositives, int FalseNegatives, int ExactSets, double TotalSeconds)
{
    public static RcaScore Empty { get; } = new(0, 0, 0, 0, 0, 0);

    public double F1 => TruePositives + FalsePositives + FalseNegatives == 0
        ? 1
        : 2.0 * TruePositives / (2.0 * TruePositives + FalsePositives + FalseNegatives);

    public double ExactShare => Cases == 0 ? 0 : (double)ExactSets / Cases;

    public double MeanSeconds => Cases == 0 ? 0 : TotalSeconds / Cases;

    public static RcaScore Of(IReadOnlySet<string> labels, IReadOnlySet<string> predicted, double seconds)
    {
        var truePositives = predicted.Count(labels.Contains);
        var exact = truePositives == labels.Count && predicted.Count == labels.Count;
        return new RcaScore(1, truePositives, predicted.Count - truePositives, labels.Count - truePositives, exact ? 1 : 0, seconds);
    }

    public RcaScore Add(RcaScore other) => new(
        Cases + other.Cases,
        TruePositives + other.TruePositives,
        FalsePositives + other.FalsePositives,
        FalseNegatives + other.FalseNegatives,
        ExactSets + other.ExactSets,
        TotalSeconds + other.TotalSeconds);
}
