using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using SalesOpsBot.Conversation.Answers;

namespace SalesOpsBot.Conversation.Llm;

/// <summary>A number as written in a text: its value (percentages as fractions) and how far rounding may have moved it.</summary>
public sealed record NumberMention(string Text, decimal Value, decimal Tolerance);

/// <summary>The verdict on a model's text: every number it states, and those no tool result supports.</summary>
public sealed record GuardVerdict(IReadOnlyList<NumberMention> Numbers, IReadOnlyList<NumberMention> Unverified)
{
    public bool Passed => Unverified.Count == 0;
}

/// <summary>
/// Checks that every number in a model's narrative is one of the numbers of the turn's tool results, allowing the
/// rounding and formatting people use: "8.1M" for 8,123,000, "86%" for 0.855, "3.2x" for 3.214, a sign dropped
/// ("missed by 1.4M" for a gap of −1,400,000). Nothing is derived: a sum, difference or share the tools did not
/// return is unverifiable, and so is any number when there are no tool results.
/// </summary>
public static partial class NumberGuard
{
    /// <summary>Small counts and ordinals ("two drivers", "Q1", "top 3") need no source.</summary>
    private const int FreeIntegerLimit = 4;

    /// <summary>Relative slack for long figures written rounded ("8,120,000" for 8,123,456).</summary>
    private const decimal RelativeSlack = 0.001m;

    [GeneratedRegex(@"(?<![\d.,])(?<int>\d{1,3}(?:,\d{3})+|\d+)(?<frac>\.\d+)?(?:\s?(?<unit>%|percent\b|per cent\b|pp\b|k\b|K\b|thousand\b|mn\b|million\b|M\b|m\b|bn\b|billion\b|B\b|×|x\b))?", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();

    public static IReadOnlyList<NumberMention> Find(string text)
    {
        var mentions = new List<NumberMention>();
        foreach (Match match in NumberPattern().Matches(text ?? ""))
        {
            var digits = match.Groups["int"].Value.Replace(",", "", StringComparison.Ordinal) + match.Groups["frac"].Value;
            if (!decimal.TryParse(digits, NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
            {
                continue;
            }

            var decimals = match.Groups["frac"].Success ? match.Groups["frac"].Value.Length - 1 : 0;
            var halfUnit = 0.5m / Pow10(decimals);
            var scale = match.Groups["unit"].Value switch
            {
                "%" or "percent" or "per cent" or "pp" => 0.01m,
                "k" or "K" or "thousand" => 1_000m,
                "mn" or "million" or "M" or "m" => 1_000_000m,
                "bn" or "billion" or "B" => 1_000_000_000m,
                _ => 1m,
            };
            mentions.Add(new NumberMention(match.Value.Trim(), number * scale, halfUnit * scale));
        }

        return mentions;
    }

    /// <summary>Checks <paramref name="text"/> against the answer documents the tools returned this turn.</summary>
    public static GuardVerdict Check(string text, IReadOnlyList<AnswerDocument> sources) =>
        Check(text, SourceNumbers(sources));

    public static GuardVerdict Check(string text, IReadOnlyList<NumberMention> sources)
    {
        var numbers = Find(text);
        var unverified = numbers.Where(n => !IsFree(n) && !sources.Any(s => Matches(n, s))).ToList();
        return new GuardVerdict(numbers, unverified);
    }

    /// <summary>Every number in the documents: JSON numbers exactly, numbers inside texts (labels, dates, details) as written, and the counts of their lists.</summary>
    public static IReadOnlyList<NumberMention> SourceNumbers(IReadOnlyList<AnswerDocument> sources)
    {
        var numbers = new List<NumberMention>();
        foreach (var document in sources)
        {
            Collect(JsonSerializer.SerializeToElement(document with { Provenance = new Provenance() }), numbers);
            foreach (var count in new[] { document.Deals.Count, document.Drivers.Count, document.Breakdown.Count })
            {
                numbers.Add(new NumberMention(count.ToString(CultureInfo.InvariantCulture), count, 0));
            }
        }

        // "FY26" for the FY2026 of a label.
        var years = numbers.Where(n => n.Tolerance <= 0.5m && n.Value is >= 1990 and <= 2100 && decimal.Truncate(n.Value) == n.Value).ToList();
        numbers.AddRange(years.Select(y => new NumberMention(y.Text, y.Value % 100, 0)));
        return numbers;
    }

    private static void Collect(JsonElement element, List<NumberMention> numbers)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Collect(property.Value, numbers);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, numbers);
                }

                break;
            case JsonValueKind.Number:
                numbers.Add(new NumberMention(element.GetRawText(), element.GetDecimal(), 0));
                break;
            case JsonValueKind.String:
                numbers.AddRange(Find(element.GetString()!));
                break;
        }
    }

    private static bool IsFree(NumberMention number) =>
        number.Tolerance == 0.5m && number.Value <= FreeIntegerLimit;

    private static bool Matches(NumberMention stated, NumberMention source)
    {
        var difference = Math.Abs(Math.Abs(stated.Value) - Math.Abs(source.Value));
        var allowed = stated.Tolerance + source.Tolerance + RelativeSlack * Math.Abs(source.Value) * (stated.Tolerance >= 0.5m ? 1 : 0);
        return difference <= allowed;
    }

    private static decimal Pow10(int decimals)
    {
        var result = 1m;
        for (var i = 0; i < decimals; i++)
        {
            result *= 10;
        }

        return result;
    }
}
