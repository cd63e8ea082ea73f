using Cronos;

namespace SalesOpsBot.Digests.Scheduling;

/// <summary>
/// A five-field cron expression read in an IANA time zone. Slots are instants: a local time that does not exist
/// (spring forward) fires at the first instant after the gap, and a local time that occurs twice (fall back) fires once,
/// at its first occurrence, so a daily schedule gives exactly one slot per local day.
/// </summary>
public sealed class DigestSchedule
{
    private readonly CronExpression _expression;

    public DigestSchedule(string cron, string timeZone)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cron);
        ArgumentException.ThrowIfNullOrWhiteSpace(timeZone);
        try
        {
            _expression = CronExpression.Parse(cron.Trim(), CronFormat.Standard);
        }
        catch (CronFormatException e)
        {
            throw new ArgumentException($"'{cron}' is not a five-field cron expression: {e.Message}", nameof(cron), e);
        }

        try
        {
            Zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        }
        catch (TimeZoneNotFoundException e)
        {
            throw new ArgumentException($"'{timeZone}' is not a known time zone.", nameof(timeZone), e);
        }
    }

    public TimeZoneInfo Zone { get; }

    /// <summary>Throws <see cref="ArgumentException"/> when the cron or the time zone cannot be read.</summary>
    public static void Validate(string cron, string timeZone) => _ = new DigestSchedule(cron, timeZone);

    /// <summary>The first slot strictly after <paramref name="instant"/>, or null when the expression never fires again.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset instant) =>
        _expression.GetNextOccurrence(instant.ToUniversalTime(), Zone, inclusive: false);

    /// <summary>The next <paramref name="count"/> slots after <paramref name="instant"/>, in the schedule's local time.</summary>
    public IReadOnlyList<DateTimeOffset> NextSlots(DateTimeOffset instant, int count)
    {
        var slots = new List<DateTimeOffset>(count);
        var cursor = instant;
        while (slots.Count < count && NextAfter(cursor) is { } next)
        {
            slots.Add(TimeZoneInfo.ConvertTime(next, Zone));
            cursor = next;
        }

        return slots;
    }

    /// <summary>
    /// The slot to deliver now: the latest slot in (<paramref name="since"/>, <paramref name="now"/>], or null when none fell
    /// in that window. After downtime several slots may have passed; only the latest is due (catch-up once, never a burst).
    /// </summary>
    public DateTimeOffset? DueSlot(DateTimeOffset since, DateTimeOffset now)
    {
        DateTimeOffset? latest = null;
        var cursor = since.ToUniversalTime();
        var end = now.ToUniversalTime();
        while (_expression.GetNextOccurrence(cursor, Zone, inclusive: false) is { } next && next <= end)
        {
            latest = next;
            cursor = next;
        }

        return latest;
    }

    /// <summary>How many slots fell in (<paramref name="since"/>, <paramref name="now"/>]: what a catch-up replaces by one.</summary>
    public int SlotsBetween(DateTimeOffset since, DateTimeOffset now)
    {
        var count = 0;
        var cursor = since.ToUniversalTime();
        while (_expression.GetNextOccurrence(cursor, Zone, inclusive: false) is { } next && next <= now.ToUniversalTime())
        {
            count++;
            cursor = next;
        }

        return count;
    }
}
