using System.Globalization;
using System.Text.RegularExpressions;
using SalesOpsBot.Analysis.Localization;

namespace SalesOpsBot.Cli.Bench.Rca;

/// <summary>One labelled benchmark case: the cube to localize and the root-cause set it should find.</summary>
internal sealed record RcaCase(string Dataset, string Setting, string Name, LocalizationInput Input, IReadOnlySet<string> Labels);

/// <summary>Readers for the two formats described in shared/data/rca/README.md.</summary>
internal static partial class RcaDatasets
{
    /// <summary>
    /// The Squeeze B0 layout: one folder per setting with <c>injection_info.csv</c> (labels for all 100 cases)
    /// and <c>{timestamp}.csv</c> files of <c>real,predict,&lt;dimensions&gt;</c>; only labelled files that exist are read.
    /// </summary>
    public static IEnumerable<RcaCase> ReadSqueeze(DirectoryInfo folder, string dataset)
    {
        foreach (var setting in folder.GetDirectories().OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            var injection = Path.Combine(setting.FullName, "injection_info.csv");
            if (!File.Exists(injection))
            {
                continue;
            }

            var labels = ReadInjectionLabels(injection);
            foreach (var file in setting.GetFiles("*.csv").OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                var name = Path.GetFileNameWithoutExtension(file.Name);
                if (labels.TryGetValue(name, out var set))
                {
                    yield return new RcaCase(dataset, setting.Name, name, ReadSqueezeCube(file.FullName), set);
                }
            }
        }
    }

    private static Dictionary<string, IReadOnlySet<string>> ReadInjectionLabels(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = SplitCsv(lines[0]);
        var setColumn = Array.IndexOf(header, "set");
        var timestampColumn = Array.IndexOf(header, "timestamp");
        var labels = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var fields = SplitCsv(line);
            var combinations = fields[setColumn].Split(';', StringSplitOptions.RemoveEmptyEntries)
                .Select(c => Normalize(c.Split('&').Select(p => SplitPair(p))));
            labels[fields[timestampColumn]] = combinations.ToHashSet(StringComparer.Ordinal);
        }

