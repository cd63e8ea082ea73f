namespace SalesOpsBot.Conversation.Assistant;

/// <summary>
/// The ten common question types of the latency targets (issue 8, docs/benchmarks.md), one wording each: the set every
/// latency benchmark times, through the engine (<c>salesops bench questions</c>) and through the bot end to end.
/// </summary>
public static class CommonQuestions
{
    public static IReadOnlyList<string> All { get; } =
    [
        "Why did EMEA miss last quarter?",
        "How are we tracking this quarter?",
        "Are we going to make the number?",
        "How much pipeline do we have this quarter?",
        "Who's behind this quarter?",
        "What slipped last quarter?",
        "Top deals this quarter",
        "Show me Alex Morgan's pipeline",
        "Compare EMEA and APAC last quarter",
        "Bookings trend over the last quarters",
    ];
}
