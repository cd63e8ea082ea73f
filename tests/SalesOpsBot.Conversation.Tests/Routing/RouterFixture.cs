using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Conversation.Routing;

namespace SalesOpsBot.Conversation.Tests.Routing;

/// <summary>The demo-world vocabulary of tests/golden and a router, shared by the routing tests.</summary>
internal static class RouterFixture
{
    public static Vocabulary Vocabulary { get; } = Vocabulary.FromJson(File.ReadAllText(System.IO.Path.Combine(GoldenFolder.Path, "vocabulary.json")));

    public static DateOnly AsOf { get; } = new(2026, 10, 15);

    public static RoutedQuestion Route(string question, RoutingContext? previous = null, DateOnly? asOf = null, int fiscalStartMonth = 1) =>
        new QuestionRouter().Route(question, Vocabulary, previous, asOf ?? AsOf, new FiscalCalendar(fiscalStartMonth));

    /// <summary>Routes each message with the context the previous one returned; returns every turn.</summary>
    public static List<RoutedQuestion> Converse(params string[] messages)
    {
        var router = new QuestionRouter();
        var turns = new List<RoutedQuestion>();
        RoutingContext? context = null;
        foreach (var message in messages)
        {
            var routed = router.Route(message, Vocabulary, context, AsOf, new FiscalCalendar(1));
            turns.Add(routed);
            context = routed.Context;
        }

        return turns;
    }
}
