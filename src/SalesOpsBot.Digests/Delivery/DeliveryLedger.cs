using Dapper;
using SalesOpsBot.Conversation.State;
using SalesOpsBot.Digests.Storage;

namespace SalesOpsBot.Digests.Delivery;

/// <summary>
/// Where a (subscription, slot) delivery stands. <see cref="Claimed"/>: an instance holds the lease and has not called
/// the channel yet (safe to take over once the lease expires). <see cref="Sending"/>: the channel was or is being called.
/// <see cref="Uncertain"/>: the call's outcome is unknown (timeout, or a crash while sending): flagged, never resent silently.
/// <see cref="Skipped"/>: a slot missed by more than the grace window.
/// </summary>
public enum DeliveryStatus
{
    Claimed,
    Sending,
    Sent,
    Uncertain,
    Failed,
    Skipped,
}

/// <summary>An instance's hold on one slot; <see cref="Token"/> proves ownership when the outcome is recorded.</summary>
public sealed record DeliveryClaim(string SubscriptionId, DateTimeOffset Slot, string Instance, string Token, int Attempt, DateTimeOffset LeaseExpiresAt);

/// <summary>One ledger row.</summary>
public sealed record DeliveryRecord(
    string SubscriptionId,
    DateTimeOffset Slot,
    DeliveryStatus Status,
    string? OwnerInstance,
    int Attempts,
    DateTimeOffset LeaseExpiresAt,
    string? ActivityId,
    string? Detail,
    DateTimeOffset UpdatedAt);

/// <summary>
/// The delivery ledger in the app-state store: one row per (subscription, slot), claimed with a lease by an atomic insert
/// or an atomic conditional update, so with any number of instances on one database only one owns a slot at a time.
/// </summary>
public sealed class DeliveryLedger(DigestTables tables, TimeProvider time, string instanceId, TimeSpan lease)
{
    private const string SelectColumns = """
        SELECT subscription_id AS SubscriptionId, slot_at AS SlotAt, status AS Status, owner_instance AS OwnerInstance,
               attempts AS Attempts, lease_expires_at AS LeaseExpiresAt, activity_id AS ActivityId, detail AS Detail, updated_at AS UpdatedAt
        FROM digest_delivery
        """;

    public DeliveryLedger(AppStateDatabase database, TimeProvider time, string instanceId, TimeSpan lease)
        : this(new DigestTables(database), time, instanceId, lease)
    {
    }

    public string InstanceId => instanceId;

    public TimeSpan Lease => lease;

