using SalesOpsBot.Analysis.Calendar;

namespace SalesOpsBot.Analysis.Pipeline;

/// <summary>A deal's state on one date, from <c>opportunity_history</c> (the row in force at the end of that day).</summary>
public sealed record DealState(bool IsClosed, bool IsWon, decimal Amount, DateOnly CloseDate, string ForecastCategory);

/// <summary>A deal's states at the waterfall's start and end dates; <see cref="AtStart"/> is null when it did not exist yet.</summary>
public sealed record DealStatePair(string OpportunityId, DealState? AtStart, DealState AtEnd);

/// <summary>
/// The waterfall's steps as sums; the warehouse can fill this in one SQL pass using the same rules as
/// <see cref="PipelineWaterfall.Build"/> (documented there), or the engine builds it from deal state pairs.
/// Outflows are negative.
/// </summary>
public sealed record WaterfallSteps(
    decimal StartPipeline,
    decimal Created,
    decimal PulledIn,
    decimal Won,
    decimal Lost,
    decimal SlippedOut,
    decimal AmountChanges,
    decimal CategoryMovesIn,
    decimal CategoryMovesOut,
    decimal EndPipeline)
{
    /// <summary>Start + every step; equals <see cref="EndPipeline"/> when the waterfall reconciles.</summary>
    public decimal Walk => StartPipeline + Created + PulledIn + Won + Lost + SlippedOut + AmountChanges + CategoryMovesIn + CategoryMovesOut;

    public bool Reconciles => Walk == EndPipeline;
}

/// <summary>
/// Pipeline waterfall between two dates for a target period P: pipeline on a date = Σ amount of deals open on that
/// date whose close date (on that date) lies in P and whose forecast category is in the chosen set (all open
/// deals when no set is given).
/// </summary>
public static class PipelineWaterfall
{
    /// <summary>
    /// Classifies each deal once, so that the steps reconcile exactly. For a deal in the start pipeline (S) and/or the
    /// end pipeline (E):
    /// S and E: amount change = end − start amount.
    /// S only: closed won/lost by the end → won/lost at its final amount, with final − start as amount change;
    /// still open with its close date outside P → slipped out at its start amount; still open and in P but its
    /// category left the set → category move out at its start amount.
    /// E only: created after the start date → created; open at the start with a close date outside P (or closed then and reopened) → pulled in;
    /// open at the start in P but in another category → category move in (all at the end amount).
    /// Neither, but created or pulled into P and closed in P between the dates → shown as created/pulled in and
    /// won/lost at the final amount (they net to zero).
    /// </summary>
    public static WaterfallSteps Build(IEnumerable<DealStatePair> deals, FiscalPeriod period, IReadOnlySet<string>? categories = null)
    {
        ArgumentNullException.ThrowIfNull(deals);
        ArgumentNullException.ThrowIfNull(period);
        decimal start = 0, end = 0, created = 0, pulledIn = 0, won = 0, lost = 0, slipped = 0, changes = 0, movesIn = 0, movesOut = 0;
        bool InCategory(DealState s) => categories is null || categories.Contains(s.ForecastCategory);
        bool InPipeline(DealState? s) => s is not null && !s.IsClosed && period.Contains(s.CloseDate) && InCategory(s);

        foreach (var deal in deals)
        {
            var (before, after) = (deal.AtStart, deal.AtEnd);
            var inStart = InPipeline(before);
            var inEnd = InPipeline(after);
            if (inStart)
            {
                start += before!.Amount;
            }

            if (inEnd)
            {
                end += after.Amount;
            }

            if (inStart && inEnd)
            {
                changes += after.Amount - before!.Amount;
            }
            else if (inStart)
            {
                if (after.IsClosed)
                {
                    if (after.IsWon)
                    {
                        won -= after.Amount;
                    }
                    else
                    {
                        lost -= after.Amount;
                    }

                    changes += after.Amount - before!.Amount;
                }
                else if (!period.Contains(after.CloseDate))
                {
                    slipped -= before!.Amount;
                }
                else
                {
                    movesOut -= before!.Amount;
                }
            }
            else if (inEnd)
            {
                if (before is null)
                {
                    created += after.Amount;
                }
                else if (before.IsClosed || !period.Contains(before.CloseDate))
                {
                    pulledIn += after.Amount;
                }
                else
                {
                    movesIn += after.Amount;
                }
            }
            else if (after.IsClosed && period.Contains(after.CloseDate) && (before is null || (!before.IsClosed && !period.Contains(before.CloseDate))))
            {
                // Entered and left the pipeline between the two dates.
                if (before is null)
                {
                    created += after.Amount;
                }
                else
                {
                    pulledIn += after.Amount;
                }

                if (after.IsWon)
                {
                    won -= after.Amount;
                }
                else
                {
                    lost -= after.Amount;
                }
            }
        }

        return new WaterfallSteps(start, created, pulledIn, won, lost, slipped, changes, movesIn, movesOut, end);
    }
}
