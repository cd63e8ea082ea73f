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
public sealed record DigestRunOptions(TimeSpan GraceWindow, int MaxAttempts = 3)
{
    public static DigestRunOptions Default { get; } = new(TimeSpan.FromHours(6));
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
    public async Task<DigestRunSummary> RunDueAsync(DateTimeOffset now, IDigestSender sender, CancellationToken cancellationToken)
    {
        var tally = new Tally();
        foreach (var flagged in await ledger.FlagAbandonedSendsAsync(cancellationToken))
        {
            tally.Uncertain++;
            logger.LogWarning("Digest {SubscriptionId} slot {Slot:o}: owner {Owner} stopped while sending; flagged uncertain (possible duplicate or loss).",
                flagged.SubscriptionId, flagged.Slot, flagged.OwnerInstance);
        }

        var active = (await subscriptions.ListActiveAsync(cancellationToken)).ToDictionary(s => s.Id, StringComparer.Ordinal);

        // Crash recovery first: a claim whose owner stopped before calling the channel.
        foreach (var expired in await ledger.ExpiredClaimsAsync(cancellationToken))
        {
            if (!active.TryGetValue(expired.SubscriptionId, out var subscription) || now - expired.Slot > options.GraceWindow)
            {
                if (await ledger.TryClaimAsync(expired.SubscriptionId, expired.Slot, cancellationToken) is { } stale)
                {
                    await ledger.CompleteAsync(stale, DeliveryStatus.Skipped, null, "claim expired beyond the grace window or subscription inactive", cancellationToken);
                    tally.Skipped++;
                }

                continue;
            }

            if (await ledger.TryClaimAsync(expired.SubscriptionId, expired.Slot, cancellationToken) is { } claim)
            {
                tally.Recovered++;
                logger.LogInformation("Digest {SubscriptionId} slot {Slot:o}: taking over from {Owner} (attempt {Attempt}).",
                    claim.SubscriptionId, claim.Slot, expired.OwnerInstance, claim.Attempt);
                await DeliverAsync(subscription, claim, sender, tally, cancellationToken);
            }
        }

        var latest = await ledger.LatestSlotsAsync(cancellationToken);
        foreach (var subscription in active.Values)
        {
            cancellationToken.ThrowIfCancellationRequested();
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
                continue;
            }

            if (schedule.DueSlot(since, now) is not { } slot)
            {
                continue;
            }

            tally.Due++;
            if (now - slot > options.GraceWindow)
            {
                var missed = schedule.SlotsBetween(since, now);
                if (await ledger.RecordSkippedAsync(subscription.Id, slot, $"missed {missed} slot(s); the latest by {now - slot:g}, beyond the grace window", cancellationToken))
                {
                    tally.Skipped++;
                    logger.LogWarning("Digest {SubscriptionId}: {Missed} slot(s) missed during downtime, the latest {Slot:o}; outside the grace window, skipped.",
                        subscription.Id, missed, slot);
                }

                continue;
            }

            if (await ledger.TryClaimAsync(subscription.Id, slot, cancellationToken) is not { } claim)
            {
                tally.ClaimedElsewhere++;
                continue;
            }

            await DeliverAsync(subscription, claim, sender, tally, cancellationToken);
        }

        return tally.ToSummary();
    }

    private async Task DeliverAsync(Subscription subscription, DeliveryClaim claim, IDigestSender sender, Tally tally, CancellationToken cancellationToken)
    {
        DigestContent? digest;
        try
        {
            var previous = await ledger.LastSentSlotAsync(subscription.Id, cancellationToken);
            digest = await content.ComposeAsync(subscription, claim.Slot, previous, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Nothing reached the channel, so retrying is safe: leave the claim to expire and be taken over, up to a limit.
            if (claim.Attempt < options.MaxAttempts)
            {
                logger.LogWarning(e, "Digest {SubscriptionId} slot {Slot:o}: composing failed (attempt {Attempt}); retried after the lease.",
                    subscription.Id, claim.Slot, claim.Attempt);
                tally.Retrying++;
                return;
            }

            logger.LogError(e, "Digest {SubscriptionId} slot {Slot:o}: composing failed {Attempt} times; giving up.", subscription.Id, claim.Slot, claim.Attempt);
            await ledger.CompleteAsync(claim, DeliveryStatus.Failed, null, "compose: " + e.Message, CancellationToken.None);
            tally.Failed++;
            return;
        }

        if (digest is null)
        {
            await ledger.CompleteAsync(claim, DeliveryStatus.Skipped, null, "nothing to report", CancellationToken.None);
            tally.Skipped++;
            return;
        }

        if (!await ledger.MarkSendingAsync(claim, cancellationToken))
        {
            tally.ClaimedElsewhere++;
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
            tally.Uncertain++;
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
                }

                tally.Sent++;
                break;
            case SendOutcome.Uncertain:
                await ledger.CompleteAsync(claim, DeliveryStatus.Uncertain, result.ActivityId, result.Detail, CancellationToken.None);
                tally.Uncertain++;
                logger.LogWarning("Digest {SubscriptionId} slot {Slot:o}: outcome unknown ({Detail}); flagged uncertain.", subscription.Id, claim.Slot, result.Detail);
                break;
            default:
                await ledger.CompleteAsync(claim, DeliveryStatus.Failed, null, $"{result.StatusCode}: {result.Detail}", CancellationToken.None);
                tally.Failed++;
                if (result.RecipientGone)
                {
                    await subscriptions.DeactivateAsync(subscription.Id, $"channel answered {result.StatusCode}: {result.Detail}", CancellationToken.None);
                    tally.Deactivated++;
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

    private sealed class Tally
    {
        public int Due { get; set; }
        public int Sent { get; set; }
        public int Failed { get; set; }
        public int Uncertain { get; set; }
        public int Skipped { get; set; }
        public int Deactivated { get; set; }
        public int Recovered { get; set; }
        public int ClaimedElsewhere { get; set; }
        public int Retrying { get; set; }

        public DigestRunSummary ToSummary() => new(Due, Sent, Failed, Uncertain, Skipped, Deactivated, Recovered, ClaimedElsewhere, Retrying);
    }
}
