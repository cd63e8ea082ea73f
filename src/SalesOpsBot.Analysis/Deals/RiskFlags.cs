using SalesOpsBot.Analysis.Calendar;

namespace SalesOpsBot.Analysis.Deals;

/// <summary>A risk or hygiene problem on an open deal.</summary>
public enum RiskSignal
{
    /// <summary>Close date pushed later two or more times.</summary>
    PushedRepeatedly,

    /// <summary>Still open after its close date.</summary>
    PastCloseDate,

    /// <summary>In its current stage far longer than the scope's median for that stage.</summary>
    Stalled,

    /// <summary>Amount dropped a lot from its highest value.</summary>
    LargeAmountDrop,

    /// <summary>Expected to close this quarter while still in an early stage.</summary>
    EarlyStageClosingThisQuarter,
}

/// <summary>Thresholds of the flags.</summary>
/// <param name="MinPushes">Pushes that make a deal "pushed repeatedly".</param>
/// <param name="StallMultiple">A deal is stalled when its days in stage exceed this multiple of the stage's median in the scope.</param>
/// <param name="MinStallDays">…and at least this many days (so a fast stage's median of 2 days does not flag a 5-day deal).</param>
/// <param name="AmountDropShare">Share of the highest amount lost that counts as a large drop.</param>
/// <param name="EarlyStages">Stages that count as early.</param>
public sealed record RiskRules(
    int MinPushes = 2,
    double StallMultiple = 2,
    int MinStallDays = 14,
    double AmountDropShare = 0.3,
    IReadOnlySet<string>? EarlyStages = null)
{
    public IReadOnlySet<string> EarlyStageSet => EarlyStages ?? new HashSet<string>(["Prospecting", "Discovery"], StringComparer.OrdinalIgnoreCase);
}

public sealed record DealRisk(DealRecord Deal, IReadOnlyList<RiskSignal> Flags, IReadOnlyList<string> Reasons);

public static class RiskFlags
{
    /// <summary>Flags every open deal of <paramref name="deals"/> (the scope); deals without a flag are left out. Largest amount first.</summary>
    public static IReadOnlyList<DealRisk> Assess(IReadOnlyCollection<DealRecord> deals, DateOnly asOf, FiscalPeriod currentQuarter, RiskRules? rules = null)
    {
        ArgumentNullException.ThrowIfNull(deals);
        ArgumentNullException.ThrowIfNull(currentQuarter);
        rules ??= new RiskRules();
        var open = deals.Where(d => !d.IsClosed).ToList();
        var medianByStage = open.GroupBy(d => d.Stage, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => Median(g.Select(d => (double)d.DaysInStage)), StringComparer.OrdinalIgnoreCase);
        var result = new List<DealRisk>();
        foreach (var deal in open)
        {
            var flags = new List<RiskSignal>();
            var reasons = new List<string>();
            if (deal.PushCount >= rules.MinPushes)
            {
                flags.Add(RiskSignal.PushedRepeatedly);
                reasons.Add($"close date pushed {deal.PushCount} times");
            }

            if (deal.CloseDate < asOf)
            {
                flags.Add(RiskSignal.PastCloseDate);
                reasons.Add($"close date {deal.CloseDate:yyyy-MM-dd} has passed");
            }

            var median = medianByStage[deal.Stage];
            if (deal.DaysInStage >= rules.MinStallDays && deal.DaysInStage > rules.StallMultiple * median)
            {
                flags.Add(RiskSignal.Stalled);
                reasons.Add($"{deal.DaysInStage} days in {deal.Stage} (median {median:0})");
            }

            if (deal.MaxAmount > 0 && deal.Amount <= (1 - (decimal)rules.AmountDropShare) * deal.MaxAmount)
            {
                flags.Add(RiskSignal.LargeAmountDrop);
                reasons.Add($"amount down {1 - (double)(deal.Amount / deal.MaxAmount):0%} from its high");
            }

            if (currentQuarter.Contains(deal.CloseDate) && rules.EarlyStageSet.Contains(deal.Stage))
            {
                flags.Add(RiskSignal.EarlyStageClosingThisQuarter);
                reasons.Add($"closing this quarter but still in {deal.Stage}");
            }

            if (flags.Count > 0)
            {
                result.Add(new DealRisk(deal, flags, reasons));
            }
        }

        return [.. result.OrderByDescending(r => r.Deal.Amount).ThenBy(r => r.Deal.OpportunityId, StringComparer.Ordinal)];
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return 0;
        }

        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
