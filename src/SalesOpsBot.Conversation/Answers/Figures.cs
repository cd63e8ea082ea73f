using System.Globalization;
using SalesOpsBot.Analysis.Metrics;

namespace SalesOpsBot.Conversation.Answers;

/// <summary>Numbers as a sales leader reads them: 8.1M, 86%, "−1.4M vs quota". Only ever formats query results.</summary>
public static class Figures
{
    private const char Minus = '\u2212';

    public static string Money(decimal amount) => Analysis.Formatting.Money.Compact(amount).Replace('-', Minus);

    public static string Percent(double? share) => share is { } s ? Analysis.Formatting.Money.Percent(s) : "n/a";

    public static string WithSign(decimal amount) => (amount >= 0 ? "+" : "") + Money(amount);

    public static string VsQuota(decimal gap) => $"{WithSign(gap)} vs quota";

    public static string Days(double? days) => days is { } d ? d.ToString("0", CultureInfo.InvariantCulture) + " days" : "n/a";

    public static string Ratio(double? ratio) => ratio is { } r ? r.ToString("0.0", CultureInfo.InvariantCulture) + "×" : "n/a";

    public static string Date(DateOnly date) => date.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>The metrics block of the answer document (money in currency, ratios as fractions).</summary>
    public static Dictionary<string, decimal?> MetricsOf(SalesMetrics m) => new(StringComparer.Ordinal)
    {
        ["bookings"] = m.Bookings,
        ["quota"] = m.Quota,
        ["attainment"] = Round(m.Attainment),
        ["gap"] = m.Gap,
        ["open_pipeline"] = m.OpenPipeline,
        ["coverage"] = Round(m.Coverage),
        ["win_rate"] = Round(m.WinRateByCount),
        ["win_rate_amount"] = Round(m.WinRateByAmount),
        ["average_deal_size"] = m.AverageDealSize is { } size ? decimal.Round(size, 2) : null,
        ["sales_cycle_days"] = Round(m.SalesCycleDays, 1),
        ["pipeline_created"] = m.PipelineCreated,
        ["slipped"] = m.Slipped,
        ["pulled_in"] = m.PulledIn,
        ["won_deals"] = (decimal)m.WonCount,
        ["lost_deals"] = (decimal)m.LostCount,
    };

    public static decimal? Round(double? value, int decimals = 4) =>
        value is { } v && double.IsFinite(v) ? decimal.Round((decimal)v, decimals) : null;
}
