using SalesOpsBot.Analysis.Formatting;

namespace SalesOpsBot.Analysis.Tests.Metrics;

public class MoneyFormatTests
{
    [Theory]
    [InlineData(950, "950")]
    [InlineData(999.6, "1k")]
    [InlineData(450_400, "450k")]
    [InlineData(999_600, "1M")]
    [InlineData(8_123_000, "8.1M")]
    [InlineData(-1_377_000, "-1.4M")]
    [InlineData(999_960_000, "1B")]
    public void CompactAmountsRoundToWhatIsShown(double amount, string expected) =>
        Assert.Equal(expected, Money.Compact((decimal)amount));

    [Theory]
    [InlineData(1, "1 deal")]
    [InlineData(41, "41 deals")]
    [InlineData(54.6, "54.6 deals")]
    public void CountsAgreeWithTheirNoun(double count, string expected) => Assert.Equal(expected, Money.Count(count, "deal"));
}
