using System.Globalization;
using SalesOpsBot.Conversation.Answers;

namespace SalesOpsBot.Conversation.Tests.Routing;

public class PeriodRoutingTests
{
    [Theory]
    // Calendar fiscal year (start month 1).
    [InlineData(1, "2026-11-10", "how did we do in Q3", "FY2026 Q3", "2026-07-01", "2026-09-30")]
    [InlineData(1, "2026-05-10", "how did we do in Q3", "FY2025 Q3", "2025-07-01", "2025-09-30")]
    [InlineData(1, "2026-01-05", "bookings last quarter", "FY2025 Q4", "2025-10-01", "2025-12-31")]
    [InlineData(1, "2026-01-05", "bookings this quarter", "FY2026 Q1", "2026-01-01", "2026-03-31")]
    [InlineData(1, "2025-12-20", "pipeline for next quarter", "FY2026 Q1", "2026-01-01", "2026-03-31")]
    [InlineData(1, "2026-10-15", "bookings QTD", "FY2026 Q4 QTD", "2026-10-01", "2026-10-15")]
    [InlineData(1, "2026-10-15", "bookings YTD", "FY2026 YTD", "2026-01-01", "2026-10-15")]
    [InlineData(1, "2026-02-10", "bookings in December", "December 2025", "2025-12-01", "2025-12-31")]
    [InlineData(1, "2026-10-15", "bookings since July", "2026-07-01 to 2026-10-15", "2026-07-01", "2026-10-15")]
    [InlineData(1, "2026-03-03", "bookings in the last 30 days", "2026-02-02 to 2026-03-03", "2026-02-02", "2026-03-03")]
    [InlineData(1, "2026-10-15", "bookings in september 2025", "September 2025", "2025-09-01", "2025-09-30")]
    [InlineData(1, "2026-10-15", "bookings over the last 4 quarters", "FY2025 Q4 to FY2026 Q3", "2025-10-01", "2026-09-30")]
    [InlineData(1, "2026-10-15", "bookings in H1", "FY2026 H1", "2026-01-01", "2026-06-30")]
    [InlineData(1, "2026-10-15", "bookings last year", "FY2025", "2025-01-01", "2025-12-31")]
    [InlineData(1, "2026-10-15", "bookings in fiscal year 2024", "FY2024", "2024-01-01", "2024-12-31")]
    [InlineData(1, "2026-10-15", "bookings Q2 FY 2026", "FY2026 Q2", "2026-04-01", "2026-06-30")]
    // Fiscal year starting in July: FY2027 runs 2026-07-01 … 2027-06-30.
    [InlineData(7, "2026-07-02", "bookings last quarter", "FY2026 Q4", "2026-04-01", "2026-06-30")]
    [InlineData(7, "2026-07-02", "bookings this year", "FY2027", "2026-07-01", "2027-06-30")]
    [InlineData(7, "2026-10-15", "bookings in Q1", "FY2027 Q1", "2026-07-01", "2026-09-30")]
    [InlineData(7, "2026-10-15", "bookings in Q3", "FY2026 Q3", "2026-01-01", "2026-03-31")]
    [InlineData(7, "2026-10-15", "bookings YTD", "FY2027 YTD", "2026-07-01", "2026-10-15")]
    [InlineData(7, "2026-10-15", "bookings in H1", "FY2027 H1", "2026-07-01", "2026-12-31")]
    [InlineData(7, "2026-10-15", "bookings last year", "FY2026", "2025-07-01", "2026-06-30")]
    [InlineData(7, "2026-10-15", "bookings in Q3 FY26", "FY2026 Q3", "2026-01-01", "2026-03-31")]
    [InlineData(7, "2026-10-15", "FY2026 Q3 bookings", "FY2026 Q3", "2026-01-01", "2026-03-31")]
    [InlineData(7, "2026-06-20", "pipeline for next quarter", "FY2027 Q1", "2026-07-01", "2026-09-30")]
    [InlineData(7, "2026-10-15", "bookings in the first half of FY2026", "FY2026 H1", "2025-07-01", "2025-12-31")]
    public void PeriodsAreReadRelativeToAsOfAndTheFiscalCalendar(int startMonth, string asOf, string question, string label, string start, string end)
    {
        var routed = RouterFixture.Route(question, asOf: Date(asOf), fiscalStartMonth: startMonth);

        Assert.NotNull(routed.Period);
        Assert.Equal(label, routed.Period.Label);
        Assert.Equal(Date(start), routed.Period.Start);
        Assert.Equal(Date(end), routed.Period.End);
    }

    [Fact]
    public void NoPeriodWordsLeaveThePeriodToTheIntentsDefault()
    {
        Assert.Null(RouterFixture.Route("how is EMEA tracking?").Period);
    }

    [Fact]
    public void AFuturePeriodIsFlaggedForBackwardLookingQuestionsOnly()
    {
        var miss = RouterFixture.Route("why did we miss Q3 FY2030?");
        var pipeline = RouterFixture.Route("pipeline for next quarter");

        Assert.Equal(Intents.ExplainAttainment, miss.Intent);
        Assert.Equal("FY2030 Q3", miss.Period?.Label);
        Assert.True(miss.PeriodInFuture);
        Assert.Equal("FY2027 Q1", pipeline.Period?.Label);
        Assert.False(pipeline.PeriodInFuture);
    }

    [Fact]
    public void VersusLastYearIsABaselineNotThePeriod()
    {
        var routed = RouterFixture.Route("EMEA bookings this quarter vs last year");

        Assert.Equal("FY2026 Q4", routed.Period?.Label);
        Assert.Equal("last_year", routed.Baseline);
    }

    [Fact]
    public void TwoPeriodsInACompareQuestionBecomePeriodAndComparisonPeriod()
    {
        var routed = RouterFixture.Route("compare Q3 with Q2 for EMEA");

        Assert.Equal(Intents.Compare, routed.Intent);
        Assert.Equal("FY2026 Q3", routed.Period?.Label);
        Assert.Equal("FY2026 Q2", routed.ComparisonPeriod?.Label);
    }

    private static DateOnly Date(string text) => DateOnly.Parse(text, CultureInfo.InvariantCulture);
}
