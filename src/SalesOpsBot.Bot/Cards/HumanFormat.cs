using System.Globalization;
using System.Text;

namespace SalesOpsBot.Bot.Cards;

/// <summary>Numbers the way a sales leader reads them: 8.1M, 950K, 86%, "−1.4M vs quota".</summary>
public static class HumanFormat
{
    // U+2212: a real minus sign, wider and clearer than a hyphen in a headline.
    private const char Minus = '\u2212';

    /// <summary>Compact money: 8,123,000 → "8.1M"; 950,000 → "950K"; 1,250,000,000 → "1.3B"; below 1,000 as is.</summary>
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

        // One decimal below 100 of the unit (8.1M), none above (950K, 120M); whole numbers drop ".0".
        var rounded = Math.Round(scaled, scaled < 100m ? 1 : 0, MidpointRounding.AwayFromZero);
        if (rounded >= 1000m && suffix.Length > 0 && suffix != "B")
        {
            // 999,960 rounds to "1000K": move up a unit instead.
            return Money(amount < 0 ? -(rounded * UnitOf(suffix)) : rounded * UnitOf(suffix));
        }

        return sign + rounded.ToString("0.#", CultureInfo.InvariantCulture) + suffix;
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

    /// <summary>Formats a named metric by what it measures (ratios as %, coverage as ×, the rest as money).</summary>
    public static string Metric(string name, decimal value) => name switch
    {
        "attainment" or "win_rate" or "conversion_rate" or "slippage_rate" or "forecast_attainment" => Percent(value),
        "coverage" => Multiple(value),
        "gap" => SignedMoney(value),
        "deal_count" or "deals" or "opportunities" or "reps" => value.ToString("0", CultureInfo.InvariantCulture),
        _ => Money(value),
    };

    /// <summary>A metric's display label: "win_rate" → "Win rate".</summary>
    public static string Label(string name)
    {
        var words = name.Replace('_', ' ');
        return words.Length == 0 ? words : char.ToUpperInvariant(words[0]) + words[1..];
    }

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
