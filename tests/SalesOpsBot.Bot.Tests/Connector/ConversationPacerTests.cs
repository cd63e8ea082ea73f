using SalesOpsBot.Bot.Connector;

namespace SalesOpsBot.Bot.Tests.Connector;

public sealed class ConversationPacerTests
{
    private static readonly DateTimeOffset Start = new(2026, 10, 15, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void SevenSendsInOneSecondPassAndTheEighthWaitsForTheWindow()
    {
        var pacer = new ConversationPacer(TimeProvider.System);
        for (var send = 0; send < 7; send++)
        {
            Assert.Equal(TimeSpan.Zero, pacer.Reserve("a:1", Start.AddMilliseconds(send * 10)));
        }

        // The first send (at +0 ms) leaves the 1 s window at +1000 ms; asked at +100 ms, wait 900 ms.
        Assert.Equal(TimeSpan.FromMilliseconds(900), pacer.Reserve("a:1", Start.AddMilliseconds(100)));
    }

    [Fact]
    public void TheTwoSecondWindowAllowsEightSends()
    {
        var pacer = new ConversationPacer(TimeProvider.System);
        for (var send = 0; send < 7; send++)
        {
            Assert.Equal(TimeSpan.Zero, pacer.Reserve("a:1", Start));
        }

        Assert.Equal(TimeSpan.Zero, pacer.Reserve("a:1", Start.AddMilliseconds(1000)));
        // Eight sends within 2 s: the ninth waits until the first sends (at +0) are 2 s old.
        Assert.Equal(TimeSpan.FromMilliseconds(800), pacer.Reserve("a:1", Start.AddMilliseconds(1200)));
    }

    [Fact]
    public void ConversationsArePacedIndependently()
    {
        var pacer = new ConversationPacer(TimeProvider.System);
        for (var send = 0; send < 7; send++)
        {
            pacer.Reserve("a:1", Start);
        }

        Assert.Equal(TimeSpan.Zero, pacer.Reserve("a:2", Start));
    }
}
