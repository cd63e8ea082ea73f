using SalesOpsBot.Conversation.Answers;
using SalesOpsBot.Conversation.Charts;

namespace SalesOpsBot.Conversation.Tests.Charts;

public class ChartRendererTests
{
    [Fact]
    public void WaterfallStepsFloatBetweenRunningTotals()
    {
        // Quota 100, win rate −30, slippage −10, pull-in +5, bookings 65 (= 100 − 30 − 10 + 5).
        var bars = ChartRenderer.Waterfall(
        [
            new ChartPoint("Quota", 100), new ChartPoint("win rate", -30), new ChartPoint("slippage", -10),
            new ChartPoint("pull in", 5), new ChartPoint("Bookings", 65),
        ]);

        Assert.Equal(new ChartBar("Quota", 0, 100, true), bars[0]);
        Assert.Equal(new ChartBar("win rate", 70, 100, false), bars[1]);
        Assert.Equal(new ChartBar("slippage", 60, 70, false), bars[2]);
        Assert.Equal(new ChartBar("pull in", 60, 65, false), bars[3]);
        Assert.Equal(new ChartBar("Bookings", 0, 65, true), bars[4]);
    }

    [Theory]
    [InlineData("waterfall")]
    [InlineData("bar")]
    [InlineData("line")]
    public void RendersAPngOfTheRequestedSize(string kind)
    {
        var chart = new AnswerChart(kind, "EMEA FY2026 Q3", [new ChartPoint("Quota", 9_300_000), new ChartPoint("win rate", -1_300_000), new ChartPoint("Bookings", 8_000_000)]);

        var png = ChartRenderer.RenderPng(chart, 640, 360);

        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        // The IHDR chunk holds width and height as big-endian integers at bytes 16–23.
        Assert.Equal(640, (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19]);
        Assert.Equal(360, (png[20] << 24) | (png[21] << 16) | (png[22] << 8) | png[23]);
    }
}
