using SalesOpsBot.Analysis.Calendar;

namespace SalesOpsBot.Analysis.Tests.Calendar;

public class FiscalCalendarTests
{
    [Theory]
    [InlineData(1, "2026-01-01", 2026, 1)]
    [InlineData(1, "2026-12-31", 2026, 4)]
    [InlineData(7, "2025-07-01", 2026, 1)]
    [InlineData(7, "2025-06-30", 2025, 4)]
    [InlineData(7, "2026-06-30", 2026, 4)]
    [InlineData(7, "2026-01-15", 2026, 3)]
    [InlineData(2, "2026-01-31", 2026, 4)]
    [InlineData(2, "2026-02-01", 2027, 1)]
    [InlineData(12, "2025-12-01", 2026, 1)]
    [InlineData(12, "2026-11-30", 2026, 4)]
    public void NamesYearByTheCalendarYearItEndsIn(int startMonth, string date, int fiscalYear, int quarter)
    {
        var calendar = new FiscalCalendar(startMonth);
        var day = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(fiscalYear, calendar.FiscalYearOf(day));
        Assert.Equal(quarter, calendar.QuarterOf(day));
        Assert.True(calendar.QuarterContaining(day).Contains(day));
    }

    [Fact]
    public void QuarterLabelsAndBoundsFollowTheContractExample()
    {
        var calendar = new FiscalCalendar(7);

        var q3 = calendar.Quarter(2026, 3);

        Assert.Equal("FY2026 Q3", q3.Label);
        Assert.Equal(new DateOnly(2026, 1, 1), q3.Start);
        Assert.Equal(new DateOnly(2026, 3, 31), q3.End);
        Assert.Equal(new DateOnly(2025, 7, 1), calendar.Year(2026).Start);
        Assert.Equal(new DateOnly(2026, 6, 30), calendar.Year(2026).End);
        Assert.Equal("FY2026 H2", calendar.HalfContaining(new DateOnly(2026, 2, 1)).Label);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(11)]
    public void QuartersTileEveryYearWithoutGapsAcrossYearEnds(int startMonth)
    {
        var calendar = new FiscalCalendar(startMonth);
        var quarters = calendar.QuartersBetween(new DateOnly(2023, 1, 1), new DateOnly(2027, 12, 31));

        for (var i = 1; i < quarters.Count; i++)
        {
            Assert.Equal(quarters[i - 1].End.AddDays(1), quarters[i].Start);
        }

        Assert.All(quarters, q => Assert.Equal(q.Start.AddMonths(3).AddDays(-1), q.End));
    }

    [Fact]
    public void QuarterOffsetCrossesTheFiscalYearEnd()
    {
        var calendar = new FiscalCalendar(7);

        var previous = calendar.QuarterOffset(new DateOnly(2025, 8, 10), -1);

        Assert.Equal("FY2025 Q4", previous.Label);
        Assert.Equal(new DateOnly(2025, 4, 1), previous.Start);
    }

    [Fact]
    public void RejectsAStartMonthOutsideOneToTwelve()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FiscalCalendar(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FiscalCalendar(13));
    }

    [Fact]
    public void APeriodIsMeasuredInQuartersByTheShareOfEachQuartersDays()
    {
        var calendar = new FiscalCalendar(1);

        Assert.Equal(1.0, calendar.QuarterLengths(calendar.Quarter(2026, 3)), 12);
        Assert.Equal(4.0, calendar.QuarterLengths(calendar.Year(2026)), 12);
        Assert.Equal(31.0 / 92, calendar.QuarterLengths(FiscalCalendar.Month(2026, 8)), 12); // August of Jul–Sep
        // 15 Dec – 20 Jan: 17 of Q4's 92 days and 20 of Q1's 90.
        Assert.Equal(17.0 / 92 + 20.0 / 90, calendar.QuarterLengths(FiscalPeriod.Custom(new DateOnly(2025, 12, 15), new DateOnly(2026, 1, 20))), 12);
    }
}
