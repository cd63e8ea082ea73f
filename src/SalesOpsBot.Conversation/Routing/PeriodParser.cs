using System.Globalization;
using SalesOpsBot.Analysis.Calendar;

namespace SalesOpsBot.Conversation.Routing;

/// <summary>
/// Reads periods relative to as-of and the fiscal calendar. A quarter, half or month named without a year is
/// the most recent one that has started ("Q3" asked in November is this year's Q3; asked in May, last year's).
/// </summary>
internal sealed class PeriodParser(DateOnly asOf, FiscalCalendar calendar)
{
    public static readonly IReadOnlySet<string> Words = new HashSet<string>(StringComparer.Ordinal)
    {
        "q1", "q2", "q3", "q4", "h1", "h2", "1h", "2h", "quarter", "quarters", "qtr", "qtrs", "half", "year", "years", "fiscal", "fy",
        "month", "months", "week", "weeks", "day", "days", "qtd", "ytd", "mtd", "today", "yesterday", "since", "last", "past", "previous",
        "prior", "this", "current", "next", "coming", "upcoming", "trailing", "ttm", "first", "second", "third", "fourth", "1st", "2nd",
        "3rd", "4th", "to", "date", "start", "beginning", "so", "far",
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    };

    private static readonly Dictionary<string, int> Months = new(StringComparer.Ordinal)
    {
        ["january"] = 1, ["jan"] = 1, ["february"] = 2, ["feb"] = 2, ["march"] = 3, ["mar"] = 3, ["april"] = 4, ["apr"] = 4,
        ["may"] = 5, ["june"] = 6, ["jun"] = 6, ["july"] = 7, ["jul"] = 7, ["august"] = 8, ["aug"] = 8, ["september"] = 9,
        ["sep"] = 9, ["sept"] = 9, ["october"] = 10, ["oct"] = 10, ["november"] = 11, ["nov"] = 11, ["december"] = 12, ["dec"] = 12,
    };

    private static readonly Dictionary<string, DayOfWeek> Weekdays = new(StringComparer.Ordinal)
    {
        ["monday"] = DayOfWeek.Monday, ["tuesday"] = DayOfWeek.Tuesday, ["wednesday"] = DayOfWeek.Wednesday,
        ["thursday"] = DayOfWeek.Thursday, ["friday"] = DayOfWeek.Friday, ["saturday"] = DayOfWeek.Saturday, ["sunday"] = DayOfWeek.Sunday,
    };

