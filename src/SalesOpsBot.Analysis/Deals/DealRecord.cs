namespace SalesOpsBot.Analysis.Deals;

/// <summary>
/// One deal of a deal list with the facts its history gives for a period P and an as-of date (computed by the
/// warehouse from <c>opportunity_history</c>; "at start" = the last history row before P's first day).
/// </summary>
/// <param name="CloseDate">Close date at the as-of date (actual if closed, else expected).</param>
/// <param name="Amount">Amount at the as-of date.</param>
/// <param name="OpenAtStart">The deal existed and was open at the start of P.</param>
/// <param name="CloseDateAtStart">Close date at the start of P (null when the deal did not exist yet).</param>
/// <param name="AmountAtStart">Amount at the start of P (0 when the deal did not exist yet).</param>
/// <param name="PushCount">How many history rows moved the close date later than the previous row's.</param>
/// <param name="DaysInStage">Days from the last stage change (or creation) to the as-of date.</param>
/// <param name="MaxAmount">Highest amount in the deal's history.</param>
public sealed record DealRecord(
    string OpportunityId,
    string Name,
    string AccountName,
    string OwnerId,
    string OwnerName,
    string TerritoryId,
    string Segment,
    string? ProductId,
    string Type,
    DateOnly CreatedDate,
    DateOnly CloseDate,
    string Stage,
    string ForecastCategory,
    decimal Amount,
    bool IsClosed,
    bool IsWon,
    bool OpenAtStart,
    DateOnly? CloseDateAtStart,
    decimal AmountAtStart,
    int PushCount = 0,
    int DaysInStage = 0,
    decimal MaxAmount = 0,
    string? LossReason = null);
