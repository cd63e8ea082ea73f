using System.Globalization;
using SalesOpsBot.Conversation.Assistant;
using SalesOpsBot.Conversation.Routing;

namespace SalesOpsBot.Digests.Subscriptions;

/// <summary>Subscriptions by chat: create, list and cancel the caller's digests in the app-state store.</summary>
public sealed class DigestSubscriptionService(SubscriptionStore store) : ISubscriptionService
{
    public async Task<string> HandleAsync(SubscriptionCommand command, CancellationToken cancellationToken)
    {
        switch (command.Request.Action)
        {
            case SubscriptionAction.List:
                var mine = (await store.ListAsync(command.Principal, cancellationToken)).Where(s => s.IsActive).ToList();
                return mine.Count == 0
                    ? "You have no scheduled digests. Try \"send me the forecast every Monday at 8am\"."
                    : "Your digests: " + string.Join("; ", mine.Select(Describe)) + ". Say \"stop the digest\" to cancel.";
            case SubscriptionAction.Cancel:
                var active = (await store.ListAsync(command.Principal, cancellationToken)).Where(s => s.IsActive).ToList();
                foreach (var subscription in active)
                {
                    await store.CancelAsync(subscription.Id, command.Principal, cancellationToken);
                }

                return active.Count == 0 ? "You had no scheduled digests to stop." : $"Stopped {active.Count} digest{(active.Count == 1 ? "" : "s")}.";
            default:
                try
                {
                    var created = await store.CreateAsync(SubscriptionRequests.ToNewSubscription(
                        command.Request, command.Principal, command.ConversationId, command.TerritoryId, command.TimeZone), cancellationToken);
                    return $"Done: {Describe(created, command.TerritoryName)}. Numbers are computed under your access when each digest is sent; say \"stop the digest\" to cancel.";
                }
                catch (ArgumentException exception)
                {
                    return $"I could not set that up: {exception.Message}";
                }
        }
    }

    private static string Describe(Subscription subscription) => Describe(subscription, null);

    private static string Describe(Subscription subscription, string? territoryName) => string.Create(CultureInfo.InvariantCulture,
        $"{(subscription.Kind == DigestKind.PipelineAlerts ? "pipeline alerts" : "the forecast digest")}" +
        $"{(subscription.TerritoryId is { } territory ? $" for {territoryName ?? territory}" : "")} on schedule \"{subscription.Cron}\" ({subscription.TimeZone})");
}
