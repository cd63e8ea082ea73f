using SalesOpsBot.Conversation.Answers;

namespace SalesOpsBot.Bot.Turns;

/// <summary>Placeholder until the conversation engine is registered: every turn gets the help answer.</summary>
public sealed class HelpTurnAnswerer(TimeProvider timeProvider) : ITurnAnswerer
{
    public Task<AnswerDocument> AnswerAsync(TurnRequest turn, CancellationToken cancellationToken) =>
        Task.FromResult(new AnswerDocument
        {
            Question = turn.Text ?? ExampleQuestions.ReadQuestion(turn.Value) ?? "",
            Intent = Intents.Help,
            AsOf = DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime),
            Answer = "I answer questions about bookings, quota, pipeline and deals. Try one of these:",
            Followups = ExampleQuestions.All,
        });
}

/// <summary>Examples shown in the welcome, the help answer and the Teams command list.</summary>
public static class ExampleQuestions
{
    public static IReadOnlyList<string> All { get; } =
    [
        "Why did EMEA miss Q3?",
        "How is pipeline coverage for next quarter?",
        "Show the slipped deals in DACH",
        "What is the forecast for this quarter?",
    ];

    /// <summary>The follow-up text carried by one of our card buttons, if any.</summary>
    public static string? ReadQuestion(System.Text.Json.JsonElement? value) =>
        value is { ValueKind: System.Text.Json.JsonValueKind.Object } data
        && data.TryGetProperty("question", out var question)
        && question.ValueKind == System.Text.Json.JsonValueKind.String
            ? question.GetString()
            : null;
}
