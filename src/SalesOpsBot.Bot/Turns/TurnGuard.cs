using System.Collections.Concurrent;
using System.Globalization;

namespace SalesOpsBot.Bot.Turns;

/// <summary>Per-user guards on questions, section <c>Guards</c>.</summary>
public sealed record TurnGuardOptions
{
    public const string SectionName = "Guards";

    /// <summary>Questions a user may ask per minute on average (the bucket refills one question every 60/N seconds).</summary>
    public int QuestionsPerMinute { get; init; } = 20;

    /// <summary>Questions a user may ask in a quick burst (the bucket's size); 0 means the same as <see cref="QuestionsPerMinute"/>.</summary>
    public int Burst { get; init; }

    /// <summary>Longer messages are refused with a short explanation before any work is done.</summary>
    public int MaxMessageLength { get; init; } = 4_000;
}

/// <summary>Why a turn is not answered, in words for the user.</summary>
public sealed record TurnRefusal(string Message, TimeSpan? RetryAfter);

/// <summary>
/// Applied to every message and card action of every channel before the engine runs: a token bucket per principal
/// (never queued, so a flood is refused at once rather than waited out) and a cap on the
/// message length. Buckets refill on <see cref="TimeProvider"/> time, so tests can move the clock.
/// </summary>
public sealed class TurnGuard(TurnGuardOptions options, TimeProvider time)
{
    private const int MaxTrackedPrincipals = 10_000;

    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    private int Capacity => Math.Max(1, options.Burst > 0 ? options.Burst : options.QuestionsPerMinute);

    private TimeSpan RefillEvery => TimeSpan.FromMinutes(1) / Math.Max(1, options.QuestionsPerMinute);

    /// <summary>Null when the turn may go ahead (and it has used one of the principal's tokens), else the refusal.</summary>
    public TurnRefusal? Check(string principal, string? text)
    {
        var now = time.GetTimestamp();
        if (_buckets.Count > MaxTrackedPrincipals)
        {
            ForgetFullBuckets(now);
        }

        var bucket = _buckets.GetOrAdd(principal.Trim().ToLowerInvariant(), _ => new Bucket(Capacity, now));
        var waited = bucket.TryTake(now, time, RefillEvery, Capacity);
        if (waited is { } retryAfter)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            return new TurnRefusal(
                $"You're asking faster than I can answer — try again in {seconds.ToString(CultureInfo.InvariantCulture)} second{(seconds == 1 ? "" : "s")}.",
                TimeSpan.FromSeconds(seconds));
        }

        var length = text?.Length ?? 0;
        return length > options.MaxMessageLength
            ? new TurnRefusal(
                $"That message is {length.ToString("N0", CultureInfo.InvariantCulture)} characters long; I answer questions of up to {options.MaxMessageLength.ToString("N0", CultureInfo.InvariantCulture)} characters. Please ask a shorter question.",
                null)
            : null;
    }

    private void ForgetFullBuckets(long now)
    {
        var idle = RefillEvery * Capacity;
        foreach (var (principal, bucket) in _buckets)
        {
            if (time.GetElapsedTime(bucket.LastRefill, now) >= idle)
            {
                _buckets.TryRemove(principal, out _);
            }
        }
    }

    /// <summary>
    /// One principal's token bucket, counted on <see cref="TimeProvider"/> time. (The limiters of
    /// System.Threading.RateLimiting replenish from the system clock, even when replenished by hand, so a fake clock
    /// could not drive them in tests; the arithmetic is this small.)
    /// </summary>
    private sealed class Bucket(int capacity, long createdAt)
    {
        private int _tokens = capacity;

        public long LastRefill { get; private set; } = createdAt;

        /// <summary>Null when a token was taken; otherwise how long until the next one.</summary>
        public TimeSpan? TryTake(long now, TimeProvider time, TimeSpan refillEvery, int capacity)
        {
            lock (this)
            {
                var periods = (long)(time.GetElapsedTime(LastRefill, now) / refillEvery);
                if (periods > 0)
                {
                    _tokens = (int)Math.Min(capacity, _tokens + periods);
                    // A full bucket banks no time: the next refill is a whole period after it was last used.
                    LastRefill = _tokens == capacity ? now : LastRefill + (long)(periods * refillEvery.TotalSeconds * time.TimestampFrequency);
                }

                if (_tokens > 0)
                {
                    _tokens--;
                    return null;
                }

                return refillEvery - time.GetElapsedTime(LastRefill, now);
            }
        }
    }
}
