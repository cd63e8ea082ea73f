using SalesOpsBot.Bot.Connector;
using SalesOpsBot.Bot.Protocol;
using SalesOpsBot.Bot.State;
using SalesOpsBot.Conversation.Answers;
using SalesOpsBot.Conversation.Routing;
using SalesOpsBot.Conversation.State;
using SalesOpsBot.Digests.Content;
using SalesOpsBot.Digests.Delivery;

namespace SalesOpsBot.Bot.Digests;

/// <summary>
/// Posts digests through the proactive messenger (one activity: the Adaptive Card with its text summary as fallback) and tells
/// the runner what happened: 2xx → sent with the activity id; 403/404 or no active conversation reference → failed, recipient
/// gone (the runner deactivates the subscription); other 4xx → failed; 5xx, a timeout or an error once the request may have
/// left → uncertain, because Teams has no idempotency key. Retries of 412/429/502/503/504 happen in the connector's
/// resilience handler; this class adds the per-tenant pacing. After a send it records the digest's focus in the conversation
/// state, so "why?" in the digest's conversation continues in the digest's territory.
/// </summary>
public sealed class ConnectorDigestSender(
    ProactiveMessenger messenger,
    IConversationReferenceStore references,
    IConversationStateStore conversationState,
    TenantPacer tenantPacer,
    ILogger<ConnectorDigestSender> logger) : IDigestSender
{
    public async Task<SendResult> SendAsync(DigestMessage message, CancellationToken cancellationToken)
    {
        var conversationId = message.Subscription.ConversationId;
        if (await references.GetAsync(conversationId, cancellationToken) is not { IsActive: true } reference)
        {
            return new SendResult(SendOutcome.Failed, 404, Detail: "no active conversation reference (the bot was removed or the chat is gone)");
        }

        await tenantPacer.WaitTurnAsync(reference.TenantId, cancellationToken);
        ResourceResponse? posted;
        try
        {
            posted = await messenger.SendAnswerAsync(conversationId, message.Document, cancellationToken);
        }
        catch (ConnectorException e) when (e.StatusCode is { } status)
        {
            var code = (int)status;
            return code >= 500
                ? new SendResult(SendOutcome.Uncertain, code, Detail: $"connector answered {code} {e.Code}; the message may have been posted")
                : new SendResult(SendOutcome.Failed, code, Detail: $"connector answered {code} {e.Code}".Trim());
        }
        catch (ConnectorException e)
        {
            // Refused before any request (untrusted service URL): nothing left the bot.
            return new SendResult(SendOutcome.Failed, Detail: e.Message);
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError)
        {
            // No connection was made, so nothing can have been posted.
            return new SendResult(SendOutcome.Failed, Detail: $"connector unreachable ({e.HttpRequestError})");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new SendResult(SendOutcome.Uncertain, Detail: $"{e.GetType().Name} after the request started; the message may have been posted");
        }

        if (posted is null && await references.GetAsync(conversationId, CancellationToken.None) is not { IsActive: true })
        {
            return new SendResult(SendOutcome.Failed, 404, Detail: "conversation reference deactivated");
        }

        await RememberFocusAsync(message, CancellationToken.None);
        return SendResult.Delivered(posted?.Id);
    }

    /// <summary>
    /// The digest becomes the conversation's context: a reply ("why?", "drill into DACH") is read in the digest's territory.
    /// Best effort: a failure here must not turn a delivered digest into an uncertain one.
    /// </summary>
    private async Task RememberFocusAsync(DigestMessage message, CancellationToken cancellationToken)
    {
        var subscription = message.Subscription;
        try
        {
            var previous = await conversationState.LoadAsync(subscription.ConversationId, subscription.Principal, cancellationToken);
            var focus = FocusAfter(message, previous);
            await conversationState.SaveAsync(subscription.ConversationId, subscription.Principal, focus, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Digest {SubscriptionId}: sent, but its focus could not be stored in the conversation state.", subscription.Id);
        }
    }

    /// <summary>The conversation's routing context after <paramref name="message"/>: the digest's intent and territory, nothing else carried over.</summary>
    public static RoutingContext FocusAfter(DigestMessage message, RoutingContext? previous) => (previous ?? new RoutingContext()) with
    {
        Intent = message.Document.Intent == DigestAlerts.Intent ? Intents.Pipeline : Intents.Attainment,
        TerritoryId = message.Subscription.TerritoryId ?? message.Document.Scope.Territory,
        RepId = null,
        ManagerId = null,
        CompareWith = [],
        CompareKind = null,
        Filters = RoutedFilters.None,
        Metric = null,
        Baseline = null,
        DealFlag = null,
        Pending = null,
    };
}
