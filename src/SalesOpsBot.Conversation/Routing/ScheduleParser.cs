using System.Globalization;
using System.Text.RegularExpressions;

namespace SalesOpsBot.Conversation.Routing;

/// <summary>
/// Reads "every Monday at 8am", "daily", "weekdays at 7:30 CET" into a five-field cron expression. No time
/// stated means 08:00; a time without a frequency means daily.
/// </summary>
internal static partial class ScheduleParser
{
    private static readonly Dictionary<string, DayOfWeek> Days = new(StringComparer.Ordinal)
    {
        ["monday"] = DayOfWeek.Monday, ["mon"] = DayOfWeek.Monday, ["tuesday"] = DayOfWeek.Tuesday, ["tue"] = DayOfWeek.Tuesday,
        ["tues"] = DayOfWeek.Tuesday, ["wednesday"] = DayOfWeek.Wednesday, ["wed"] = DayOfWeek.Wednesday,
        ["thursday"] = DayOfWeek.Thursday, ["thu"] = DayOfWeek.Thursday, ["thur"] = DayOfWeek.Thursday, ["thurs"] = DayOfWeek.Thursday,
        ["friday"] = DayOfWeek.Friday, ["fri"] = DayOfWeek.Friday, ["saturday"] = DayOfWeek.Saturday, ["sunday"] = DayOfWeek.Sunday,
    };

    private static readonly Dictionary<string, string> Zones = new(StringComparer.Ordinal)
    {
        ["utc"] = "UTC", ["gmt"] = "UTC", ["cet"] = "Europe/Berlin", ["cest"] = "Europe/Berlin", ["berlin"] = "Europe/Berlin",
        ["london"] = "Europe/London", ["bst"] = "Europe/London", ["paris"] = "Europe/Paris", ["et"] = "America/New_York",
        ["est"] = "America/New_York", ["edt"] = "America/New_York", ["eastern"] = "America/New_York", ["pt"] = "America/Los_Angeles",
        ["pst"] = "America/Los_Angeles", ["pdt"] = "America/Los_Angeles", ["pacific"] = "America/Los_Angeles",
        ["ct"] = "America/Chicago", ["cst"] = "America/Chicago", ["cdt"] = "America/Chicago", ["central"] = "America/Chicago",
        ["sydney"] = "Australia/Sydney", ["aest"] = "Australia/Sydney", ["tokyo"] = "Asia/Tokyo", ["jst"] = "Asia/Tokyo",
        ["ist"] = "Asia/Kolkata", ["singapore"] = "Asia/Singapore", ["sgt"] = "Asia/Singapore",
    };

    public static readonly IReadOnlySet<string> Words = new HashSet<string>(
        Days.Keys.Concat(Days.Keys.Select(d => d + "s")).Concat(Zones.Keys)
            .Concat(["daily", "weekly", "monthly", "weekday", "weekdays", "every", "each", "morning", "afternoon", "evening", "mornings", "afternoons", "evenings", "noon", "at", "time"]),
        StringComparer.Ordinal);

    [GeneratedRegex(@"^(\d{1,2})(?:[:.](\d{2}))?(am|pm|h)?$")]
    private static partial Regex TimePattern();

    public sealed record Schedule(string? Frequency, IReadOnlyList<DayOfWeek> Days, TimeOnly? Time, string? TimeZone)
    {
        public bool IsEmpty => Frequency is null && Days.Count == 0 && Time is null;

        public string? Cron
        {
            get
            {
                var frequency = Frequency ?? (Days.Count > 0 ? "weekly" : Time is not null ? "daily" : null);
                if (frequency is null)
                {
                    return null;
                }

                var at = Time ?? new TimeOnly(8, 0);
                var prefix = string.Create(CultureInfo.InvariantCulture, $"{at.Minute} {at.Hour}");
                return frequency switch
                {
                    "daily" => $"{prefix} * * *",
                    "weekdays" => $"{prefix} * * 1-5",
                    "monthly" => $"{prefix} 1 * *",
                    _ => $"{prefix} * * {(Days.Count == 0 ? "1" : string.Join(',', Days.Select(d => ((int)d).ToString(CultureInfo.InvariantCulture))))}",
                };
            }
        }

