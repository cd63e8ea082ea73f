using Microsoft.Extensions.Logging;
using SalesOpsBot.Digests.Content;
using SalesOpsBot.Digests.Scheduling;
using SalesOpsBot.Digests.Subscriptions;

namespace SalesOpsBot.Digests.Delivery;

/// <summary>What one pass of the scheduler did.</summary>
public sealed record DigestRunSummary(int Due, int Sent, int Failed, int Uncertain, int Skipped, int Deactivated, int Recovered, int ClaimedElsewhere, int Retrying = 0)
{
    public static DigestRunSummary Empty { get; } = new(0, 0, 0, 0, 0, 0, 0, 0);
}

/// <summary>
/// How the runner treats downtime and failures: a slot missed by longer than <see cref="GraceWindow"/> is skipped and logged
/// rather than sent late; a digest that cannot be composed (warehouse or token outage) stays claimed and is retried by the
/// next pass after the lease, up to <see cref="MaxAttempts"/> claims, then recorded as failed.
/// </summary>
/// <see cref="MaxConcurrentDeliveries"/> digests are composed and sent at once (the sender paces per conversation and tenant).
public sealed record DigestRunOptions(TimeSpan GraceWindow, int MaxAttempts = 3, int MaxConcurrentDeliveries = 1)
{
    public static DigestRunOptions Default { get; } = new(TimeSpan.FromHours(6));
}

/// <summary>
/// Implemented by content sources that cache within one scheduler pass (identical scopes composed once); the runner calls
/// <see cref="StartPass"/> at the start of every pass so nothing is reused across passes.
/// </summary>
public interface IDigestPassScope
{
    void StartPass();
}

