using SalesOpsBot.Conversation.Llm;

namespace SalesOpsBot.Conversation.Tests.Llm;

public class NumberGuardTests
{
    private static IReadOnlyList<NumberMention> Sources(params decimal[] values) =>
        [.. values.Select(v => new NumberMention(v.ToString(System.Globalization.CultureInfo.InvariantCulture), v, 0))];

    [Theory]
    [InlineData("EMEA booked 8.1M.", 8_123_000)]
    [InlineData("EMEA booked $8.12M.", 8_123_000)]
    [InlineData("EMEA booked 8,123,000.", 8_123_000)]
    [InlineData("EMEA booked 8,120,000.", 8_123_456)]
    [InlineData("EMEA booked €8.1 million.", 8_123_000)]
    [InlineData("It missed by −1.4M.", -1_412_000)]
    [InlineData("Attainment was 86%.", 0.855)]
    [InlineData("Attainment was 85.5%.", 0.855)]
    [InlineData("Attainment was 0.855.", 0.855)]
    [InlineData("Coverage is 3.2x.", 3.2141)]
    [InlineData("Coverage is 3.2×.", 3.2141)]
    [InlineData("Average deal 950K.", 949_600)]
    public void NumbersRoundedOrFormattedFromASourceAreVerified(string text, double source)
    {
        var verdict = NumberGuard.Check(text, Sources((decimal)source));

        Assert.True(verdict.Passed, string.Join(", ", verdict.Unverified.Select(n => n.Text)));
        Assert.Single(verdict.Numbers);
    }

    [Theory]
    [InlineData("EMEA booked 8.3M.", 8_123_000)]
    [InlineData("EMEA booked 8,200,000.", 8_123_000)]
    [InlineData("Attainment was 88%.", 0.855)]
    [InlineData("Attainment was 85%.", 0.8449)]
    [InlineData("Coverage is 3.4x.", 3.2141)]
    [InlineData("EMEA booked 8.1B.", 8_123_000)]
    [InlineData("EMEA booked 8.1K.", 8_123_000)]
    public void NumbersNotInTheSourcesAreUnverified(string text, double source)
    {
        var verdict = NumberGuard.Check(text, Sources((decimal)source));

        Assert.False(verdict.Passed);
    }

    [Fact]
    public void EveryNumberIsUnverifiedWhenThereAreNoToolResults()
    {
        var verdict = NumberGuard.Check("Bookings were 9.9M, up 12% on last year.", Sources());

        Assert.Equal(["9.9M", "12%"], verdict.Unverified.Select(n => n.Text));
    }

    [Fact]
    public void SmallCountsAndQuarterNumbersNeedNoSource()
    {
        var verdict = NumberGuard.Check("In Q3 two deals slipped; the top 3 drivers follow.", Sources());

        Assert.True(verdict.Passed);
    }

    [Fact]
    public void OneInventedFigureAmongTrueOnesFailsTheText()
    {
        var verdict = NumberGuard.Check("Booked 8.1M of 9.5M (85%), with 2.7M slipped.", Sources(8_123_000, 9_500_000, 0.855m));

        Assert.Equal(["2.7M"], verdict.Unverified.Select(n => n.Text));
    }

    [Fact]
    public void ValuesAreReadWithTheirUnits()
    {
        var numbers = NumberGuard.Find("€1.2 million, 950K, 86%, 1,234,567 and 3.25x");

        Assert.Equal([1_200_000m, 950_000m, 0.86m, 1_234_567m, 3.25m], numbers.Select(n => n.Value));
        Assert.Equal([50_000m, 500m, 0.005m, 0.5m, 0.005m], numbers.Select(n => n.Tolerance));
    }

    [Fact]
    public void ShortFiscalYearsMatchTheLabelsOfTheResults()
    {
        var document = new Answers.AnswerDocument
        {
            Question = "q",
            Intent = "attainment",
            Period = new Answers.AnswerPeriod("FY2026 Q3", new DateOnly(2026, 7, 1), new DateOnly(2026, 9, 30)),
        };

        Assert.True(NumberGuard.Check("In Q3 FY26 (to 30 September 2026)", [document]).Passed);
        Assert.False(NumberGuard.Check("In Q3 FY25", [document]).Passed);
    }
}
