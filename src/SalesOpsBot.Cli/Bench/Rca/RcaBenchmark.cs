using System.Diagnostics;
using System.Globalization;
using SalesOpsBot.Analysis.Localization;

namespace SalesOpsBot.Cli.Bench.Rca;

/// <summary>
/// <c>salesops bench rca --data &lt;folder&gt;</c>: runs <see cref="RootCauseLocalizer"/> with one fixed set of
/// parameters on every case of the Squeeze B0 subset and of RS, scores micro-F1, exact-set accuracy and mean
/// localization time per case (file parsing excluded, as in the baseline runs), and prints the result beside
/// <c>baseline-results/summary.csv</c>.
/// </summary>
public static class RcaBenchmark
{
    /// <summary>The parameters used for every case of every dataset (documented in docs/benchmarks/rca.md).</summary>
    public static LocalizationOptions Options { get; } = new();

    /// <param name="dataFolder">The <c>rca</c> folder (holding <c>squeeze-B0-subset</c>, <c>RS</c>, <c>baseline-results</c>) or one dataset folder.</param>
    /// <param name="output">Where the result tables are written.</param>
    /// <param name="ct">Checked between cases.</param>
    /// <returns>0 when at least one dataset was run, 2 when none was found.</returns>
    public static async Task<int> RunAsync(DirectoryInfo dataFolder, TextWriter output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dataFolder);
        ArgumentNullException.ThrowIfNull(output);
        var datasets = FindDatasets(dataFolder);
        if (datasets.Count == 0)
        {
            await output.WriteLineAsync($"No RCA dataset found under {dataFolder.FullName} (expected squeeze-B0-subset/ or RS/).");
            return 2;
        }

        var results = new List<(string Dataset, string Setting, RcaScore Score)>();
        foreach (var (name, cases) in datasets)
        {
            var warm = false;
            var perSetting = new SortedDictionary<string, RcaScore>(StringComparer.Ordinal);
            var total = RcaScore.Empty;
            foreach (var rcaCase in cases)
            {
                ct.ThrowIfCancellationRequested();
                if (!warm)
                {
                    // One untimed run first, so that the figures are warm (JIT-compiled) times.
                    RootCauseLocalizer.Localize(rcaCase.Input, Options);
                    warm = true;
                }

                var score = Run(rcaCase, null);
                perSetting[rcaCase.Setting] = (perSetting.TryGetValue(rcaCase.Setting, out var s) ? s : RcaScore.Empty).Add(score);
                total = total.Add(score);
            }

            if (perSetting.Count > 1)
            {
                results.AddRange(perSetting.Select(p => (name, p.Key, p.Value)));
            }

            results.Add((name, "ALL", total));
        }

