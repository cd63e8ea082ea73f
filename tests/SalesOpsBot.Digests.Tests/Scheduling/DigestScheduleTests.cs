using Microsoft.Extensions.Time.Testing;
using SalesOpsBot.Digests.Scheduling;

namespace SalesOpsBot.Digests.Tests.Scheduling;

public class DigestScheduleTests
{
    private const string MondayAtEight = "0 8 * * 1";

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void MondayAtEightInBerlinFollowsTheClockAcrossTheSpringChange()
    {
        // Berlin moves from CET (UTC+1) to CEST (UTC+2) on Sunday 29 March 2026.
        var slots = new DigestSchedule(MondayAtEight, "Europe/Berlin").NextSlots(Utc(2026, 3, 20, 12), 2);

        Assert.Equal([Utc(2026, 3, 23, 7), Utc(2026, 3, 30, 6)], slots.Select(s => s.ToUniversalTime()));
        Assert.All(slots, s => Assert.Equal(new TimeOnly(8, 0), TimeOnly.FromTimeSpan(s.TimeOfDay)));
    }

    [Fact]
    public void MondayAtEightInBerlinFollowsTheClockAcrossTheAutumnChange()
    {
        // Back to CET on Sunday 25 October 2026.
        var slots = new DigestSchedule(MondayAtEight, "Europe/Berlin").NextSlots(Utc(2026, 10, 16, 12), 2);

        Assert.Equal([Utc(2026, 10, 19, 6), Utc(2026, 10, 26, 7)], slots.Select(s => s.ToUniversalTime()));
    }

    [Fact]
    public void ATimeInTheNewYorkSpringGapFiresOnceRightAfterTheGap()
    {
        // 8 March 2026: 02:00 EST jumps to 03:00 EDT, so 02:30 does not exist that day.
        var slots = new DigestSchedule("30 2 * * *", "America/New_York").NextSlots(Utc(2026, 3, 7, 0), 3);

        Assert.Equal([Utc(2026, 3, 7, 7, 30), Utc(2026, 3, 8, 7), Utc(2026, 3, 9, 6, 30)], slots.Select(s => s.ToUniversalTime()));
    }

    [Fact]
    public void ATimeRepeatedByTheNewYorkAutumnChangeFiresOnceAtItsFirstOccurrence()
    {
        // 1 November 2026: 02:00 EDT falls back to 01:00 EST, so 01:30 happens at 05:30Z and again at 06:30Z.
        var slots = new DigestSchedule("30 1 * * *", "America/New_York").NextSlots(Utc(2026, 10, 31, 0), 3);

        Assert.Equal([Utc(2026, 10, 31, 5, 30), Utc(2026, 11, 1, 5, 30), Utc(2026, 11, 2, 6, 30)], slots.Select(s => s.ToUniversalTime()));
    }

    [Theory]
    [InlineData("America/New_York", "30 1 * * *", 2026, 10, 25)]
    [InlineData("America/New_York", "30 2 * * *", 2026, 3, 1)]
    [InlineData("Europe/Berlin", "30 2 * * *", 2026, 3, 25)]
    [InlineData("Europe/Berlin", "30 2 * * *", 2026, 10, 21)]
    public void ASchedulerTickingEveryFiveMinutesDeliversExactlyOneDailyDigestPerLocalDayAcrossAChange(string zone, string cron, int year, int month, int day)
    {
        var schedule = new DigestSchedule(cron, zone);
        var time = new FakeTimeProvider(Utc(year, month, day, 12));
        var since = time.GetUtcNow();
        var delivered = new List<DateTimeOffset>();
        for (var tick = 0; tick < 14 * 24 * 12; tick++)
        {
            time.Advance(TimeSpan.FromMinutes(5));
            if (schedule.DueSlot(since, time.GetUtcNow()) is { } slot)
            {
                delivered.Add(slot);
                since = slot;
            }
        }

        var localDays = delivered.Select(s => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(s, schedule.Zone).DateTime)).ToList();
        Assert.Equal(14, delivered.Count);
        Assert.Equal(14, localDays.Distinct().Count());
    }

    [Fact]
    public void AfterThreeWeeksOfDowntimeOnlyTheLatestMissedSlotIsDue()
    {
        var schedule = new DigestSchedule(MondayAtEight, "Europe/Berlin");
        var since = Utc(2026, 11, 1, 0);
        var now = Utc(2026, 11, 24, 10);

        // Missed Mondays 2, 9, 16 and 23 November (CET, 07:00Z); one catch-up for the 23rd.
        Assert.Equal(Utc(2026, 11, 23, 7), schedule.DueSlot(since, now));
        Assert.Equal(4, schedule.SlotsBetween(since, now));
        Assert.Null(schedule.DueSlot(Utc(2026, 11, 23, 7), now));
    }

    [Fact]
    public void ASlotIsDueFromItsOwnInstantNotBefore()
    {
        var schedule = new DigestSchedule(MondayAtEight, "Europe/Berlin");
        var since = Utc(2026, 11, 20, 0);

        Assert.Null(schedule.DueSlot(since, Utc(2026, 11, 23, 6, 59)));
        Assert.Equal(Utc(2026, 11, 23, 7), schedule.DueSlot(since, Utc(2026, 11, 23, 7)));
    }

    [Theory]
    [InlineData("every monday", "Europe/Berlin")]
    [InlineData("0 8 * * 1", "Mars/Olympus_Mons")]
    [InlineData("0 8 * *", "Europe/Berlin")]
    public void UnreadableSchedulesAreRejected(string cron, string zone) =>
        Assert.Throws<ArgumentException>(() => DigestSchedule.Validate(cron, zone));
}
