using System.Collections.Concurrent;

namespace SalesOpsBot.Bot.Digests;

/// <summary>
/// Spaces proactive digest sends per Teams tenant to at most <paramref name="messagesPerSecond"/> (the per-app-per-tenant
/// limit of §3.6, kept well below it); the connector's own pacer keeps each conversation within its limits. Per instance:
/// N instances send at most N times the rate, still within Teams' limit at the default 20/s for two instances.
/// </summary>
public sealed class TenantPacer(TimeProvider time, double messagesPerSecond)
{
    private readonly TimeSpan _spacing = TimeSpan.FromSeconds(1 / messagesPerSecond);
    private readonly ConcurrentDictionary<string, Slot> _next = new(StringComparer.Ordinal);

    public async Task WaitTurnAsync(string? tenantId, CancellationToken cancellationToken)
    {
        var wait = Reserve(tenantId ?? "", time.GetUtcNow());
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, cancellationToken);
        }
    }

    /// <summary>Books the tenant's next free send time and returns how long to wait for it.</summary>
    public TimeSpan Reserve(string tenantId, DateTimeOffset now)
    {
        var slot = _next.GetOrAdd(tenantId, _ => new Slot());
        lock (slot)
        {
            var at = slot.NextFree > now ? slot.NextFree : now;
            slot.NextFree = at + _spacing;
            return at - now;
        }
    }

    private sealed class Slot
    {
        public DateTimeOffset NextFree { get; set; }
    }
}
