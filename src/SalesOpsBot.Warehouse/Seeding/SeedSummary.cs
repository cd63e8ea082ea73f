namespace SalesOpsBot.Warehouse.Seeding;

/// <summary>Row counts per contract table and the facts of the planted stories.</summary>
public sealed record SeedSummary(
    int Territories,
    int Reps,
    int Accounts,
    int Products,
    long Opportunities,
    long OpportunityHistory,
    int Quotas,
    int UserAccess,
    SeedStories Stories)
{
    public long TotalRows => Territories + Reps + Accounts + Products + Opportunities + OpportunityHistory + Quotas + UserAccess;
}

/// <summary>
/// Where the stories are: the current and last completed fiscal quarters (the stories are about the latter)
/// and the ids a demo or a test looks for.
/// </summary>
public sealed record SeedStories(
    string CurrentQuarter,
    string LastCompletedQuarter,
    DateOnly LastCompletedQuarterStart,
    DateOnly LastCompletedQuarterEnd,
    IReadOnlyList<string> EmeaSlippedDealIds,
    string ApacExpansionDealId,
    string VacantSeatTerritoryId,
    string VacantSeatLeaverRepId,
    string BeatPlanRepId,
    IReadOnlyList<string> BeatPlanPulledInDealIds,
    IReadOnlyList<string> AlexMorganSlippedDealIds,
    IReadOnlyList<string> PastDueDealIds,
    string StalledDealId);