    private static readonly Dictionary<string, int> Numbers = new(StringComparer.Ordinal)
    {
        ["one"] = 1, ["a"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7, ["eight"] = 8,
        ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12,
    };

    private static readonly Dictionary<string, int> Ordinals = new(StringComparer.Ordinal)
    {
        ["first"] = 1, ["1st"] = 1, ["second"] = 2, ["2nd"] = 2, ["third"] = 3, ["3rd"] = 3, ["fourth"] = 4, ["4th"] = 4,
    };

    private List<Token> _words = [];

    /// <summary>Every period in the question, in order; their tokens are marked consumed.</summary>
    public List<FiscalPeriod> Parse(List<Token> tokens)
    {
        _words = tokens.Where(t => !t.Consumed).ToList();
        var periods = new List<FiscalPeriod>();
        for (var i = 0; i < _words.Count; i++)
        {
            if (TryAt(i, out var period, out var length))
            {
                periods.Add(period);
                for (var k = i; k < i + length; k++)
                {
                    _words[k].Consumed = true;
                }

                i += length - 1;
            }
        }

        return periods;
    }

    private string At(int i) => i >= 0 && i < _words.Count ? _words[i].Text : "";

    private bool TryAt(int i, out FiscalPeriod period, out int length)
    {
        period = null!;
        length = 0;
        var word = At(i);

        if (word == "since" && Weekdays.TryGetValue(At(i + 1), out var weekday))
        {
            // "since Monday": the most recent such day before today.
            var back = ((int)asOf.DayOfWeek - (int)weekday + 7) % 7;
            period = FiscalPeriod.Custom(asOf.AddDays(-(back == 0 ? 7 : back)), asOf);
            length = 2;
            return true;
        }

        if (word == "since")
        {
            var offset = At(i + 1) == "the" ? 2 : 1;
            if (TryStartOf(i + offset, out var from, out var fromLength) || (offset == 1 && TryAt(i + 1, out from, out fromLength)))
            {
                period = FiscalPeriod.Custom(from.Start, asOf);
                length = offset + fromLength;
                return true;
            }

            return false;
        }

        if (TryQuarter(i, out period, out length) || TryHalf(i, out period, out length) || TryRelative(i, out period, out length)
            || TryToDate(i, out period, out length) || TryMonth(i, out period, out length) || TryFiscalYear(i, out period, out length))
        {
            return true;
        }

        return false;
    }

    private bool TryStartOf(int i, out FiscalPeriod period, out int length)
    {
        // "since the start of the quarter / year"
        period = null!;
        length = 0;
        if (At(i) is not ("start" or "beginning") || At(i + 1) != "of")
        {
            return false;
        }

        var offset = At(i + 2) is "the" or "this" ? 3 : 2;
        switch (At(i + offset))
        {
            case "quarter":
                period = calendar.QuarterContaining(asOf);
                length = offset + 1;
                return true;
            case "year":
                period = calendar.YearContaining(asOf);
                length = offset + 1;
                return true;
            default:
                return false;
        }
    }

    private bool TryQuarter(int i, out FiscalPeriod period, out int length)
    {
        period = null!;
        length = 0;
        int? quarter = null;
        var used = 0;

        // A year may come first: "FY2026 Q3", "2026 Q3".
        if (TryYear(i, out var leadingYear, out var leadingLength) && TryQuarterNumber(i + leadingLength, out var q, out var qLength))
        {
            period = calendar.Quarter(leadingYear, q);
            length = leadingLength + qLength;
            return true;
        }

        if (TryQuarterNumber(i, out var number, out var numberLength))
        {
            quarter = number;
            used = numberLength;
        }

        if (quarter is null)
        {
            return false;
        }

        var next = i + used;
        if (At(next) is "of" or "in" && TryYear(next + 1, out var ofYear, out var ofLength))
        {
            period = calendar.Quarter(ofYear, quarter.Value);
            length = used + 1 + ofLength;
            return true;
        }

        if (TryYear(next, out var year, out var yearLength))
        {
            period = calendar.Quarter(year, quarter.Value);
            length = used + yearLength;
            return true;
        }

        period = MostRecentStarted(fy => calendar.Quarter(fy, quarter.Value));
        length = used;
        return true;
    }

    private bool TryQuarterNumber(int i, out int quarter, out int length)
    {
        var word = At(i);
        quarter = 0;
        length = 0;
        if (word.Length == 2 && word[0] == 'q' && word[1] is >= '1' and <= '4')
        {
            quarter = word[1] - '0';
            length = 1;
            return true;
        }

        if (word == "q" && At(i + 1) is "1" or "2" or "3" or "4")
        {
            quarter = At(i + 1)[0] - '0';
            length = 2;
            return true;
        }

        if (word is "quarter" or "qtr" && At(i + 1) is "1" or "2" or "3" or "4" or "one" or "two" or "three" or "four")
        {
            quarter = At(i + 1).Length == 1 ? At(i + 1)[0] - '0' : Numbers[At(i + 1)];
            length = 2;
            return true;
        }

        if (Ordinals.TryGetValue(word, out var ordinal) && At(i + 1) is "quarter" or "qtr")
        {
            quarter = ordinal;
            length = 2;
            return true;
        }

        return false;
    }

    private bool TryHalf(int i, out FiscalPeriod period, out int length)
    {
        period = null!;
        length = 0;
        int half;
        int used;
        var word = At(i);
        if (word is "h1" or "1h" or "h2" or "2h")
        {
            half = word.Contains('1', StringComparison.Ordinal) ? 1 : 2;
            used = 1;
        }
        else if (word is "first" or "second" or "1st" or "2nd" && At(i + 1) == "half")
        {
            half = word is "first" or "1st" ? 1 : 2;
            used = 2;
        }
        else if (TryYear(i, out var leadingYear, out var leadingLength) && At(i + leadingLength) is "h1" or "h2")
        {
            period = calendar.Half(leadingYear, At(i + leadingLength) == "h1" ? 1 : 2);
            length = leadingLength + 1;
            return true;
        }
        else
        {
            return false;
        }

        var next = i + used;
        if (At(next) is "of" && TryYear(next + 1, out var ofYear, out var ofLength))
        {
            period = calendar.Half(ofYear, half);
            length = used + 1 + ofLength;
            return true;
        }

        if (TryYear(next, out var year, out var yearLength))
        {
            period = calendar.Half(year, half);
            length = used + yearLength;
            return true;
        }

        period = MostRecentStarted(fy => calendar.Half(fy, half));
        length = used;
        return true;
    }

    private bool TryRelative(int i, out FiscalPeriod period, out int length)
    {
        period = null!;
        length = 0;
        var word = At(i);
        var direction = word switch
        {
            "last" or "previous" or "prior" or "past" or "trailing" => -1,
            "this" or "current" => 0,
            "next" or "coming" or "upcoming" => 1,
            "the" => 0,
            _ => (int?)null,
        };
        if (direction is null)
        {
            return TryEndOf(i, out period, out length);
        }

        var unitIndex = i + 1;
        if (At(unitIndex) == "fiscal")
        {
            unitIndex++;
        }

        var unit = At(unitIndex);
        if (word == "the" && unit is not ("quarter" or "qtr" or "year"))
        {
            return false;
        }

        // "this quarter so far", "the year so far": to date.
        var soFar = direction == 0 && At(unitIndex + 1) == "so" && At(unitIndex + 2) == "far";
        switch (unit)
        {
            case "quarter" or "qtr":
                period = soFar ? WithEnd(calendar.QuarterContaining(asOf), "QTD") : calendar.QuarterOffset(asOf, direction.Value);
                length = unitIndex - i + (soFar ? 3 : 1);
                return true;
            case "year":
                period = soFar ? WithEnd(calendar.YearContaining(asOf), "YTD") : calendar.Year(calendar.FiscalYearOf(asOf) + direction.Value);
                length = unitIndex - i + (soFar ? 3 : 1);
                return true;
            case "half":
                var current = calendar.HalfContaining(asOf);
                period = direction.Value switch
                {
                    0 => current,
                    < 0 => calendar.HalfContaining(current.Start.AddDays(-1)),
                    _ => calendar.HalfContaining(current.End.AddDays(1)),
                };
                length = unitIndex - i + 1;
                return true;
            case "month":
                var month = new DateOnly(asOf.Year, asOf.Month, 1).AddMonths(direction.Value);
                period = FiscalCalendar.Month(month.Year, month.Month);
                length = 2;
                return true;
            case "week":
                period = direction.Value switch
                {
                    0 => FiscalPeriod.Custom(StartOfWeek(asOf), asOf),
                    < 0 when word == "past" => FiscalPeriod.Custom(asOf.AddDays(-6), asOf),
                    < 0 => FiscalPeriod.Custom(StartOfWeek(asOf).AddDays(-7), StartOfWeek(asOf).AddDays(-1)),
                    _ => FiscalPeriod.Custom(StartOfWeek(asOf).AddDays(7), StartOfWeek(asOf).AddDays(13)),
                };
                length = 2;
                return true;
            case "ttm":
                period = FiscalPeriod.Custom(asOf.AddMonths(-12).AddDays(1), asOf);
                length = 2;
                return true;
        }

        // "last 30 days", "past two quarters", "next 3 months"
        if (TryCount(unitIndex, out var count) && direction.Value != 0)
        {
            var countUnit = At(unitIndex + 1);
            length = unitIndex - i + 2;
            switch (countUnit)
            {
                case "day" or "days":
                    period = direction < 0 ? FiscalPeriod.Custom(asOf.AddDays(1 - count), asOf) : FiscalPeriod.Custom(asOf, asOf.AddDays(count - 1));
                    return true;
                case "week" or "weeks":
                    period = direction < 0 ? FiscalPeriod.Custom(asOf.AddDays(1 - 7 * count), asOf) : FiscalPeriod.Custom(asOf, asOf.AddDays(7 * count - 1));
                    return true;
                case "month" or "months":
                    period = direction < 0 ? FiscalPeriod.Custom(asOf.AddMonths(-count).AddDays(1), asOf) : FiscalPeriod.Custom(asOf, asOf.AddMonths(count).AddDays(-1));
                    return true;
                case "quarter" or "quarters" or "qtr" or "qtrs":
                    // Completed quarters only when looking back: the current one is still open.
                    var first = calendar.QuarterOffset(asOf, direction < 0 ? -count : 1);
                    var last = calendar.QuarterOffset(asOf, direction < 0 ? -1 : count);
                    period = new FiscalPeriod($"{first.Label} to {last.Label}", first.Start, last.End, PeriodKind.Custom);
                    return true;
                case "year" or "years":
                    var firstYear = calendar.Year(calendar.FiscalYearOf(asOf) + (direction < 0 ? -count : 1));
                    var lastYear = calendar.Year(calendar.FiscalYearOf(asOf) + (direction < 0 ? -1 : count));
                    period = new FiscalPeriod($"{firstYear.Label} to {lastYear.Label}", firstYear.Start, lastYear.End, PeriodKind.Custom);
                    return true;
            }
        }

        length = 0;
        return false;
    }

    private bool TryEndOf(int i, out FiscalPeriod period, out int length)
    {
        // "by the end of the quarter", "end of year"
        period = null!;
        length = 0;
        if (At(i) != "end" || At(i + 1) != "of")
        {
            return false;
        }

        var offset = At(i + 2) is "the" or "this" ? 3 : 2;
        switch (At(i + offset))
        {
            case "quarter" or "qtr":
                period = calendar.QuarterContaining(asOf);
                length = offset + 1;
                return true;
            case "year":
                period = calendar.YearContaining(asOf);
                length = offset + 1;
                return true;
            default:
                return false;
        }
    }

    private bool TryToDate(int i, out FiscalPeriod period, out int length)
    {
        period = null!;
        length = 0;
        var word = At(i);
        string? kind = word switch
        {
            "qtd" => "quarter",
            "ytd" => "year",
            "mtd" => "month",
            "quarter" or "year" or "month" when At(i + 1) == "to" && At(i + 2) == "date" => word,
            _ => null,
        };
        if (kind is null)
        {
            if (word == "today")
            {
                period = FiscalPeriod.Custom(asOf, asOf);
                length = 1;
                return true;
            }

            if (word == "yesterday")
            {
                period = FiscalPeriod.Custom(asOf.AddDays(-1), asOf.AddDays(-1));
                length = 1;
                return true;
            }

            return false;
        }

        length = word.Length == 3 ? 1 : 3;
        period = kind switch
        {
            "quarter" => WithEnd(calendar.QuarterContaining(asOf), "QTD"),
            "year" => WithEnd(calendar.YearContaining(asOf), "YTD"),
            _ => WithEnd(FiscalCalendar.Month(asOf.Year, asOf.Month), "MTD"),
        };
        return true;
    }

    private bool TryMonth(int i, out FiscalPeriod period, out int length)
    {
        period = null!;
        length = 0;
        var word = At(i);
        if (!Months.TryGetValue(word, out var month))
        {
            return false;
        }

        // "may" is usually the verb; take it as the month only where a month is expected.
        var hasYear = int.TryParse(At(i + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 2000 and <= 2100;
        if (word == "may" && !hasYear && At(i - 1) is not ("in" or "since" or "for" or "of" or "during"))
        {
            return false;
        }

        if (hasYear)
        {
            period = FiscalCalendar.Month(year, month);
            length = 2;
            return true;
        }

        var candidate = FiscalCalendar.Month(asOf.Year, month);
        period = candidate.Start <= asOf ? candidate : FiscalCalendar.Month(asOf.Year - 1, month);
        length = 1;
        return true;
    }

    private bool TryFiscalYear(int i, out FiscalPeriod period, out int length)
    {
        period = null!;
        if (TryYear(i, out var year, out length) && At(i) != "this" && At(i) != "last" && At(i) != "next")
        {
            period = calendar.Year(year);
            return true;
        }

        return false;
    }

    /// <summary>"fy26", "fy2026", "fy 26", "fiscal 2026", "fiscal year 2026", "2026", "last year" (after a quarter).</summary>
    private bool TryYear(int i, out int year, out int length)
    {
        year = 0;
        length = 0;
        var word = At(i);
        var currentYear = calendar.FiscalYearOf(asOf);
        if (word.StartsWith("fy", StringComparison.Ordinal) && word.Length > 2 && TryYearNumber(word[2..], out year))
        {
            length = 1;
            return true;
        }

        if (word is "fy" or "fiscal")
        {
            var next = At(i + 1) == "year" ? i + 2 : i + 1;
            if (TryYearNumber(At(next), out year))
            {
                length = next - i + 1;
                return true;
            }

            return false;
        }

        if (word.Length == 4 && TryYearNumber(word, out year))
        {
            length = 1;
            return true;
        }

        if (At(i + 1) == "year")
        {
            int? offset = word switch { "last" or "previous" or "prior" => -1, "this" or "current" => 0, "next" => 1, _ => null };
            if (offset is not null)
            {
                year = currentYear + offset.Value;
                length = 2;
                return true;
            }
        }

        return false;
    }

    private static bool TryYearNumber(string text, out int year)
    {
        year = 0;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        year = text.Length == 2 ? 2000 + number : number;
        return text.Length is 2 or 4 && year is >= 2000 and <= 2100;
    }

    private bool TryCount(int i, out int count)
    {
        var word = At(i);
        if (Numbers.TryGetValue(word, out count))
        {
            return true;
        }

        return int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out count) && count is > 0 and <= 400;
    }

    private FiscalPeriod MostRecentStarted(Func<int, FiscalPeriod> inYear)
    {
        var candidate = inYear(calendar.FiscalYearOf(asOf));
        return candidate.Start <= asOf ? candidate : inYear(calendar.FiscalYearOf(asOf) - 1);
    }

    private FiscalPeriod WithEnd(FiscalPeriod period, string suffix) =>
        new($"{period.Label} {suffix}", period.Start, asOf < period.End ? asOf : period.End, PeriodKind.Custom);

    private static DateOnly StartOfWeek(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));
}
