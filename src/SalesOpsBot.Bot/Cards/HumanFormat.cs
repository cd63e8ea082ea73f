using System.Globalization;
using System.Text;

namespace SalesOpsBot.Bot.Cards;

/// <summary>Numbers the way a sales leader reads them: 8.1M, 950K, 86%, "−1.4M vs quota".</summary>
public static class HumanFormat
{
    // U+2212: a real minus sign, wider and clearer than a hyphen in a headline.
    private const char Minus = '\u2212';

    /// <summary>
    /// Compact money: 8,123,000 → "8.1M"; 3,000,000 → "3.0M"; 950,000 → "950K"; 93,400 → "93K"; 7,480 → "7.5K";
    /// 1,250,000,000 → "1.3B"; below 1,000 as is.
    /// </summary>
    public static string Money(decimal amount)
    {
        var sign = amount < 0 ? Minus.ToString() : "";
        var magnitude = Math.Abs(amount);
        var (scaled, suffix) = magnitude switch
        {
            >= 1_000_000_000m => (magnitude / 1_000_000_000m, "B"),
            >= 1_000_000m => (magnitude / 1_000_000m, "M"),
            >= 1_000m => (magnitude / 1_000m, "K"),
            _ => (magnitude, ""),
        };

        // Millions keep one decimal below 100 even when it is 0, so a column of them lines up (3.0M beside 3.1M);
        // thousands are whole from 10K (93K, not 93.4K: the tenth of a thousand is noise to a leader).
        var decimals = suffix switch
        {
            "M" or "B" => scaled < 100m ? 1 : 0,
            "K" => scaled < 10m ? 1 : 0,
            _ => 0,
        };
        var rounded = Math.Round(scaled, decimals, MidpointRounding.AwayFromZero);
        if (rounded >= 1000m && suffix is "" or "K" or "M")
        {
            // 999,960 rounds to "1000K": move up a unit instead.
            return Money(amount < 0 ? -(rounded * UnitOf(suffix)) : rounded * UnitOf(suffix));
        }

        var format = suffix is "M" or "B" && decimals == 1 ? "0.0" : "0.#";
        return sign + rounded.ToString(format, CultureInfo.InvariantCulture) + suffix;
    }

    /// <summary>A signed difference: "+0.4M" or "−1.4M".</summary>
    public static string SignedMoney(decimal amount) => amount > 0 ? "+" + Money(amount) : Money(amount);

    /// <summary>A fraction as a whole percentage: 0.855 → "86%".</summary>
    public static string Percent(decimal fraction)
    {
        var value = Math.Round(fraction * 100m, 0, MidpointRounding.AwayFromZero);
        return (value < 0 ? Minus + (-value).ToString("0", CultureInfo.InvariantCulture) : value.ToString("0", CultureInfo.InvariantCulture)) + "%";
    }

    /// <summary>Coverage-style multiples: 3.14 → "3.1×".</summary>
    public static string Multiple(decimal ratio) =>
        Math.Round(ratio, 1, MidpointRounding.AwayFromZero).ToString("0.0", CultureInfo.InvariantCulture) + "\u00D7";

    /// <summary>The gap against quota in words: −1,377,000 → "−1.4M vs quota".</summary>
    public static string Gap(decimal gap) => SignedMoney(gap) + " vs quota";

    /// <summary>Formats a named metric by what it measures (ratios as %, coverage as ×, counts and days as numbers, the rest as money).</summary>
    public static string Metric(string name, decimal value) => name switch
    {
        "attainment" or "share_of_gap" or "forecast_attainment" => Percent(value),
        _ when name.Contains("rate", StringComparison.Ordinal) => Percent(value),
        "coverage" => Multiple(value),
        "gap" or "gap_to_quota" or "main_impact" => SignedMoney(value),
        _ when name.EndsWith("_days", StringComparison.Ordinal) => Math.Round(value, 0, MidpointRounding.AwayFromZero).ToString("0", CultureInfo.InvariantCulture) + " days",
        "deal_count" or "deals" or "opportunities" or "reps" or "at_risk" or "won_deals" or "lost_deals" => Count(value),
        _ => Money(value),
    };

    /// <summary>A count: 1234 → "1,234".</summary>
    public static string Count(decimal value) => Math.Round(value, 0, MidpointRounding.AwayFromZero).ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>A date as people write it: 2026-11-03 → "3 Nov 2026" (no day-month order to misread).</summary>
    public static string Date(DateOnly date) => date.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>A metric's display label: "win_rate" → "Win rate", "open_in_commit" → "Commit".</summary>
    public static string Label(string name)
    {
        if (Labels.TryGetValue(name, out var known))
        {
            return known;
        }

        var words = name.Replace('_', ' ');
        return words.Length == 0 ? words : char.ToUpperInvariant(words[0]) + words[1..];
    }

    // Names the engine uses whose snake-case spelling does not read well on its own.
    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["open_pipeline"] = "Open pipeline",
        ["open_in_commit"] = "Commit",
        ["open_in_best_case"] = "Best case",
        ["open_in_pipeline"] = "Pipeline",
        ["open_in_omitted"] = "Omitted",
        ["commit_call"] = "Commit call",
        ["best_case_call"] = "Best case call",
        ["gap_to_quota"] = "Gap to quota",
        ["share_of_gap"] = "Share of gap",
        ["main_impact"] = "Main driver",
        ["win_rate_amount"] = "Win rate by amount",
        ["average_deal_size"] = "Avg deal",
        ["sales_cycle_days"] = "Cycle",
        ["linear_pace"] = "Linear pace",
        ["at_risk"] = "At risk",
        ["pipeline_created"] = "Pipeline created",
        ["pulled_in"] = "Pulled in",
    };

    private static decimal UnitOf(string suffix) => suffix switch
    {
        "K" => 1_000m,
        "M" => 1_000_000m,
        _ => 1m,
    };
}

/// <summary>
/// Makes text that comes from data (deal, account and rep names, loss reasons) inert in card markdown: no links,
/// images, emphasis, headings, lists or autolinked URLs can be produced from it.
/// </summary>
public static partial class InertText
{
    // Characters that open links, images, emphasis, code or HTML anywhere in a line.
    private const string InlineSpecials = "\\`*_[]<>~";

    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var builder = new StringBuilder(text.Length + 8);
        foreach (var character in text)
        {
            if (character is '\r' or '\n')
            {
                // A line break could start a heading or list item; data stays on one line.
                builder.Append(' ');
            }
            else if (InlineSpecials.Contains(character, StringComparison.Ordinal))
            {
                builder.Append('\\').Append(character);
            }
            else
            {
                builder.Append(character);
            }
        }

        // At the start of a line "#", "-", "+" and "1." / "1)" make headings, lists and quotes.
        var leading = LeadingBlockMarker().Match(builder.ToString());
        if (leading.Success)
        {
            builder.Insert(leading.Groups["marker"].Index, '\\');
        }

        // Renderers autolink bare URLs; a zero-width space after the scheme and in "www." stops that.
        return builder.ToString()
            .Replace("://", ":\u200B//", StringComparison.Ordinal)
            .Replace("www.", "www\u200B.", StringComparison.OrdinalIgnoreCase);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*(?:\d+(?<marker>[.)])|(?<marker>[#+\-]))")]
    private static partial System.Text.RegularExpressions.Regex LeadingBlockMarker();
}