/// <summary>
/// One pass of the scheduler: finds due slots (the latest missed slot only), claims each in the ledger, composes the digest
/// under the subscriber's scope, sends it and records the outcome. Safe to run on every instance at once: the ledger lets
/// one instance own each slot.
/// </summary>
public sealed class DigestRunner(
    SubscriptionStore subscriptions,
    DeliveryLedger ledger,
    IDigestContentSource content,
    DigestRunOptions options,
    ILogger<DigestRunner> logger,
    AlertCooldown? alertCooldown = null)
{
    public Task<DigestRunSummary> RunDueAsync(DateTimeOffset now, IDigestSender sender, CancellationToken cancellationToken) =>
        RunDueAsync(now, sender, cancellationToken, CancellationToken.None);

    /// <summary>
    /// One pass. Once <paramref name="stopping"/> is signalled (the host is shutting down) no further slot is claimed and the
    /// deliveries in flight finish; <paramref name="cancellationToken"/> aborts them: a claim not yet sending is released for
    /// another instance, a send in flight is flagged uncertain.
    /// </summary>
    public async Task<DigestRunSummary> RunDueAsync(DateTimeOffset now, IDigestSender sender, CancellationToken cancellationToken, CancellationToken stopping)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        (content as IDigestPassScope)?.StartPass();
        var tally = new Tally();
        try
        {
            await RunPassAsync(now, sender, tally, cancellationToken, stopping);
        }
        finally
        {
            DigestTelemetry.RecordPass(tally.ToSummary(), System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }

        return tally.ToSummary();
    }

    private async Task RunPassAsync(DateTimeOffset now, IDigestSender sender, Tally tally, CancellationToken cancellationToken, CancellationToken stopping)
    {
        foreach (var flagged in await ledger.FlagAbandonedSendsAsync(cancellationToken))
        {
            Interlocked.Increment(ref tally.Uncertain);
            logger.LogWarning("Digest {SubscriptionId} slot {Slot:o}: owner {Owner} stopped while sending; flagged uncertain (possible duplicate or loss).",
                flagged.SubscriptionId, flagged.Slot, flagged.OwnerInstance);
        }

        var active = (await subscriptions.ListActiveAsync(cancellationToken)).ToDictionary(s => s.Id, StringComparer.Ordinal);

        // Crash recovery first: a claim whose owner stopped before calling the channel.
        foreach (var expired in await ledger.ExpiredClaimsAsync(cancellationToken))
        {
            if (stopping.IsCancellationRequested)
            {
                return;
            }

            if (!active.TryGetValue(expired.SubscriptionId, out var subscription) || now - expired.Slot > options.GraceWindow)
            {
                if (await ledger.TryClaimAsync(expired.SubscriptionId, expired.Slot, cancellationToken) is { } stale)
                {
                    await ledger.CompleteAsync(stale, DeliveryStatus.Skipped, null, "claim expired beyond the grace window or subscription inactive", cancellationToken);
                    Interlocked.Increment(ref tally.Skipped);
                }

                continue;
            }

            if (await ledger.TryClaimAsync(expired.SubscriptionId, expired.Slot, cancellationToken) is { } claim)
            {
                Interlocked.Increment(ref tally.Recovered);
                logger.LogInformation("Digest {SubscriptionId} slot {Slot:o}: taking over from {Owner} (attempt {Attempt}).",
                    claim.SubscriptionId, claim.Slot, expired.OwnerInstance, claim.Attempt);
                await DeliverAsync(subscription, claim, sender, tally, cancellationToken);
            }
        }

        var latest = await ledger.LatestSlotsAsync(cancellationToken);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxConcurrentDeliveries), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(active.Values, parallel, async (subscription, token) =>
        {
            if (!stopping.IsCancellationRequested)
            {
                await DeliverIfDueAsync(subscription, latest, now, sender, tally, token);
            }
        });
    }

    private async Task DeliverIfDueAsync(Subscription subscription, IReadOnlyDictionary<string, DateTimeOffset> latest, DateTimeOffset now, IDigestSender sender,
        Tally tally, CancellationToken cancellationToken)
    {
        var since = latest.TryGetValue(subscription.Id, out var last) && last > subscription.CreatedAt ? last : subscription.CreatedAt;

        // Walking a frequent cron over months of downtime costs a step per slot; a week beyond the grace window still
        // finds a weekly slot to record as skipped, and anything older cannot be due anyway.
        var lookback = now - options.GraceWindow - TimeSpan.FromDays(8);
        if (since < lookback)
        {
            since = lookback;
        }
        DigestSchedule schedule;
        try
        {
            schedule = new DigestSchedule(subscription.Cron, subscription.TimeZone);
        }
        catch (ArgumentException e)
        {
            logger.LogError(e, "Digest {SubscriptionId}: unreadable schedule; skipped.", subscription.Id);
            return;
        }

        if (schedule.DueSlot(since, now) is not { } slot)
        {
            return;
        }

        Interlocked.Increment(ref tally.Due);
        if (now - slot > options.GraceWindow)
        {
            var missed = schedule.SlotsBetween(since, now);
            if (await ledger.RecordSkippedAsync(subscription.Id, slot, $"missed {missed} slot(s); the latest by {now - slot:g}, beyond the grace window", cancellationToken))
            {
                Interlocked.Increment(ref tally.Skipped);
                logger.LogWarning("Digest {SubscriptionId}: {Missed} slot(s) missed during downtime, the latest {Slot:o}; outside the grace window, skipped.",
                    subscription.Id, missed, slot);
            }

            return;
        }

        if (await ledger.TryClaimAsync(subscription.Id, slot, cancellationToken) is not { } claim)
        {
            Interlocked.Increment(ref tally.ClaimedElsewhere);
            return;
        }

        await DeliverAsync(subscription, claim, sender, tally, cancellationToken);
    }

    private async Task DeliverAsync(Subscription subscription, DeliveryClaim claim, IDigestSender sender, Tally tally, CancellationToken cancellationToken)
    {
        DigestContent? digest;
        try
        {
            var previous = await ledger.LastSentSlotAsync(subscription.Id, cancellationToken);
            digest = await content.ComposeAsync(subscription, claim.Slot, previous, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down before the channel was called: hand the slot back so another instance sends it now.
            await ledger.ReleaseAsync(claim, CancellationToken.None);
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Nothing reached the channel, so retrying is safe: leave the claim to expire and be taken over, up to a limit.
            if (claim.Attempt < options.MaxAttempts)
            {
                logger.LogWarning(e, "Digest {SubscriptionId} slot {Slot:o}: composing failed (attempt {Attempt}); retried after the lease.",
                    subscription.Id, claim.Slot, claim.Attempt);
                Interlocked.Increment(ref tally.Retrying);
                return;
            }

            logger.LogError(e, "Digest {SubscriptionId} slot {Slot:o}: composing failed {Attempt} times; giving up.", subscription.Id, claim.Slot, claim.Attempt);
            await ledger.CompleteAsync(claim, DeliveryStatus.Failed, null, "compose: " + e.Message, CancellationToken.None);
            Interlocked.Increment(ref tally.Failed);
            return;
        }

        if (digest is null)
        {
            await ledger.CompleteAsync(claim, DeliveryStatus.Skipped, null, "nothing to report", CancellationToken.None);
            Interlocked.Increment(ref tally.Skipped);
            return;
        }

        if (cancellationToken.IsCancellationRequested)
        {
            await ledger.ReleaseAsync(claim, CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
        }

        if (!await ledger.MarkSendingAsync(claim, CancellationToken.None))
        {
            Interlocked.Increment(ref tally.ClaimedElsewhere);
            return;
        }

        SendResult result;
        try
        {
            result = await sender.SendAsync(new DigestMessage(subscription, claim.Slot, digest.Document, digest.Text), cancellationToken);
        }
        catch (Exception e)
        {
            // The request may have reached the channel, which has no idempotency key: flag it, never resend silently.
            await ledger.CompleteAsync(claim, DeliveryStatus.Uncertain, null, $"{e.GetType().Name}: {e.Message}", CancellationToken.None);
            Interlocked.Increment(ref tally.Uncertain);
            logger.LogWarning(e, "Digest {SubscriptionId} slot {Slot:o}: outcome unknown; flagged uncertain.", subscription.Id, claim.Slot);
            if (e is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            return;
        }

        switch (result.Outcome)
        {
            case SendOutcome.Sent:
                await ledger.CompleteAsync(claim, DeliveryStatus.Sent, result.ActivityId, null, CancellationToken.None);
                if (alertCooldown is not null)
                {
                    await alertCooldown.RecordSentAsync(subscription.Id, digest.AlertKeys, CancellationToken.None);
                    if (digest.Baseline is { } baseline)
                    {
                        await alertCooldown.RecordBaselineAsync(subscription.Id, baseline, CancellationToken.None);
                    }
                }

                Interlocked.Increment(ref tally.Sent);
                break;
            case SendOutcome.Uncertain:
                await ledger.CompleteAsync(claim, DeliveryStatus.Uncertain, result.ActivityId, result.Detail, CancellationToken.None);
                Interlocked.Increment(ref tally.Uncertain);
                logger.LogWarning("Digest {SubscriptionId} slot {Slot:o}: outcome unknown ({Detail}); flagged uncertain.", subscription.Id, claim.Slot, result.Detail);
                break;
            default:
                await ledger.CompleteAsync(claim, DeliveryStatus.Failed, null, $"{result.StatusCode}: {result.Detail}", CancellationToken.None);
                Interlocked.Increment(ref tally.Failed);
                if (result.RecipientGone)
                {
                    await subscriptions.DeactivateAsync(subscription.Id, $"channel answered {result.StatusCode}: {result.Detail}", CancellationToken.None);
                    Interlocked.Increment(ref tally.Deactivated);
                    logger.LogWarning("Digest {SubscriptionId}: channel answered {Status} ({Detail}); subscription deactivated.",
                        subscription.Id, result.StatusCode, result.Detail);
                }
                else
                {
                    logger.LogError("Digest {SubscriptionId} slot {Slot:o}: send failed with {Status} ({Detail}).", subscription.Id, claim.Slot, result.StatusCode, result.Detail);
                }

                break;
        }
    }

    // Deliveries run concurrently, so the counts are fields updated atomically.
    private sealed class Tally
    {
#pragma warning disable SA1401, CA1051 // fields so Interlocked can update them
        public int Due;
        public int Sent;
        public int Failed;
        public int Uncertain;
        public int Skipped;
        public int Deactivated;
        public int Recovered;
        public int ClaimedElsewhere;
        public int Retrying;
#pragma warning restore SA1401, CA1051

        public DigestRunSummary ToSummary() => new(Due, Sent, Failed, Uncertain, Skipped, Deactivated, Recovered, ClaimedElsewhere, Retrying);
    }
}
