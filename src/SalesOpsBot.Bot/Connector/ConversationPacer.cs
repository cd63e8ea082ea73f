using System.Collections.Concurrent;

namespace SalesOpsBot.Bot.Connector;

/// <summary>
/// Keeps sends to one conversation within Teams' per-bot-per-thread limits (§3.6): 7 per 1 s, 8 per 2 s, 60 per
/// 30 s. A send that would break a window waits until the window has room; 429 remains the backstop.
/// </summary>
public sealed class ConversationPacer(TimeProvider timeProvider)
{
    private static readonly (TimeSpan Window, int Limit)[] Windows =
    [
        (TimeSpan.FromSeconds(1), 7),
        (TimeSpan.FromSeconds(2), 8),
        (TimeSpan.FromSeconds(30), 60),
    ];

    private const int MaxTracked = 10_000;
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _sends = new(StringComparer.Ordinal);

    public async Task WaitTurnAsync(string conversationId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var wait = Reserve(conversationId, timeProvider.GetUtcNow());
            if (wait <= TimeSpan.Zero)
            {
                return;
            }

            await Task.Delay(wait, timeProvider, cancellationToken);
        }
    }

    /// <summary>Records a send at <paramref name="now"/> and returns zero, or returns how long to wait first.</summary>
    public TimeSpan Reserve(string conversationId, DateTimeOffset now)
    {
        if (_sends.Count > MaxTracked)
        {
            _sends.Clear();
        }

        var history = _sends.GetOrAdd(conversationId, _ => new Queue<DateTimeOffset>());
        lock (history)
        {
            var longest = Windows[^1].Window;
            while (history.Count > 0 && now - history.Peek() >= longest)
            {
                history.Dequeue();
            }

            var wait = TimeSpan.Zero;
            var ordered = history.ToArray();
            foreach (var (window, limit) in Windows)
            {
                var inWindow = ordered.Where(sent => now - sent < window).ToArray();
                if (inWindow.Length >= limit)
                {
                    // The oldest send that must leave the window before this one fits.
                    var mustExpire = inWindow[inWindow.Length - limit];
                    var until = mustExpire + window - now;
                    if (until > wait)
                    {
                        wait = until;
                    }
                }
            }

            if (wait <= TimeSpan.Zero)
            {
                history.Enqueue(now);
            }

            return wait;
        }
    }
}
