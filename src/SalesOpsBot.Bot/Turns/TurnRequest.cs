using SalesOpsBot.Conversation.Answers;

namespace SalesOpsBot.Bot.Turns;

/// <summary>
/// Who spoke, as the channel told us. The conversation engine resolves the access principal from this
/// (Entra object id first, then email); the bot passes it through and never decides access itself.
/// </summary>
public sealed record BotUser(string ChannelUserId, string? AadObjectId, string? Name, string? Email);

/// <summary>
/// One user turn handed to the conversation engine. <see cref="Text"/> has the bot's @mention removed;
/// <see cref="Value"/> is card-action data (Action.Execute / Action.Submit), shaped
/// <c>{ "verb": "...", "question": "&lt;follow-up text&gt;" }</c> for the buttons this bot renders.
/// </summary>
public sealed record TurnRequest(string ChannelId, string ConversationId, string? TenantId, BotUser User,
    string? Text, System.Text.Json.JsonElement? Value, string? LocalTimezone, string? ReplyToId);

/// <summary>The seam to the conversation engine: one answer document per turn.</summary>
public interface ITurnAnswerer
{
    Task<AnswerDocument> AnswerAsync(TurnRequest turn, CancellationToken cancellationToken);
}
