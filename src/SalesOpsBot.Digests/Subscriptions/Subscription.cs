namespace SalesOpsBot.Digests.Subscriptions;

/// <summary>What a subscription sends.</summary>
public enum DigestKind
{
    /// <summary>The forecast pack: attainment against quota and pace, the roll-up, pipeline changes, risks.</summary>
    ForecastDigest,

    /// <summary>Rule-based pipeline alerts (coverage, commit drops, large slips or losses).</summary>
    PipelineAlerts,
}

/// <summary>
/// A standing request to message a conversation on a schedule: <see cref="Cron"/> is a five-field cron expression read
/// in <see cref="TimeZone"/> (an IANA id); <see cref="TerritoryId"/> narrows the content (null = everything the
/// principal may see, evaluated at send time).
/// </summary>
public sealed record Subscription(
    string Id,
    string Principal,
    string ConversationId,
    string Cron,
    string TimeZone,
    DigestKind Kind,
    string? TerritoryId,
    bool IsActive,
    DateTimeOffset CreatedAt,
    string? DeactivationReason = null);

/// <summary>What a caller supplies to create a subscription; the store assigns the id and the creation time.</summary>
public sealed record NewSubscription(
    string Principal,
    string ConversationId,
    string Cron,
    string TimeZone,
    DigestKind Kind,
    string? TerritoryId = null);
