using SalesOpsBot.Conversation.Answers;

namespace SalesOpsBot.Conversation.Assistant;

/// <summary>Answers one message: the deterministic <see cref="SalesAssistant"/>, or the language-model path in front of it.</summary>
public interface ISalesAssistant
{
    Task<AnswerDocument> AnswerAsync(AssistantTurn turn, CancellationToken cancellationToken);
}
