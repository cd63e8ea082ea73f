using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using SalesOpsBot.Bot.Hosting;

namespace SalesOpsBot.Bot.Messages;

/// <summary>
/// Remembers (conversation, activity id) pairs so Teams' redeliveries after its 15 s timeout and replayed requests
/// are answered once (botframework-protocol.md §1.1, security-anchors §4.3). In memory: a restarted instance
/// may answer one redelivery twice, which is preferable to a shared-store round trip on every request.
/// </summary>
public sealed class ActivityDeduplicator(IOptions<BotOptions> options, TimeProvider timeProvider)
{
    private const int SweepEvery = 1024;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private int _sinceSweep;

    /// <summary>True the first time a pair is seen within the window; activities without an id always pass.</summary>
    public bool TryFirstSeen(string? conversationId, string? activityId)
    {
        if (string.IsNullOrEmpty(activityId))
        {
            return true;
        }

        var now = timeProvider.GetUtcNow();
        if (Interlocked.Increment(ref _sinceSweep) % SweepEvery == 0)
        {
            Sweep(now);
        }

        var key = conversationId + "\n" + activityId;
        var expires = now + options.Value.DeduplicationWindow;
        while (true)
        {
            if (_seen.TryAdd(key, expires))
            {
                return true;
            }

            if (_seen.TryGetValue(key, out var existing) && existing > now)
            {
                return false;
            }

            // Expired entry: replace it atomically and count this as first seen.
            if (_seen.TryUpdate(key, expires, existing))
            {
                return true;
            }
        }
    }

    /// <summary>Undoes <see cref="TryFirstSeen"/> when the activity could not be accepted (so a redelivery is processed).</summary>
    public void Forget(string? conversationId, string? activityId)
    {
        if (!string.IsNullOrEmpty(activityId))
        {
            _seen.TryRemove(conversationId + "\n" + activityId, out _);
        }
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var entry in _seen)
        {
            if (entry.Value <= now)
            {
                _seen.TryRemove(entry.Key, out _);
            }
        }
    }
}