        return labels;
    }

    private static LocalizationInput ReadSqueezeCube(string path)
    {
        using var reader = new StreamReader(path);
        var header = SplitCsv(reader.ReadLine() ?? string.Empty);
        var realColumn = Array.IndexOf(header, "real");
        var predictColumn = Array.IndexOf(header, "predict");
        var dimensionColumns = Enumerable.Range(0, header.Length).Where(i => i != realColumn && i != predictColumn).ToArray();
        var leaves = new List<CubeLeaf>(22_000);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split(',');
            var values = new string[dimensionColumns.Length];
            for (var d = 0; d < values.Length; d++)
            {
                values[d] = fields[dimensionColumns[d]];
            }

            leaves.Add(new CubeLeaf(values, ParseDouble(fields[realColumn]), ParseDouble(fields[predictColumn])));
        }

        return new LocalizationInput([.. dimensionColumns.Select(i => header[i])], leaves, MeasureKind.Additive);
    }

    /// <summary>
    /// The RS layout: <c>anomaly.yaml</c> plus one CSV per case of one-minute snapshots. The KPI is the ratio
    /// (cnt − value) / cnt; the expectation of a leaf is its mean numerator and denominator over the four minutes
    /// before the anomalous minute (absent minutes count as zero), as in the README.
    /// </summary>
    public static IEnumerable<RcaCase> ReadRs(DirectoryInfo folder, string dataset)
    {
        foreach (var entry in ReadAnomalyYaml(Path.Combine(folder.FullName, "anomaly.yaml")))
        {
            var path = Path.Combine(folder.FullName, entry.Data + ".csv");
            if (File.Exists(path))
            {
                yield return new RcaCase(dataset, string.Empty, entry.Data, ReadRsCube(path, entry.Timestamp), entry.Labels);
            }
        }
    }

    private static LocalizationInput ReadRsCube(string path, long anomalyMinute)
    {
        using var reader = new StreamReader(path);
        var header = SplitCsv(reader.ReadLine() ?? string.Empty);
        var minuteColumn = Array.IndexOf(header, "min");
        var valueColumn = Array.IndexOf(header, "value");
        var countColumn = Array.IndexOf(header, "cnt");
        var dimensionColumns = Enumerable.Range(0, header.Length)
            .Where(i => i != minuteColumn && i != valueColumn && i != countColumn).ToArray();
        const int HistoryMinutes = 4;
        var current = new Dictionary<string, (string[] Values, double Numerator, double Denominator)>(StringComparer.Ordinal);
        var history = new Dictionary<string, (double Numerator, double Denominator)>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split(',');
            var minute = long.Parse(fields[minuteColumn], CultureInfo.InvariantCulture);
            var isCurrent = minute == anomalyMinute;
            if (!isCurrent && (minute >= anomalyMinute || minute < anomalyMinute - (HistoryMinutes * 60)))
            {
                continue;
            }

            var values = dimensionColumns.Select(i => fields[i]).ToArray();
            var key = string.Join('\u001f', values);
            var count = ParseDouble(fields[countColumn]);
            var numerator = count - ParseDouble(fields[valueColumn]);
            if (isCurrent)
            {
                var existing = current.TryGetValue(key, out var c) ? c : (values, 0, 0);
                current[key] = (values, existing.Item2 + numerator, existing.Item3 + count);
            }
            else
            {
                var existing = history.TryGetValue(key, out var h) ? h : (0, 0);
                history[key] = (existing.Numerator + numerator, existing.Denominator + count);
            }
        }

        var leaves = current.Select(pair =>
        {
            var past = history.TryGetValue(pair.Key, out var h) ? h : (0, 0);
            return new CubeLeaf(pair.Value.Values, pair.Value.Numerator, past.Numerator / HistoryMinutes,
                pair.Value.Denominator, past.Denominator / HistoryMinutes);
        }).ToList();
        return new LocalizationInput([.. dimensionColumns.Select(i => header[i])], leaves, MeasureKind.Ratio);
    }

    private sealed record AnomalyEntry(string Data, long Timestamp, IReadOnlySet<string> Labels);

    private static List<AnomalyEntry> ReadAnomalyYaml(string path)
    {
        var entries = new List<AnomalyEntry>();
        string? data = null;
        long timestamp = 0;
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.StartsWith("- data:", StringComparison.Ordinal))
            {
                data = Unquote(line["- data:".Length..]);
            }
            else if (line.StartsWith("timestamp:", StringComparison.Ordinal))
            {
                timestamp = long.Parse(line["timestamp:".Length..].Trim(), CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("cause:", StringComparison.Ordinal) && data is not null)
            {
                var labels = MappingPattern().Matches(line)
                    .Select(m => Normalize(PairPattern().Matches(m.Value).Select(p => (p.Groups[1].Value, Unquote(p.Groups[2].Value)))))
                    .ToHashSet(StringComparer.Ordinal);
                entries.Add(new AnomalyEntry(data, timestamp, labels));
                data = null;
            }
        }

        return entries;
    }

    /// <summary>The scoring key of a combination: <c>dim=value</c> pairs sorted by dimension, joined by <c>&amp;</c>.</summary>
    public static string Normalize(IEnumerable<(string Dimension, string Value)> pairs) =>
        string.Join('&', pairs.OrderBy(p => p.Dimension, StringComparer.Ordinal).Select(p => $"{p.Dimension}={p.Value}"));

    private static (string, string) SplitPair(string pair)
    {
        var at = pair.IndexOf('=', StringComparison.Ordinal);
        return (pair[..at].Trim(), pair[(at + 1)..].Trim());
    }

    private static string Unquote(string text) => text.Trim().Trim('\'', '"').Trim();

    private static double ParseDouble(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string[] SplitCsv(string line) => line.Split(',').Select(f => f.Trim().Trim('"')).ToArray();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex MappingPattern();

    [GeneratedRegex(@"['""]?([A-Za-z_][A-Za-z0-9_]*)['""]?\s*:\s*('[^']*'|""[^""]*""|[^,}]+)")]
    private static partial Regex PairPattern();
}
