using System.Globalization;

namespace SalesOpsBot.Analysis.Formatting;

/// <summary>Compact amounts for sentences: 1.2M, 450k, 900.</summary>
public static class Money
{
    public static string Compact(decimal amount)
    {
        var sign = amount < 0 ? "-" : string.Empty;
        var value = Math.Abs(amount);
        return value switch
        {
            >= 1_000_000_000m => sign + (value / 1_000_000_000m).ToString("0.#", CultureInfo.InvariantCulture) + "B",
            >= 1_000_000m => sign + (value / 1_000_000m).ToString("0.#", CultureInfo.InvariantCulture) + "M",
            >= 1_000m => sign + (value / 1_000m).ToString("0", CultureInfo.InvariantCulture) + "k",
            _ => sign + value.ToString("0", CultureInfo.InvariantCulture),
        };
    }

    public static string Percent(double share) => share.ToString("0%", CultureInfo.InvariantCulture);

    public static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
