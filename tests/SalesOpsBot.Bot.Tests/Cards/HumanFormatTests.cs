using SalesOpsBot.Bot.Cards;

namespace SalesOpsBot.Bot.Tests.Cards;

public sealed class HumanFormatTests
{
    [Theory]
    [InlineData(8_123_000, "8.1M")]
    [InlineData(9_500_000, "9.5M")]
    [InlineData(950_000, "950K")]
    [InlineData(12_345, "12.3K")]
    [InlineData(999_960, "1M")]
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
    public void MetricsAreFormattedByWhatTheyMeasure(string name, decimal value, string expected) =>
        Assert.Equal(expected, HumanFormat.Metric(name, value));
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