        await WriteReportAsync(output, results, FindBaselineSummary(dataFolder));
        return 0;
    }

    /// <summary>Runs one case and scores it; writes the predicted set to <paramref name="trace"/> when given.</summary>
    internal static RcaScore Run(RcaCase rcaCase, TextWriter? trace)
    {
        var stopwatch = Stopwatch.StartNew();
        var result = RootCauseLocalizer.Localize(rcaCase.Input, Options);
        stopwatch.Stop();
        var predicted = result.Causes.Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
        var score = RcaScore.Of(rcaCase.Labels, predicted, stopwatch.Elapsed.TotalSeconds);
        trace?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{rcaCase.Dataset},{rcaCase.Setting},{rcaCase.Name},{string.Join(';', rcaCase.Labels.Order(StringComparer.Ordinal))},{string.Join(';', predicted.Order(StringComparer.Ordinal))},{score.TruePositives},{score.FalsePositives},{score.FalseNegatives},{score.TotalSeconds:F4}"));
        return score;
    }

    internal static List<(string Name, IEnumerable<RcaCase> Cases)> FindDatasets(DirectoryInfo folder)
    {
        var found = new List<(string, IEnumerable<RcaCase>)>();
        var squeeze = new DirectoryInfo(Path.Combine(folder.FullName, "squeeze-B0-subset"));
        var rs = new DirectoryInfo(Path.Combine(folder.FullName, "RS"));
        if (squeeze.Exists)
        {
            found.Add(("B0", RcaDatasets.ReadSqueeze(squeeze, "B0")));
        }

        if (rs.Exists)
        {
            found.Add(("RS", RcaDatasets.ReadRs(rs, "RS")));
        }

        if (found.Count == 0 && File.Exists(Path.Combine(folder.FullName, "anomaly.yaml")))
        {
            found.Add(("RS", RcaDatasets.ReadRs(folder, "RS")));
        }
        else if (found.Count == 0 && folder.Exists && folder.GetDirectories().Any(d => File.Exists(Path.Combine(d.FullName, "injection_info.csv"))))
        {
            found.Add(("B0", RcaDatasets.ReadSqueeze(folder, "B0")));
        }

        return found;
    }

    private static FileInfo? FindBaselineSummary(DirectoryInfo folder)
    {
        for (var current = folder; current is not null; current = current.Parent)
        {
            var candidate = new FileInfo(Path.Combine(current.FullName, "baseline-results", "summary.csv"));
            if (candidate.Exists)
            {
                return candidate;
            }
        }

        return null;
    }

    private static async Task WriteReportAsync(TextWriter output, List<(string Dataset, string Setting, RcaScore Score)> results, FileInfo? baselineSummary)
    {
        await output.WriteLineAsync($"SalesOpsBot localizer (same parameters for every case: {Options})");
        await output.WriteLineAsync(Row("dataset", "setting", "cases", "TP", "FP", "FN", "micro-F1", "exact", "mean s/case"));
        foreach (var (dataset, setting, score) in results)
        {
            await output.WriteLineAsync(Row(dataset, setting, Int(score.Cases), Int(score.TruePositives), Int(score.FalsePositives),
                Int(score.FalseNegatives), Fixed(score.F1), Fixed(score.ExactShare), Fixed(score.MeanSeconds, 4)));
        }

        if (baselineSummary is null)
        {
            return;
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync($"Baselines ({baselineSummary.FullName}, ALL rows) beside ours:");
        await output.WriteLineAsync(Row("dataset", "algorithm", "cases", "TP", "FP", "FN", "micro-F1", "exact", "mean s/case"));
        var lines = await File.ReadAllLinesAsync(baselineSummary.FullName);
        var header = lines[0].Split(',');
        int Column(string name) => Array.IndexOf(header, name);
        foreach (var (dataset, _, score) in results.Where(r => r.Setting == "ALL"))
        {
            await output.WriteLineAsync(Row(dataset, "salesopsbot", Int(score.Cases), Int(score.TruePositives), Int(score.FalsePositives),
                Int(score.FalseNegatives), Fixed(score.F1), Fixed(score.ExactShare), Fixed(score.MeanSeconds, 4)));
            foreach (var fields in lines.Skip(1).Select(l => l.Split(',')).Where(f => f.Length == header.Length && f[Column("ds")] == dataset && f[Column("folder")] == "ALL"))
            {
                await output.WriteLineAsync(Row(dataset, fields[Column("alg")], fields[Column("n")], fields[Column("TP")], fields[Column("FP")],
                    fields[Column("FN")], Fixed(Parse(fields[Column("F1")])), Fixed(Parse(fields[Column("exact")])), Fixed(Parse(fields[Column("mean_s")]), 4)));
            }
        }
    }

    private static string Row(params string[] cells)
    {
        int[] widths = [8, 26, 6, 5, 5, 5, 9, 6, 11];
        return string.Join(' ', cells.Select((c, i) => i < 2 ? c.PadRight(widths[i]) : c.PadLeft(widths[i])));
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Fixed(double value, int digits = 3) => value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static double Parse(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
