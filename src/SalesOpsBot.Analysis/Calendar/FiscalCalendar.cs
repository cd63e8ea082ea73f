namespace SalesOpsBot.Analysis.Calendar;

/// <summary>
/// The fiscal calendar of the warehouse contract: quarter 1 starts on the first day of
/// <see cref="StartMonth"/>, and a fiscal year is named by the calendar year in which it ends
/// (start month 7: FY2026 runs 2025-07-01 … 2026-06-30).
/// </summary>
public sealed record FiscalCalendar
{
    public FiscalCalendar(int startMonth = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(startMonth, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(startMonth, 12);
        StartMonth = startMonth;
    }

    public int StartMonth { get; }

    /// <summary>The fiscal year that contains <paramref name="date"/>, named by the year it ends in.</summary>
    public int FiscalYearOf(DateOnly date)
    {
        // A year that starts in January ends in the same calendar year; any later start month
        // means the months from the start month onwards belong to the next year's name.
        return StartMonth == 1 || date.Month < StartMonth ? date.Year : date.Year + 1;
    }

    public DateOnly FiscalYearStart(int fiscalYear) =>
        StartMonth == 1 ? new DateOnly(fiscalYear, 1, 1) : new DateOnly(fiscalYear - 1, StartMonth, 1);

    /// <summary>Fiscal quarter (1–4) that contains <paramref name="date"/>.</summary>
    public int QuarterOf(DateOnly date)
    {
        var monthsIntoYear = ((date.Month - StartMonth) % 12 + 12) % 12;
        return monthsIntoYear / 3 + 1;
    }

    public FiscalPeriod Quarter(int fiscalYear, int quarter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quarter, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quarter, 4);
        var start = FiscalYearStart(fiscalYear).AddMonths((quarter - 1) * 3);
        return new FiscalPeriod($"FY{fiscalYear} Q{quarter}", start, start.AddMonths(3).AddDays(-1), PeriodKind.Quarter);
    }

    public FiscalPeriod QuarterContaining(DateOnly date) => Quarter(FiscalYearOf(date), QuarterOf(date));

    public FiscalPeriod Half(int fiscalYear, int half)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(half, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(half, 2);
        var start = FiscalYearStart(fiscalYear).AddMonths((half - 1) * 6);
        return new FiscalPeriod($"FY{fiscalYear} H{half}", start, start.AddMonths(6).AddDays(-1), PeriodKind.Half);
    }

    public FiscalPeriod HalfContaining(DateOnly date) => Half(FiscalYearOf(date), (QuarterOf(date) + 1) / 2);

    public FiscalPeriod Year(int fiscalYear)
    {
        var start = FiscalYearStart(fiscalYear);
        return new FiscalPeriod($"FY{fiscalYear}", start, start.AddYears(1).AddDays(-1), PeriodKind.Year);
    }

    public FiscalPeriod YearContaining(DateOnly date) => Year(FiscalYearOf(date));

    /// <summary>The quarter <paramref name="offset"/> quarters away from the one containing <paramref name="date"/>.</summary>
    public FiscalPeriod QuarterOffset(DateOnly date, int offset)
    {
        var start = QuarterContaining(date).Start.AddMonths(3 * offset);
        return QuarterContaining(start);
    }

    /// <summary>Every fiscal quarter that overlaps [<paramref name="start"/>, <paramref name="end"/>], in order.</summary>
    public IReadOnlyList<FiscalPeriod> QuartersBetween(DateOnly start, DateOnly end)
    {
        var quarters = new List<FiscalPeriod>();
        for (var q = QuarterContaining(start); q.Start <= end; q = QuarterContaining(q.End.AddDays(1)))
        {
            quarters.Add(q);
        }

        return quarters;
    }

    /// <summary>
    /// How many fiscal quarters <paramref name="period"/> is long, counting each overlapped quarter by the share of its days
    /// inside the period: 1 for a quarter, 4 for a year, 31/92 for August under a calendar year.
    /// </summary>
    public double QuarterLengths(FiscalPeriod period)
    {
        ArgumentNullException.ThrowIfNull(period);
        return QuartersBetween(period.Start, period.End).Sum(q =>
        {
            var first = q.Start > period.Start ? q.Start : period.Start;
            var last = q.End < period.End ? q.End : period.End;
            return (double)(last.DayNumber - first.DayNumber + 1) / q.Days;
        });
    }

    public static FiscalPeriod Month(int year, int month)
    {
        var start = new DateOnly(year, month, 1);
        return new FiscalPeriod(start.ToString("MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture),
            start, start.AddMonths(1).AddDays(-1), PeriodKind.Month);
    }
}

public enum PeriodKind
{
    Quarter,
    Half,
    Year,
    Month,
    Custom,
}

/// <summary>A closed date range [<see cref="Start"/>, <see cref="End"/>] with a label for people.</summary>
public sealed record FiscalPeriod(string Label, DateOnly Start, DateOnly End, PeriodKind Kind)
{
    public bool Contains(DateOnly date) => date >= Start && date <= End;

    public int Days => End.DayNumber - Start.DayNumber + 1;

    public static FiscalPeriod Custom(DateOnly start, DateOnly end) =>
        new($"{start:yyyy-MM-dd} to {end:yyyy-MM-dd}", start, end, PeriodKind.Custom);
}
