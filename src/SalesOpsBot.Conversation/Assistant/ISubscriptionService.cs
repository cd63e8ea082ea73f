using SalesOpsBot.Conversation.Routing;

namespace SalesOpsBot.Conversation.Assistant;

/// <summary>A subscription request from a conversation ("send me the EMEA forecast every Monday at 8am", "stop the digest").</summary>
/// <param name="TimeZone">The subscriber's IANA time zone as the channel reports it (Teams' localTimezone), when known.</param>
public sealed record SubscriptionCommand(SubscriptionRequest Request, string Principal, string ConversationId, string? TerritoryId, string? TimeZone, string? TerritoryName = null);

/// <summary>
/// Creates, lists and cancels scheduled digests (implemented by SalesOpsBot.Digests). Returns the sentence to answer
/// with. Without it, the assistant says scheduling is not switched on.
/// </summary>
public interface ISubscriptionService
{
    Task<string> HandleAsync(SubscriptionCommand command, CancellationToken cancellationToken);
}
