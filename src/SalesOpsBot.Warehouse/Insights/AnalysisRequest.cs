using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Warehouse.Access;
using SalesOpsBot.Warehouse.Querying;

namespace SalesOpsBot.Warehouse.Insights;

/// <summary>
/// What a question is about: a territory subtree, a rep, a manager's line, or (when all null) everything the
/// caller may see. Ids are the warehouse's; names come from the territory tree and the reps table.
/// </summary>
public sealed record AnalysisSubject(string? TerritoryId = null, string? RepId = null, string? ManagerId = null)
{
    public static AnalysisSubject Everything { get; } = new();
}

/// <summary>One analysis: who asks (their access scope), about what, for which period, as of when.</summary>
public sealed record AnalysisRequest(
    AccessScope Access,
    AnalysisSubject Subject,
    FiscalPeriod Period,
    DateOnly AsOf,
    FiscalCalendar Calendar,
    DealFilters? Filters = null,
    SqlTrace? Trace = null)
{
    public DealFilters EffectiveFilters => Filters ?? DealFilters.None;
}
