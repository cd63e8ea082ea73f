using SalesOpsBot.Conversation.Answers;
using SalesOpsBot.Conversation.Routing;

namespace SalesOpsBot.Digests.Subscriptions;

/// <summary>Turns the router's <see cref="SubscriptionRequest"/> ("send me the EMEA forecast every Monday at 8am") into a subscription.</summary>
public static class SubscriptionRequests
{
    /// <summary>Monday 08:00: the digest's schedule when the request stated no frequency.</summary>
    public const string DefaultCron = "0 8 * * 1";

    /// <summary>
    /// The subscription a create request asks for. The time zone is the one stated, else the Teams activity's
    /// <c>localTimezone</c> (<paramref name="activityTimeZone"/>), else <paramref name="fallbackTimeZone"/>; pipeline
    /// topics become pipeline alerts, everything else the forecast digest.
    /// </summary>
    public static NewSubscription ToNewSubscription(SubscriptionRequest request, string principal, string conversationId, string? territoryId,
        string? activityTimeZone, string fallbackTimeZone = "UTC")
    {
        if (request.Action != SubscriptionAction.Create)
        {
            throw new ArgumentException($"Only a create request becomes a subscription, not {request.Action}.", nameof(request));
        }

        var kind = request.Topic is Intents.Pipeline or Intents.PipelineChanges or Intents.Deals ? DigestKind.PipelineAlerts : DigestKind.ForecastDigest;
        var zone = new[] { request.TimeZone, activityTimeZone }.FirstOrDefault(z => !string.IsNullOrWhiteSpace(z)) ?? fallbackTimeZone;
        return new NewSubscription(principal, conversationId, request.Cron ?? DefaultCron, zone, kind, territoryId);
    }
}
