using System.Text.Json.Serialization;
using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Conversation.Answers;

namespace SalesOpsBot.Conversation.Routing;

/// <summary>Filters by contract column; each value is a <see cref="VocabularyEntry.Id"/> (null = all).</summary>
public sealed record RoutedFilters(string? Segment = null, string? Product = null, string? Type = null, string? LeadSource = null)
{
    public static RoutedFilters None { get; } = new();

    [JsonIgnore]
    public bool IsEmpty => Segment is null && Product is null && Type is null && LeadSource is null;

    /// <summary>Fields set in <paramref name="newer"/> win; the rest are kept.</summary>
    public RoutedFilters MergedWith(RoutedFilters newer) => new(
        newer.Segment ?? Segment, newer.Product ?? Product, newer.Type ?? Type, newer.LeadSource ?? LeadSource);
}

/// <summary>
/// What a turn established, stored by the caller per conversation and user and passed back with the next
/// turn so follow-ups ("and APAC?", "what about Q2?", "why?") inherit it. Plain data: serialisable as JSON.
/// </summary>
public sealed record RoutingContext
{
    public string? Intent { get; init; }
    public string? TerritoryId { get; init; }
    public string? RepId { get; init; }
    public string? ManagerId { get; init; }
    public IReadOnlyList<string> CompareWith { get; init; } = [];

    /// <summary>The <see cref="VocabularyKinds"/> value of <see cref="CompareWith"/>'s entries.</summary>
    public string? CompareKind { get; init; }

    public RoutedFilters Filters { get; init; } = RoutedFilters.None;
    public FiscalPeriod? Period { get; init; }
    public string? Metric { get; init; }
    public string? Baseline { get; init; }
    public string? DealFlag { get; init; }

    /// <summary>Set when the turn asked the user to choose; the next turn's answer resolves it.</summary>
    public PendingClarification? Pending { get; init; }
}

/// <summary>
/// A question waiting for the user to pick one of <see cref="OptionIds"/> for <see cref="Slot"/>
/// ("territory", "rep", "manager" or "scope" = territory or rep); <see cref="Question"/> is everything else
/// the question established.
/// </summary>
public sealed record PendingClarification(string Slot, IReadOnlyList<string> OptionIds, RoutingContext Question)
{
    /// <summary>The subscription being set up when the question was a subscribe or unsubscribe request.</summary>
    public SubscriptionRequest? Subscription { get; init; }
}

public enum SubscriptionAction
{
    Create,
    List,
    Cancel,
}

/// <summary>
/// A subscription request: <see cref="Cron"/> is a five-field cron expression (minute hour day month weekday),
/// null when no frequency was stated; <see cref="TimeOfDay"/> is null when no time was stated (the cron then
/// uses 08:00); <see cref="TimeZone"/> is an IANA id when one was named. <see cref="Topic"/> is the intent of the
/// content to send (forecast, pipeline, …), null for "the digest".
/// </summary>
public sealed record SubscriptionRequest(
    SubscriptionAction Action,
    string? Topic = null,
    string? Cron = null,
    TimeOnly? TimeOfDay = null,
    string? TimeZone = null,
    string? Frequency = null,
    IReadOnlyList<DayOfWeek>? Days = null);

/// <summary>
/// A question turned into what the engine must run. Entity fields hold <see cref="VocabularyEntry.Id"/>s;
/// a null <see cref="Period"/> means the intent's default period. When <see cref="Clarification"/> is set the
/// engine asks it and computes nothing.
/// </summary>
public sealed record RoutedQuestion
{
    public required string Question { get; init; }

    /// <summary>One of <see cref="Intents"/>.</summary>
    public required string Intent { get; init; }

    public string? TerritoryId { get; init; }
    public string? RepId { get; init; }

    /// <summary>A manager whose team is asked about ("Oliver's team").</summary>
    public string? ManagerId { get; init; }

    /// <summary>
    /// For <see cref="Intents.Compare"/>: the other entries compared with the first one, which is the territory or rep
    /// above, or for a segment, product, type or lead-source comparison the matching filter.
    /// </summary>
    public IReadOnlyList<string> CompareWith { get; init; } = [];

    /// <summary>The <see cref="VocabularyKinds"/> value of the compared entries (territory, rep, segment, …).</summary>
    public string? CompareKind { get; init; }

    public RoutedFilters Filters { get; init; } = RoutedFilters.None;
    public FiscalPeriod? Period { get; init; }

    /// <summary>A second period for "compare Q3 with Q2".</summary>
    public FiscalPeriod? ComparisonPeriod { get; init; }

    /// <summary>The period starts after as-of but the intent looks backwards ("why did we miss Q3 FY2030").</summary>
    public bool PeriodInFuture { get; init; }

    /// <summary>One of <see cref="Baselines"/> when stated ("vs last year").</summary>
    public string? Baseline { get; init; }

    /// <summary>One of <see cref="MetricNames"/> when a metric word was used.</summary>
    public string? Metric { get; init; }

    /// <summary>One of <see cref="DealFlags"/> when the question is about flagged deals.</summary>
    public string? DealFlag { get; init; }

    /// <summary>The question is about the caller's own numbers ("my pipeline"); the caller's identity fills the rep.</summary>
    public bool AboutCaller { get; init; }

    public Clarification? Clarification { get; init; }

    /// <summary>Names that looked like a territory or rep but matched nothing ("Atlantis").</summary>
    public IReadOnlyList<string> UnknownNames { get; init; } = [];

    public SubscriptionRequest? Subscription { get; init; }

    /// <summary>"show me the SQL": fill provenance.sql.</summary>
    public bool WantsSql { get; init; }

    /// <summary>The turn inherited part of its meaning from the previous turn.</summary>
    public bool IsFollowUp { get; init; }

    /// <summary>What to store for the next turn.</summary>
    public required RoutingContext Context { get; init; }
}

public static class MetricNames
{
    public const string Bookings = "bookings";
    public const string Pipeline = "pipeline";
    public const string Coverage = "coverage";
    public const string WinRate = "win_rate";
    public const string DealSize = "deal_size";
    public const string Cycle = "cycle";
    public const string Attainment = "attainment";
    public const string Quota = "quota";
    public const string Forecast = "forecast";
    public const string Commit = "commit";
}

public static class DealFlags
{
    public const string Slipped = "slipped";
    public const string Lost = "lost";
    public const string Pushed = "pushed";
    public const string Won = "won";
    public const string PulledIn = "pulled_in";
    public const string Large = "large";
}

public static class Baselines
{
    public const string LastYear = "last_year";
    public const string PriorQuarter = "prior_quarter";
    public const string Forecast = "forecast";
    public const string Quota = "quota";
}
