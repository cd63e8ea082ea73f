using SalesOpsBot.Conversation.Answers;
using SalesOpsBot.Conversation.Assistant;

namespace SalesOpsBot.Bot.Turns;

/// <summary>
/// Answers bot turns with the conversation engine. The principal is the caller's Entra object id (Teams) or email
/// (web chat, or Teams when looked up), never anything the message says; a card button's data carries a
/// follow-up question that is answered like typed text.
/// </summary>
public sealed class AssistantTurnAnswerer(ISalesAssistant assistant, TimeProvider time) : ITurnAnswerer
{
    public Task<AnswerDocument> AnswerAsync(TurnRequest turn, CancellationToken cancellationToken)
    {
        var text = turn.Text is { Length: > 0 } typed ? typed : ExampleQuestions.ReadQuestion(turn.Value) ?? "";
        var principal = turn.User.AadObjectId ?? turn.User.Email ?? "";
        var alternate = turn.User.AadObjectId is null ? null : turn.User.Email;
        var asOf = DateOnly.FromDateTime(time.GetLocalNow().Date);
        return assistant.AnswerAsync(new AssistantTurn(text, principal, turn.ConversationId, asOf, AlternateIdentity: alternate, TimeZone: turn.LocalTimezone), cancellationToken);
    }
}