    /// <summary>
    /// Claims the slot: a new row, or a <see cref="DeliveryStatus.Claimed"/> row whose lease has expired (its owner crashed
    /// before calling the channel). Null when another instance holds it or it is already settled.
    /// </summary>
    public async Task<DeliveryClaim?> TryClaimAsync(string subscriptionId, DateTimeOffset slot, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var token = Guid.NewGuid().ToString("N");
        var expires = now + lease;
        var parameters = new
        {
            subscriptionId,
            slotAt = slot.ToUnixTimeMilliseconds(),
            instanceId,
            token,
            expiresAt = expires.ToUnixTimeMilliseconds(),
            now = now.ToUnixTimeMilliseconds(),
        };
        await using var connection = await tables.OpenAsync(cancellationToken);
        var insert = tables.Database.Kind == AppStateKind.SqlServer
            ? """
              INSERT INTO digest_delivery (subscription_id, slot_at, status, owner_instance, claim_token, lease_expires_at, attempts, updated_at)
              SELECT @subscriptionId, @slotAt, 'Claimed', @instanceId, @token, @expiresAt, 1, @now
              WHERE NOT EXISTS (SELECT 1 FROM digest_delivery WITH (UPDLOCK, HOLDLOCK) WHERE subscription_id = @subscriptionId AND slot_at = @slotAt)
              """
            : """
              INSERT INTO digest_delivery (subscription_id, slot_at, status, owner_instance, claim_token, lease_expires_at, attempts, updated_at)
              VALUES (@subscriptionId, @slotAt, 'Claimed', @instanceId, @token, @expiresAt, 1, @now)
              ON CONFLICT (subscription_id, slot_at) DO NOTHING
              """;
        if (await connection.ExecuteAsync(new CommandDefinition(insert, parameters, cancellationToken: cancellationToken)) == 1)
        {
            return new DeliveryClaim(subscriptionId, slot, instanceId, token, 1, expires);
        }

        // Concurrent takeovers serialise on the row; the loser re-reads a lease in the future and updates nothing.
        var takenOver = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE digest_delivery SET owner_instance = @instanceId, claim_token = @token, lease_expires_at = @expiresAt,
                attempts = attempts + 1, updated_at = @now
            WHERE subscription_id = @subscriptionId AND slot_at = @slotAt AND status = 'Claimed' AND lease_expires_at < @now
            """, parameters, cancellationToken: cancellationToken));
        if (takenOver != 1)
        {
            return null;
        }

        var attempts = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT attempts FROM digest_delivery WHERE subscription_id = @subscriptionId AND slot_at = @slotAt AND claim_token = @token",
            parameters, cancellationToken: cancellationToken));
        return new DeliveryClaim(subscriptionId, slot, instanceId, token, (int)attempts, expires);
    }

    /// <summary>
    /// Records that the channel is about to be called. False when the claim was lost (the lease expired and another
    /// instance took over): the caller must not send.
    /// </summary>
    public async Task<bool> MarkSendingAsync(DeliveryClaim claim, CancellationToken cancellationToken)
    {
        await using var connection = await tables.OpenAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE digest_delivery SET status = 'Sending', updated_at = @now
            WHERE subscription_id = @SubscriptionId AND slot_at = @slotAt AND claim_token = @Token AND status = 'Claimed'
            """,
            new { claim.SubscriptionId, slotAt = claim.Slot.ToUnixTimeMilliseconds(), claim.Token, now = time.GetUtcNow().ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken));
        return changed == 1;
    }

    /// <summary>
    /// Records the outcome of the claim. The owner's real outcome replaces an <see cref="DeliveryStatus.Uncertain"/> flag
    /// another instance set while the owner was slow. False when the claim no longer owns the row.
    /// </summary>
    public async Task<bool> CompleteAsync(DeliveryClaim claim, DeliveryStatus outcome, string? activityId, string? detail, CancellationToken cancellationToken)
    {
        if (outcome is DeliveryStatus.Claimed or DeliveryStatus.Sending)
        {
            throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "An outcome is sent, uncertain, failed or skipped.");
        }

        await using var connection = await tables.OpenAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE digest_delivery SET status = @status, activity_id = @activityId, detail = @detail, updated_at = @now
            WHERE subscription_id = @SubscriptionId AND slot_at = @slotAt AND claim_token = @Token
              AND status IN ('Claimed', 'Sending', 'Uncertain')
            """,
            new
            {
                claim.SubscriptionId,
                slotAt = claim.Slot.ToUnixTimeMilliseconds(),
                claim.Token,
                status = outcome.ToString(),
                activityId,
                detail = Truncate(detail),
                now = time.GetUtcNow().ToUnixTimeMilliseconds(),
            },
            cancellationToken: cancellationToken));
        return changed == 1;
    }

    /// <summary>
    /// Gives a claim back before the channel was called (the instance is shutting down): the row stays
    /// <see cref="DeliveryStatus.Claimed"/> with its lease already expired, so the next pass of any instance takes it over
    /// at once instead of waiting out the lease. False when the claim no longer owns a <see cref="DeliveryStatus.Claimed"/> row
    /// (it reached <see cref="DeliveryStatus.Sending"/>, which is never released).
    /// </summary>
    public async Task<bool> ReleaseAsync(DeliveryClaim claim, CancellationToken cancellationToken)
    {
        await using var connection = await tables.OpenAsync(cancellationToken);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE digest_delivery SET lease_expires_at = @expired, detail = 'released at shutdown', updated_at = @now
            WHERE subscription_id = @SubscriptionId AND slot_at = @slotAt AND claim_token = @Token AND status = 'Claimed'
            """,
            new { claim.SubscriptionId, slotAt = claim.Slot.ToUnixTimeMilliseconds(), claim.Token, expired = now - 1, now },
            cancellationToken: cancellationToken));
        return changed == 1;
    }

    /// <summary>Records a slot that will not be delivered (missed beyond the grace window); false when the slot already has a row.</summary>
    public async Task<bool> RecordSkippedAsync(string subscriptionId, DateTimeOffset slot, string reason, CancellationToken cancellationToken)
    {
        var claim = await TryClaimAsync(subscriptionId, slot, cancellationToken);
        return claim is not null && await CompleteAsync(claim, DeliveryStatus.Skipped, null, reason, cancellationToken);
    }

    /// <summary>
    /// Rows whose owner stopped while <see cref="DeliveryStatus.Sending"/> and whose lease has expired become
    /// <see cref="DeliveryStatus.Uncertain"/>: the message may or may not have arrived, and the channel cannot tell.
    /// Returns the rows flagged.
    /// </summary>
    public async Task<IReadOnlyList<DeliveryRecord>> FlagAbandonedSendsAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await tables.OpenAsync(cancellationToken);
        var abandoned = (await connection.QueryAsync<Row>(new CommandDefinition(
            SelectColumns + " WHERE status = 'Sending' AND lease_expires_at < @now", new { now }, cancellationToken: cancellationToken))).ToList();
        var flagged = new List<DeliveryRecord>();
        foreach (var row in abandoned)
        {
            var changed = await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE digest_delivery SET status = 'Uncertain', detail = @detail, updated_at = @now
                WHERE subscription_id = @SubscriptionId AND slot_at = @SlotAt AND status = 'Sending' AND lease_expires_at < @now
                """,
                new { row.SubscriptionId, row.SlotAt, now, detail = $"the owner ({row.OwnerInstance}) stopped while sending; possible duplicate or loss" },
                cancellationToken: cancellationToken));
            if (changed == 1)
            {
                flagged.Add(row.ToRecord() with { Status = DeliveryStatus.Uncertain });
            }
        }

        return flagged;
    }

    /// <summary>Claimed rows whose lease has expired: their owner stopped before calling the channel, so they can be taken over.</summary>
    public async Task<IReadOnlyList<DeliveryRecord>> ExpiredClaimsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await tables.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            SelectColumns + " WHERE status = 'Claimed' AND lease_expires_at < @now ORDER BY slot_at",
            new { now = time.GetUtcNow().ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToRecord())];
    }

    /// <summary>The latest slot with a row, per subscription: where each schedule resumes.</summary>
    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> LatestSlotsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await tables.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string SubscriptionId, long SlotAt)>(new CommandDefinition(
            "SELECT subscription_id, MAX(slot_at) FROM digest_delivery GROUP BY subscription_id", cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.SubscriptionId, r => DateTimeOffset.FromUnixTimeMilliseconds(r.SlotAt), StringComparer.Ordinal);
    }

    /// <summary>The latest slot actually sent for a subscription: the start of "changes since the previous digest".</summary>
    public async Task<DateTimeOffset?> LastSentSlotAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        await using var connection = await tables.OpenAsync(cancellationToken);
        var slot = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT MAX(slot_at) FROM digest_delivery WHERE subscription_id = @subscriptionId AND status = 'Sent'",
            new { subscriptionId }, cancellationToken: cancellationToken));
        return slot is { } value ? DateTimeOffset.FromUnixTimeMilliseconds(value) : null;
    }

    /// <summary>Ledger rows, optionally of one subscription or one status, oldest slot first (admin views and tests).</summary>
    public async Task<IReadOnlyList<DeliveryRecord>> ListAsync(string? subscriptionId, DeliveryStatus? status, CancellationToken cancellationToken)
    {
        var where = new List<string>();
        if (subscriptionId is not null)
        {
            where.Add("subscription_id = @subscriptionId");
        }

        if (status is not null)
        {
            where.Add("status = @status");
        }

        await using var connection = await tables.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            SelectColumns + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "") + " ORDER BY slot_at, subscription_id",
            new { subscriptionId, status = status?.ToString() }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToRecord())];
    }

    private static string? Truncate(string? text) => text is { Length: > 1000 } ? text[..1000] : text;

    private sealed class Row
    {
        public string SubscriptionId { get; init; } = "";
        public long SlotAt { get; init; }
        public string Status { get; init; } = "";
        public string? OwnerInstance { get; init; }
        public long Attempts { get; init; }
        public long LeaseExpiresAt { get; init; }
        public string? ActivityId { get; init; }
        public string? Detail { get; init; }
        public long UpdatedAt { get; init; }

        public DeliveryRecord ToRecord() => new(SubscriptionId, DateTimeOffset.FromUnixTimeMilliseconds(SlotAt), Enum.Parse<DeliveryStatus>(Status),
            OwnerInstance, (int)Attempts, DateTimeOffset.FromUnixTimeMilliseconds(LeaseExpiresAt), ActivityId, Detail,
            DateTimeOffset.FromUnixTimeMilliseconds(UpdatedAt));
    }
}
