namespace SalesOpsBot.Conversation.Assistant;

/// <summary>
/// One message to answer. <see cref="Principal"/> is the authenticated identity (Teams user's Entra object id or
/// email, the CLI's --as, the web chat's demo user): it decides what data the answer may use, and nothing in
/// <see cref="Text"/> can change it. <see cref="AlternateIdentity"/> is a second name of the same person (a Teams
/// user's email beside their object id); rules for either apply.
/// </summary>
public sealed record AssistantTurn(string Text, string Principal, string ConversationId, DateOnly AsOf, bool ShowSql = false, string? AlternateIdentity = null, string? TimeZone = null)
{
    /// <summary>Longer messages are refused with a short explanation (no question needs more).</summary>
    public const int MaxTextLength = 2_000;
}
