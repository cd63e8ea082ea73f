using System.Globalization;

namespace SalesOpsBot.Analysis.Formatting;

/// <summary>Compact amounts for sentences: 1.2M, 450k, 900.</summary>
public static class Money
{
    public static string Compact(decimal amount)
    {
        var sign = amount < 0 ? "-" : string.Empty;
        var value = Math.Abs(amount);
        // The unit is chosen by the value as it will be rounded, so 999,600 reads "1M", not "1000k".
        return value switch
        {
            >= 999_950_000m => sign + (value / 1_000_000_000m).ToString("0.#", CultureInfo.InvariantCulture) + "B",
            >= 999_500m => sign + (value / 1_000_000m).ToString("0.#", CultureInfo.InvariantCulture) + "M",
            >= 999.5m => sign + (value / 1_000m).ToString("0", CultureInfo.InvariantCulture) + "k",
            _ => sign + value.ToString("0", CultureInfo.InvariantCulture),
        };
    }

    public static string Percent(double share) => share.ToString("0%", CultureInfo.InvariantCulture);

    public static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>"1 deal", "41 deals", "54.6 deals" (baseline counts are averages).</summary>
    public static string Count(double value, string noun) => $"{Number(value)} {noun}{(value == 1 ? string.Empty : "s")}";
}
