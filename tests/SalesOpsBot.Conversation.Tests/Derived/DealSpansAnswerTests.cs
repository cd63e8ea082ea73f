using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Conversation.Answers;
using SalesOpsBot.Conversation.Assistant;
using SalesOpsBot.Conversation.Routing;
using SalesOpsBot.Conversation.Tests.Assistant;
using SalesOpsBot.Warehouse.Connections;
using SalesOpsBot.Warehouse.Derived;
using SalesOpsBot.Warehouse.Querying;
using SalesOpsBot.Warehouse.Seeding;

namespace SalesOpsBot.Conversation.Tests.Derived;

/// <summary>
/// The deal spans change how fast an answer comes, never what it says: every answer document is the same with the
/// derived tables as without them, for the admin and for scoped callers, and the SQL behind it shows which forms ran.
/// </summary>
public sealed class DealSpansAnswerTests(DemoAssistantFixture demo) : IClassFixture<DemoAssistantFixture>
{
    /// <summary>The common questions, each in a conversation of its own.</summary>
    public static TheoryData<string, string[]> CommonQuestionConversations => new(
        from principal in new[] { DemoPrincipals.Admin, DemoPrincipals.EmeaLeader, DemoPrincipals.UkiManager }
        from question in CommonQuestions.All
        select (principal, new[] { question }));

    /// <summary>Follow-ups and other intents, as the admin and as the EMEA leader.</summary>
    public static TheoryData<string, string[]> FollowUpConversations => new(
        from principal in new[] { DemoPrincipals.Admin, DemoPrincipals.EmeaLeader }
        from messages in new[]
        {
            new[] { "why did EMEA miss Q3?", "and DACH?", "only Enterprise" },
            ["what slipped in DACH last quarter?", "and the quarter before?"],
            ["top deals this quarter", "only renewals"],
            ["how much pipeline was created in SMB last quarter?"],
            ["what's our win rate by segment last quarter?"],
            ["how did we do in H1?"],
            ["who is behind in Q2?"],
            ["forecast for next quarter"],
            ["pipeline next quarter"],
            ["bookings trend over the last six quarters for Partner deals"],
        }
        select (principal, messages));

    [Theory]
    [MemberData(nameof(CommonQuestionConversations))]
    [MemberData(nameof(FollowUpConversations))]
    public async Task AnswersAreTheSameWithAndWithoutTheDerivedTables(string principal, string[] messages)
    {
        var withSpans = Assistant(useDerivedTables: true);
        var portable = Assistant(useDerivedTables: false);

        var fast = await ConverseAsync(withSpans, principal, messages);
        var slow = await ConverseAsync(portable, principal, messages);

        Assert.True(await DealSpans.AreCurrentAsync(demo.Connections, TestContext.Current.CancellationToken));
        for (var turn = 0; turn < messages.Length; turn++)
        {
            Assert.Equal(WithoutSql(slow[turn]), WithoutSql(fast[turn]));
            var fastStatements = Statements(fast[turn]);
            var slowStatements = Statements(slow[turn]);
            // The same statements with the same parameters, each in its form over the derived tables where it has one.
            Assert.Equal(slowStatements, fastStatements.Select(s => s with { Name = Portable(s.Name) }));
            Assert.DoesNotContain(slowStatements, s => s.Name.EndsWith(DealSpans.FormSuffix, StringComparison.Ordinal));
            Assert.DoesNotContain(fastStatements, s => HasSpansForm(s.Name));
        }

        // Every conversation reads deals (the vocabulary, at least), so the forms over the derived tables must have run.
        Assert.Contains(fast.SelectMany(Statements), s => s.Name.EndsWith(DealSpans.FormSuffix, StringComparison.Ordinal));
    }

    private sealed record Statement(string Name, string Parameters);

    private static readonly Dictionary<string, string> NameOfText = SqlCatalog.Default.Names
        .ToDictionary(n => SqlCatalog.Default.Get(n, WarehouseDialect.DuckDb).Text, n => n, StringComparer.Ordinal);

    private SalesAssistant Assistant(bool useDerivedTables) => new(
        new SqlRunner(demo.Connections) { UseDerivedTables = useDerivedTables }, new FiscalCalendar(1), demo.Assistant.State,
        VocabularyLoader.DefaultAliases, new QuestionRouter());

    private static async Task<List<AnswerDocument>> ConverseAsync(SalesAssistant assistant, string principal, string[] messages)
    {
        var conversation = DemoAssistantFixture.NewConversation();
        var answers = new List<AnswerDocument>();
        foreach (var message in messages)
        {
            answers.Add(await assistant.AnswerAsync(
                new AssistantTurn(message, principal, conversation, DemoAssistantFixture.AsOf, ShowSql: true), TestContext.Current.CancellationToken));
        }

        return answers;
    }

    /// <summary>The document as JSON without its SQL (texts differ between the forms, timings between runs).</summary>
    private static string WithoutSql(AnswerDocument document) =>
        DemoAssistantFixture.Serialize(document with { Provenance = document.Provenance with { Sql = [] } });

    /// <summary>The statements behind an answer, named by matching their text with the catalogue, in a stable order.</summary>
    private static List<Statement> Statements(AnswerDocument document) =>
        [.. document.Provenance.Sql
            .Select(s => new Statement(
                NameOfText.TryGetValue(s.Statement, out var name) ? name : $"<not in the catalogue: {s.Statement[..Math.Min(80, s.Statement.Length)]}>",
                string.Join(", ", s.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))))
            .OrderBy(s => Portable(s.Name), StringComparer.Ordinal).ThenBy(s => s.Parameters, StringComparer.Ordinal)];

    private static string Portable(string name) =>
        name.EndsWith(DealSpans.FormSuffix, StringComparison.Ordinal) ? name[..^DealSpans.FormSuffix.Length] : name;

    private static bool HasSpansForm(string name) => SqlCatalog.Default.Contains(name + DealSpans.FormSuffix);
}
