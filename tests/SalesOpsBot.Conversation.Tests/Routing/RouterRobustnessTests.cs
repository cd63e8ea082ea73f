using System.Reflection;
using System.Text.Json;
using SalesOpsBot.Conversation.Answers;
using SalesOpsBot.Conversation.Routing;

namespace SalesOpsBot.Conversation.Tests.Routing;

public class RouterRobustnessTests
{
    private static readonly HashSet<string> KnownIntents =
        [.. typeof(Intents).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!)];

    [Fact]
    public void AnyMangledGoldenQuestionRoutesToAKnownIntentWithoutThrowing()
    {
        using var golden = JsonDocument.Parse(File.ReadAllText(Path.Combine(GoldenFolder.Path, RouterGoldenSet.FileName)));
        var questions = golden.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("q").GetString()!).ToList();
        var random = new Random(20261015);
        var router = new QuestionRouter();
        RoutingContext? context = null;

        foreach (var question in questions)
        {
            foreach (var mangled in Mangle(question, random))
            {
                var routed = router.Route(mangled, RouterFixture.Vocabulary, context, RouterFixture.AsOf, new Analysis.Calendar.FiscalCalendar(7));

                Assert.Contains(routed.Intent, KnownIntents);
                Assert.True(routed.Clarification is null || routed.Clarification.Question.Length > 0);
                context = routed.Context;
            }
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("?!?")]
    [InlineData("'s")]
    [InlineData("Q9 FY1999 at 25:99pm")]
    [InlineData("& & & and and")]
    public void DegenerateInputIsUnknownNotAnError(string question)
    {
        Assert.Equal(Intents.Unknown, RouterFixture.Route(question).Intent);
    }

    private static IEnumerable<string> Mangle(string question, Random random)
    {
        yield return question.ToUpperInvariant();
        yield return question.Replace(' ', '\t') + "???";
        var chars = question.ToCharArray();
        var i = random.Next(chars.Length - 1);
        (chars[i], chars[i + 1]) = (chars[i + 1], chars[i]);
        yield return new string(chars);
        yield return question.Remove(random.Next(question.Length), 1);
        yield return string.Join(' ', question.Split(' ').Reverse());
    }
}
