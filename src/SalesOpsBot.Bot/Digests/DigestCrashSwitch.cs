using System.Diagnostics;
using SalesOpsBot.Digests.Delivery;
using SalesOpsBot.Digests.Subscriptions;

namespace SalesOpsBot.Bot.Digests;

/// <summary>
/// Development-only fault injection for the multi-process delivery tests: kills the process outright (no graceful shutdown,
/// no finally blocks), like a host losing power, on the N-th digest after its claim or while it is marked sending.
/// </summary>
public sealed class DigestCrashSwitch(DigestCrashOptions options, ILogger<DigestCrashSwitch> logger)
{
    private int _composed;
    private int _sending;

    public void OnClaimed(string subscriptionId)
    {
        if (options.AfterClaimOnDigest > 0 && Interlocked.Increment(ref _composed) == options.AfterClaimOnDigest)
        {
            Kill("after claiming", subscriptionId);
        }
    }

    public void OnSending(string subscriptionId)
    {
        if (options.WhileSendingOnDigest > 0 && Interlocked.Increment(ref _sending) == options.WhileSendingOnDigest)
        {
            Kill("while sending", subscriptionId);
        }
    }

    private void Kill(string when, string subscriptionId)
    {
        logger.LogCritical("Injected crash {When} digest {SubscriptionId}.", when, subscriptionId);
        Process.GetCurrentProcess().Kill();
    }
}

/// <summary>Runs the crash switch when a claimed digest is composed (after the claim, before the channel).</summary>
public sealed class CrashingContentSource(IDigestContentSource inner, DigestCrashSwitch crash) : IDigestContentSource, IDigestPassScope
{
    public Task<DigestContent?> ComposeAsync(Subscription subscription, DateTimeOffset slot, DateTimeOffset? previousSlot, CancellationToken cancellationToken)
    {
        crash.OnClaimed(subscription.Id);
        return inner.ComposeAsync(subscription, slot, previousSlot, cancellationToken);
    }

    public void StartPass() => (inner as IDigestPassScope)?.StartPass();
}

/// <summary>Runs the crash switch once the slot is marked sending, before the channel call.</summary>
public sealed class CrashingSender(IDigestSender inner, DigestCrashSwitch crash) : IDigestSender
{
    public Task<SendResult> SendAsync(DigestMessage message, CancellationToken cancellationToken)
    {
        crash.OnSending(message.Subscription.Id);
        return inner.SendAsync(message, cancellationToken);
    }
}
