using SalesOpsBot.Analysis.Calendar;

namespace SalesOpsBot.Warehouse.Seeding;

/// <summary>
/// The demo's fiscal quarters as day numbers (<see cref="DateOnly.DayNumber"/>), relative to the quarter
/// that contains the as-of date: offset 0 is the current quarter, -1 the last completed one.
/// </summary>
internal sealed class DemoTime
{
    /// <summary>Deals exist from the start of this quarter (the CRM went live then); quotas too.</summary>
    public const int FirstOffset = -13;

    /// <summary>Quotas are planned up to the next quarter.</summary>
    public const int LastQuotaOffset = 1;

    private const int LastOffset = 3;

    private readonly FiscalPeriod[] _quarters;

    public DemoTime(DateOnly asOf, int fiscalYearStartMonth)
    {
        Calendar = new FiscalCalendar(fiscalYearStartMonth);
        AsOf = asOf;
        AsOfDay = asOf.DayNumber;
        _quarters = new FiscalPeriod[LastOffset - FirstOffset + 1];
        for (var offset = FirstOffset; offset <= LastOffset; offset++)
        {
            _quarters[offset - FirstOffset] = Calendar.QuarterOffset(asOf, offset);
        }
    }

    public FiscalCalendar Calendar { get; }

    public DateOnly AsOf { get; }

    public int AsOfDay { get; }

    public int WindowStartDay => Start(FirstOffset);

    public FiscalPeriod Quarter(int offset) => _quarters[offset - FirstOffset];

    public int Start(int offset) => Quarter(offset).Start.DayNumber;

    public int End(int offset) => Quarter(offset).End.DayNumber;

    public int Days(int offset) => Quarter(offset).Days;

    /// <summary>The day <paramref name="dayInQuarter"/> days after the start of quarter <paramref name="offset"/>.</summary>
    public int Day(int offset, int dayInQuarter) => Start(offset) + dayInQuarter;

    public bool InQuarter(int day, int offset) => day >= Start(offset) && day <= End(offset);

    /// <summary>A close date for a deal that must still be open: not before the as-of date, inside the current quarter when possible.</summary>
    public int OpenInCurrentQuarter(int preferredDay) => Math.Min(Math.Max(preferredDay, AsOfDay), Math.Max(End(0), AsOfDay));
}
