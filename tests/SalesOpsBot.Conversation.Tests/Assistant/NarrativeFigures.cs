using System.Globalization;
using System.Text.RegularExpressions;
using SalesOpsBot.Conversation.Answers;

namespace SalesOpsBot.Conversation.Tests.Assistant;

/// <summary>
/// Reads the figures a narrative states ("7.4M", "−2M", "79%", "2.7×", "69 days") and finds the ones no number of
/// the document accounts for, at the precision the figure is written with. Text the document carries verbatim
/// elsewhere (deal names, driver details, period labels) is taken out first: it is checked where it lives.
/// </summary>
internal static partial class NarrativeFigures
{
    public sealed record Figure(string Text, decimal Value, decimal Tolerance, bool Signed);

    [GeneratedRegex(@"(?<![\w.,])([+\u2212-]?)(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(k|M|B|%|×)?(?![\w])")]
    private static partial Regex FigurePattern();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}|\d{1,2} [A-Z][a-z]{2} \d{4}|\b[A-Z]{1,3}-\d+\b")]
    private static partial Regex DatesAndIdsPattern();

    public static IReadOnlyList<Figure> Read(string narrative)
    {
        var figures = new List<Figure>();
        foreach (Match match in FigurePattern().Matches(narrative))
        {
            var sign = match.Groups[1].Value;
            var digits = match.Groups[2].Value.Replace(",", "", StringComparison.Ordinal);
            var number = decimal.Parse(digits, CultureInfo.InvariantCulture);
            var decimals = digits.Contains('.', StringComparison.Ordinal) ? digits.Length - digits.IndexOf('.', StringComparison.Ordinal) - 1 : 0;
            var unit = match.Groups[3].Value;
            var (scale, tolerance) = unit switch
            {
                "k" => (1_000m, 500m),
                // Millions and billions are written "0.#": "2M" may stand for 1.96M.
                "M" => (1_000_000m, 50_000m),
                "B" => (1_000_000_000m, 50_000_000m),
                "%" => (0.01m, 0.005m),
                _ => (1m, 0.5m / (decimal)Math.Pow(10, decimals)),
            };
            var value = number * scale * (sign is "-" or "\u2212" ? -1 : 1);
            figures.Add(new Figure(match.Value, value, tolerance + 0.000001m, sign.Length > 0));
        }

        return figures;
    }

    /// <summary>The figures of the narrative that no number in the document matches.</summary>
    public static IReadOnlyList<Figure> Unaccounted(AnswerDocument document)
    {
        var numbers = Numbers(document).ToList();
        var narrative = document.Answer;
        foreach (var text in VerbatimTexts(document).Where(t => t.Length > 0).OrderByDescending(t => t.Length))
        {
            narrative = narrative.Replace(text, " ", StringComparison.Ordinal);
        }

        narrative = DatesAndIdsPattern().Replace(narrative, " ");
        return [.. Read(narrative).Where(f => !numbers.Any(n => Matches(f, n)))];
    }

    private static bool Matches(Figure figure, decimal number) =>
        Math.Abs(number - figure.Value) <= figure.Tolerance
        || (!figure.Signed && Math.Abs(Math.Abs(number) - figure.Value) <= figure.Tolerance);

    public static IEnumerable<decimal> Numbers(AnswerDocument document)
    {
        foreach (var value in document.Metrics.Values.OfType<decimal>())
        {
            yield return value;
        }

        foreach (var driver in document.Drivers)
        {
            yield return driver.Impact;
        }

        foreach (var row in document.Breakdown)
        {
            foreach (var value in new[] { row.Bookings, row.Quota, row.Attainment }.OfType<decimal>())
            {
                yield return value;
            }

            foreach (var value in (row.Measures ?? new Dictionary<string, decimal?>()).Values.OfType<decimal>())
            {
                yield return value;
            }
        }

        foreach (var deal in document.Deals)
        {
            yield return deal.Amount;
        }

        foreach (var point in document.Chart?.Points ?? [])
        {
            yield return point.Value;
        }
    }

    private static IEnumerable<string> VerbatimTexts(AnswerDocument document)
    {
        foreach (var deal in document.Deals)
        {
            yield return deal.Name;
            yield return deal.Account;
        }

        foreach (var driver in document.Drivers)
        {
            yield return driver.Detail;
        }

        foreach (var row in document.Breakdown)
        {
            yield return row.Value;
        }

        if (document.Period is { } period)
        {
            yield return period.Label;
        }

        foreach (var text in document.Followups.Concat(document.Caveats))
        {
            yield return text;
        }
    }
}
