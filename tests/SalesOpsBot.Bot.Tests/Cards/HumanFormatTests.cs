using SalesOpsBot.Bot.Cards;

namespace SalesOpsBot.Bot.Tests.Cards;

public sealed class HumanFormatTests
{
    [Theory]
    [InlineData(8_123_000, "8.1M")]
    [InlineData(9_500_000, "9.5M")]
    [InlineData(950_000, "950K")]
    [InlineData(12_345, "12K")]
    [InlineData(93_400, "93K")]
    [InlineData(7_480, "7.5K")]
    [InlineData(5_000, "5K")]
    [InlineData(3_000_000, "3.0M")]
    [InlineData(999_960, "1.0M")]
    [InlineData(999_999_999, "1.0B")]
    [InlineData(120_400_000, "120M")]
    [InlineData(1_250_000_000, "1.3B")]
    [InlineData(742, "742")]
    [InlineData(0, "0")]
    [InlineData(-1_377_000, "\u22121.4M")]
    public void MoneyIsCompact(decimal amount, string expected) => Assert.Equal(expected, HumanFormat.Money(amount));

    [Theory]
    [InlineData(0.855, "86%")]
    [InlineData(1.0, "100%")]
    [InlineData(0.004, "0%")]
    [InlineData(-0.12, "\u221212%")]
    public void RatiosAreWholePercentages(decimal fraction, string expected) => Assert.Equal(expected, HumanFormat.Percent(fraction));

    [Fact]
    public void TheGapReadsAgainstQuota() => Assert.Equal("\u22121.4M vs quota", HumanFormat.Gap(-1_377_000m));

    [Theory]
    [InlineData("attainment", 0.855, "86%")]
    [InlineData("win_rate", 0.21, "21%")]
    [InlineData("coverage", 3.14, "3.1\u00D7")]
    [InlineData("bookings", 8_123_000, "8.1M")]
    [InlineData("gap", 400_000, "+400K")]
    [InlineData("share_of_gap", 0.5512, "55%")]
    [InlineData("win_rate_amount", 0.3, "30%")]
    [InlineData("at_risk", 3, "3")]
    [InlineData("deals", 1234, "1,234")]
    [InlineData("sales_cycle_days", 68.4, "68 days")]
    public void MetricsAreFormattedByWhatTheyMeasure(string name, decimal value, string expected) =>
        Assert.Equal(expected, HumanFormat.Metric(name, value));

    [Theory]
    [InlineData("win_rate", "Win rate")]
    [InlineData("open_in_commit", "Commit")]
    [InlineData("open_in_best_case", "Best case")]
    [InlineData("commit_call", "Commit call")]
    public void MetricLabelsReadAsWords(string name, string expected) => Assert.Equal(expected, HumanFormat.Label(name));

    [Fact]
    public void DatesNameTheMonth() => Assert.Equal("3 Nov 2026", HumanFormat.Date(new DateOnly(2026, 11, 3)));
}

public sealed class InertTextTests
{
    [Theory]
    [InlineData("[click me](https://evil.example)", "\\[click me\\](https:\u200B//evil.example)")]
    [InlineData("![pixel](https://evil.example/p.png)", "!\\[pixel\\](https:\u200B//evil.example/p.png)")]
    [InlineData("**Acme** _Corp_", "\\*\\*Acme\\*\\* \\_Corp\\_")]
    [InlineData("# Heading", "\\# Heading")]
    [InlineData("1. first", "1\\. first")]
    [InlineData("- item", "\\- item")]
    [InlineData("line one\nline two", "line one line two")]
    [InlineData("<script>", "\\<script\\>")]
    [InlineData("see www.evil.example", "see www\u200B.evil.example")]
    [InlineData("Müller & Söhne GmbH", "Müller & Söhne GmbH")]
    public void DataCannotProduceLinksImagesOrFormatting(string data, string expected) => Assert.Equal(expected, InertText.Escape(data));
}
