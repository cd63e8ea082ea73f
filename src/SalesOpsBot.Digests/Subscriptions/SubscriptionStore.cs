using Dapper;
using SalesOpsBot.Conversation.State;
using SalesOpsBot.Digests.Scheduling;
using SalesOpsBot.Digests.Storage;

namespace SalesOpsBot.Digests.Subscriptions;

/// <summary>Subscriptions in the app-state store (SQLite, PostgreSQL or SQL Server). Principals are compared case-insensitively.</summary>
public sealed class SubscriptionStore(DigestTables tables, TimeProvider time)
{
    private const string SelectColumns = """
        SELECT subscription_id AS Id, principal AS Principal, conversation_id AS ConversationId, cron AS Cron,
               time_zone AS TimeZone, content_kind AS Kind, territory_id AS TerritoryId, is_active AS IsActive,
               deactivation_reason AS DeactivationReason, created_at AS CreatedAt
        FROM digest_subscription
        """;

    public SubscriptionStore(AppStateDatabase database, TimeProvider time)
        : this(new DigestTables(database), time)
    {
    }

    /// <summary>Stores a new active subscription; the cron and time zone are validated first (<see cref="ArgumentException"/>).</summary>
    public async Task<Subscription> CreateAsync(NewSubscription request, CancellationToken cancellationToken)
    {
        DigestSchedule.Validate(request.Cron, request.TimeZone);
        var subscription = new Subscription(
            Guid.NewGuid().ToString("N")[..16], request.Principal.ToLowerInvariant(), request.ConversationId, request.Cron.Trim(),
            request.TimeZone, request.Kind, request.TerritoryId, IsActive: true, CreatedAt: time.GetUtcNow());
        await using var connection = await tables.OpenAsync(cancellationToken);
        var now = subscription.CreatedAt.ToUnixTimeMilliseconds();
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO digest_subscription (subscription_id, principal, conversation_id, cron, time_zone, content_kind, territory_id,
                is_active, deactivation_reason, created_at, updated_at)
            VALUES (@Id, @Principal, @ConversationId, @Cron, @TimeZone, @Kind, @TerritoryId, 1, NULL, @now, @now)
            """,
            new { subscription.Id, subscription.Principal, subscription.ConversationId, subscription.Cron, subscription.TimeZone, Kind = subscription.Kind.ToString(), subscription.TerritoryId, now },
            cancellationToken: cancellationToken));
        return subscription;
    }

    public async Task<Subscription?> GetAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        await using var connection = await tables.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            SelectColumns + " WHERE subscription_id = @subscriptionId", new { subscriptionId }, cancellationToken: cancellationToken));
        return row?.ToSubscription();
    }

    /// <summary>The principal's active subscriptions ("what am I subscribed to?"), oldest first.</summary>
    public async Task<IReadOnlyList<Subscription>> ListAsync(string principal, CancellationToken cancellationToken)
    {
        await using var connection = await tables.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            SelectColumns + " WHERE principal = @principal AND is_active = 1 ORDER BY created_at, subscription_id",
            new { principal = principal.ToLowerInvariant() }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToSubscription())];
    }

    /// <summary>Every active subscription: what the scheduler considers.</summary>
    public async Task<IReadOnlyList<Subscription>> ListActiveAsync(CancellationToken cancellationToken)
    {
        await using var connection = await tables.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            SelectColumns + " WHERE is_active = 1 ORDER BY subscription_id", cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToSubscription())];
    }

    /// <summary>Cancels the principal's own subscription; false when it is not theirs, unknown or already inactive.</summary>
    public Task<bool> CancelAsync(string subscriptionId, string principal, CancellationToken cancellationToken) =>
        SetInactiveAsync(subscriptionId, principal.ToLowerInvariant(), "cancelled by the subscriber", cancellationToken);

    /// <summary>Stops a subscription the bot can no longer deliver (403/404 from the channel); kept with its reason for admins.</summary>
    public Task<bool> DeactivateAsync(string subscriptionId, string reason, CancellationToken cancellationToken) =>
        SetInactiveAsync(subscriptionId, null, reason, cancellationToken);

    private async Task<bool> SetInactiveAsync(string subscriptionId, string? principal, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await tables.OpenAsync(cancellationToken);
        var ownerOnly = principal is null ? "" : " AND principal = @principal";
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE digest_subscription SET is_active = 0, deactivation_reason = @reason, updated_at = @now " +
            "WHERE subscription_id = @subscriptionId AND is_active = 1" + ownerOnly,
            new { subscriptionId, principal, reason, now = time.GetUtcNow().ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
        return changed == 1;
    }

    private sealed class Row
    {
        public string Id { get; init; } = "";
        public string Principal { get; init; } = "";
        public string ConversationId { get; init; } = "";
        public string Cron { get; init; } = "";
        public string TimeZone { get; init; } = "";
        public string Kind { get; init; } = "";
        public string? TerritoryId { get; init; }
        public long IsActive { get; init; }
        public string? DeactivationReason { get; init; }
        public long CreatedAt { get; init; }

        public Subscription ToSubscription() => new(Id, Principal, ConversationId, Cron, TimeZone, Enum.Parse<DigestKind>(Kind), TerritoryId,
            IsActive == 1, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt), DeactivationReason);
    }
}