        public string? EffectiveFrequency => Frequency ?? (Days.Count > 0 ? "weekly" : Time is not null ? "daily" : null);
    }

    public static Schedule Parse(List<Token> tokens)
    {
        string? frequency = null;
        var days = new List<DayOfWeek>();
        TimeOnly? time = null;
        string? zone = null;
        var open = tokens.Where(t => !t.Consumed).ToList();
        for (var i = 0; i < open.Count; i++)
        {
            var word = open[i].Text;
            var next = i + 1 < open.Count ? open[i + 1].Text : "";
            if (word is "daily" || (word is "every" or "each" && next is "day" or "morning" or "evening" or "afternoon"))
            {
                frequency = "daily";
                Consume(open, i, word is "daily" ? 1 : 2);
                if (word != "daily")
                {
                    time ??= DayPart(next);
                }

                continue;
            }

            if (word is "weekly" || (word is "every" or "each" && next == "week"))
            {
                frequency ??= "weekly";
                Consume(open, i, word is "weekly" ? 1 : 2);
                continue;
            }

            if (word is "monthly" || (word is "every" or "each" && next == "month"))
            {
                frequency = "monthly";
                Consume(open, i, word is "monthly" ? 1 : 2);
                continue;
            }

            if (word is "weekdays" or "weekday" || (word is "every" && next is "weekday" or "workday"))
            {
                frequency = "weekdays";
                Consume(open, i, word is "every" ? 2 : 1);
                continue;
            }

            var dayWord = word.EndsWith('s') && Days.ContainsKey(word[..^1]) ? word[..^1] : word;
            if (Days.TryGetValue(dayWord, out var day))
            {
                days.Add(day);
                Consume(open, i, 1);
                if (i > 0 && open[i - 1].Text is "every" or "each" or "on")
                {
                    open[i - 1].Consumed = true;
                }

                if (DayPart(next) is not null)
                {
                    time ??= DayPart(next);
                    Consume(open, i + 1, 1);
                }

                continue;
            }

            if (TryTime(open, i, out var parsed, out var length))
            {
                time = parsed;
                Consume(open, i, length);
                if (i > 0 && open[i - 1].Text == "at")
                {
                    open[i - 1].Consumed = true;
                }

                var after = i + length;
                if (after < open.Count && Zones.TryGetValue(open[after].Text, out var named))
                {
                    zone = named;
                    Consume(open, after, after + 1 < open.Count && open[after + 1].Text == "time" ? 2 : 1);
                }

                i += length - 1;
            }
        }

        return new Schedule(frequency, days, time, zone);
    }

    private static bool TryTime(List<Token> open, int i, out TimeOnly time, out int length)
    {
        time = default;
        length = 0;
        var word = open[i].Text;
        if (word is "noon" or "midday")
        {
            time = new TimeOnly(12, 0);
            length = 1;
            return true;
        }

        var next = i + 1 < open.Count ? open[i + 1].Text : "";
        var candidate = next is "am" or "pm" ? word + next : word;
        var match = TimePattern().Match(candidate);
        var previous = i > 0 ? open[i - 1].Text : "";
        if (!match.Success || (!match.Groups[3].Success && !match.Groups[2].Success && previous != "at"))
        {
            return false;
        }

        var hour = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var minute = match.Groups[2].Success ? int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) : 0;
        if (match.Groups[3].Value == "pm" && hour < 12)
        {
            hour += 12;
        }
        else if (match.Groups[3].Value == "am" && hour == 12)
        {
            hour = 0;
        }

        if (hour > 23 || minute > 59)
        {
            return false;
        }

        time = new TimeOnly(hour, minute);
        length = next is "am" or "pm" ? 2 : 1;
        return true;
    }

    private static TimeOnly? DayPart(string word) => word switch
    {
        "morning" or "mornings" => new TimeOnly(8, 0),
        "afternoon" or "afternoons" => new TimeOnly(14, 0),
        "evening" or "evenings" => new TimeOnly(18, 0),
        _ => null,
    };

    private static void Consume(List<Token> open, int start, int count)
    {
        for (var k = start; k < Math.Min(open.Count, start + count); k++)
        {
            open[k].Consumed = true;
        }
    }
}
