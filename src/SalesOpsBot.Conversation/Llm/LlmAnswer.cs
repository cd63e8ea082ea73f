using SalesOpsBot.Conversation.Answers;

namespace SalesOpsBot.Conversation.Llm;

/// <summary>How a turn was answered on the language-model path.</summary>
public enum LlmOutcome
{
    /// <summary>The model chose the functions and its narrative passed the number guard.</summary>
    ModelNarrative,

    /// <summary>The model chose the functions but its text was rejected (unverifiable number, prompt leak, empty, budget spent): the tools' own narrative is used.</summary>
    ToolNarrative,

    /// <summary>The model failed (error, 429, timeout) or called no function: the deterministic router answered.</summary>
    RouterFallback,

    /// <summary>No model configured, or the message never needed one (empty, too long, no access).</summary>
    Deterministic,
}

/// <summary>
/// The answer of one turn and how it came about. <see cref="Reason"/> says why the model's text was not used;
/// <see cref="Unverified"/> lists the numbers the guard could not find in the tool results.
/// </summary>
public sealed record LlmAnswer(
    AnswerDocument Document,
    LlmOutcome Outcome,
    string? Reason,
    IReadOnlyList<string> FunctionsCalled,
    IReadOnlyList<string> Unverified);
