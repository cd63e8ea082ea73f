using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Analysis.Formatting;

namespace SalesOpsBot.Analysis.Deals;

/// <summary>Why a deal is listed.</summary>
public enum DealRole
{
    /// <summary>Due in P at its start, not closed in P (contract definition).</summary>
    Slipped,

    /// <summary>Lost with close date in P.</summary>
    Lost,

    /// <summary>Due after P at its start, won in P.</summary>
    PulledIn,

    /// <summary>Won with close date in P.</summary>
    Won,
}

/// <summary>A deal with its signed effect on bookings (slipped and lost are negative).</summary>
public sealed record DealImpact(DealRecord Deal, DealRole Role, decimal Impact, string Reason);

/// <summary>The deal lists of an answer, each ranked by the size of its impact.</summary>
public sealed record DealLists(
    IReadOnlyList<DealImpact> Slipped,
    IReadOnlyList<DealImpact> Lost,
    IReadOnlyList<DealImpact> PulledIn,
    IReadOnlyList<DealImpact> LargestWon)
{
    /// <summary>Every listed deal, largest absolute impact first (a slipped deal can also be listed as won elsewhere, never twice here).</summary>
    public IReadOnlyList<DealImpact> All(int top) =>
        [.. Slipped.Concat(Lost).Concat(PulledIn).Concat(LargestWon).OrderByDescending(d => Math.Abs(d.Impact)).Take(top)];
}

public static class DealsBehindTheAnswer
{
    /// <summary>Classifies the deals of the scope for period <paramref name="period"/> and ranks each list.</summary>
    public static DealLists Rank(IEnumerable<DealRecord> deals, FiscalPeriod period, int topPerList = 10)
    {
        ArgumentNullException.ThrowIfNull(deals);
        ArgumentNullException.ThrowIfNull(period);
        var slipped = new List<DealImpact>();
        var lost = new List<DealImpact>();
        var pulledIn = new List<DealImpact>();
        var won = new List<DealImpact>();
        foreach (var deal in deals)
        {
            var closedInPeriod = deal.IsClosed && period.Contains(deal.CloseDate);
            var dueAtStart = deal.OpenAtStart && deal.CloseDateAtStart is { } dueDate && period.Contains(dueDate);
            if (dueAtStart && !closedInPeriod)
            {
                var where = deal.IsClosed ? (deal.IsWon ? "closed won" : "closed lost") + $" on {deal.CloseDate:yyyy-MM-dd}" : $"now expected {deal.CloseDate:yyyy-MM-dd}";
                slipped.Add(new DealImpact(deal, DealRole.Slipped, -deal.AmountAtStart,
                    $"was due {deal.CloseDateAtStart:yyyy-MM-dd} at {Money.Compact(deal.AmountAtStart)}, {where}" + (deal.PushCount > 0 ? $", pushed {deal.PushCount}×" : string.Empty)));
            }

            if (closedInPeriod && !deal.IsWon)
            {
                lost.Add(new DealImpact(deal, DealRole.Lost, -deal.Amount,
                    $"lost {deal.CloseDate:yyyy-MM-dd}" + (deal.LossReason is { Length: > 0 } reason ? $": {reason}" : string.Empty)));
            }

            if (closedInPeriod && deal.IsWon)
            {
                won.Add(new DealImpact(deal, DealRole.Won, deal.Amount, $"won {deal.CloseDate:yyyy-MM-dd}"));
                if (deal.OpenAtStart && deal.CloseDateAtStart is { } expected && expected > period.End)
                {
                    pulledIn.Add(new DealImpact(deal, DealRole.PulledIn, deal.Amount, $"was expected {expected:yyyy-MM-dd}, won {deal.CloseDate:yyyy-MM-dd}"));
                }
            }
        }

        return new DealLists(Top(slipped, topPerList), Top(lost, topPerList), Top(pulledIn, topPerList), Top(won, topPerList));
    }

    private static List<DealImpact> Top(List<DealImpact> impacts, int top) =>
        [.. impacts.OrderByDescending(d => Math.Abs(d.Impact)).ThenBy(d => d.Deal.OpportunityId, StringComparer.Ordinal).Take(top)];
}
