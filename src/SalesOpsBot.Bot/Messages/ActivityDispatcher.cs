using System.Data.Common;
using System.Text.Json;
using SalesOpsBot.Bot.Protocol;
using SalesOpsBot.Bot.Turns;

namespace SalesOpsBot.Bot.Messages;

/// <summary>What the HTTP layer answers for an accepted activity.</summary>
public sealed record DispatchResult(int StatusCode, AdaptiveCardInvokeResponse? InvokeBody = null);

/// <summary>
/// Accepts an authenticated (or local) activity: drops duplicates, queues messages and install events for the
/// background, answers <c>adaptiveCard/action</c> invokes at once and refuses other invokes with 501 (§1.2).
/// </summary>
public sealed class ActivityDispatcher(ActivityDeduplicator deduplicator, TurnInbox queue, ILogger<ActivityDispatcher> logger, SharedActivityLedger? sharedLedger = null)
{
    public const string AdaptiveCardActionInvoke = "adaptiveCard/action";

    /// <summary>
    /// <see cref="Dispatch"/> for the channel endpoint: with several instances (a shared ledger), an activity already
    /// claimed by another instance is acknowledged and not answered again.
    /// </summary>
    public async Task<DispatchResult> DispatchAsync(Activity activity, bool fromLocalWebChat, CancellationToken cancellationToken)
    {
        var refusedInvoke = activity.Type == ActivityTypes.Invoke && (activity.Name != AdaptiveCardActionInvoke || !IsExecuteAction(activity.Value));
        if (sharedLedger is null || string.IsNullOrEmpty(activity.Id) || !IsAnswered(activity) || refusedInvoke)
        {
            return Dispatch(activity, fromLocalWebChat);
        }

        bool first;
        try
        {
            first = await sharedLedger.TryClaimAsync(activity.Conversation?.Id, activity.Id, cancellationToken);
        }
        catch (System.Data.Common.DbException exception)
        {
            // Answering a rare redelivery twice is better than refusing every turn while the store is down.
            logger.LogWarning("Shared deduplication unavailable ({Reason}); this instance's memory decides", exception.GetType().Name);
            return Dispatch(activity, fromLocalWebChat);
        }

        if (!first)
        {
            // Remember it here too, so this instance does not ask the store again for the same redelivery.
            deduplicator.TryFirstSeen(activity.Conversation?.Id, activity.Id);
            logger.LogInformation("Duplicate activity {ActivityId} ignored (claimed by another instance)", activity.Id);
            return activity.Type == ActivityTypes.Invoke ? new DispatchResult(StatusCodes.Status200OK, Working()) : new DispatchResult(StatusCodes.Status200OK);
        }

        var result = Dispatch(activity, fromLocalWebChat);
        if (result.StatusCode == StatusCodes.Status503ServiceUnavailable)
        {
            try
            {
                // Released so that the channel's retry is taken; if the store is down, the retry is ignored as a duplicate.
                await sharedLedger.ForgetAsync(activity.Conversation?.Id, activity.Id, CancellationToken.None);
            }
            catch (DbException exception)
            {
                logger.LogWarning("Could not release activity {ActivityId} after refusing it: {ErrorType}", activity.Id, exception.GetType().Name);
            }
        }

        return result;
    }

    public DispatchResult Dispatch(Activity activity, bool fromLocalWebChat)
    {
        var isInvoke = activity.Type == ActivityTypes.Invoke;
        if (isInvoke && activity.Name != AdaptiveCardActionInvoke)
        {
            return new DispatchResult(StatusCodes.Status501NotImplemented);
        }

        if (isInvoke && !IsExecuteAction(activity.Value))
        {
            // The SDK rejects adaptiveCard/action whose action.type is not Action.Execute with a 400 error body (§4.6).
            return new DispatchResult(StatusCodes.Status200OK, InvokeBody: new AdaptiveCardInvokeResponse(400, InvokeResponseTypes.Error,
                JsonSerializer.SerializeToElement(new ErrorBody("BadRequest", "Expected an Action.Execute payload."), BotJsonContext.Default.ErrorBody)));
        }

        var conversationId = activity.Conversation?.Id;
        if (!deduplicator.TryFirstSeen(conversationId, activity.Id))
        {
            logger.LogInformation("Duplicate activity {ActivityId} ignored", activity.Id);
            return isInvoke ? new DispatchResult(StatusCodes.Status200OK, Working()) : new DispatchResult(StatusCodes.Status200OK);
        }

        var queued = IsAnswered(activity);
        if (queued && !queue.TryEnqueue(new InboundTurn(activity, fromLocalWebChat)))
        {
            // Let the channel redeliver later rather than dropping the turn silently.
            deduplicator.Forget(conversationId, activity.Id);
            var reason = queue.IsClosed ? "shutting down" : "queue full";
            Telemetry.BotTelemetry.TurnsRefused.Add(1, new KeyValuePair<string, object?>("reason", reason));
            logger.LogWarning("Turn not accepted ({Reason}); asking the channel to retry", reason);
            return new DispatchResult(StatusCodes.Status503ServiceUnavailable);
        }

        return isInvoke ? new DispatchResult(StatusCodes.Status200OK, Working()) : new DispatchResult(StatusCodes.Status200OK);
    }

    // Only these reach the engine or the connector; other activity types are acknowledged and dropped.
    private static bool IsAnswered(Activity activity) =>
        activity.Type is ActivityTypes.Message or ActivityTypes.Invoke or ActivityTypes.ConversationUpdate or ActivityTypes.InstallationUpdate;

    private static bool IsExecuteAction(JsonElement? value) =>
        value is { ValueKind: JsonValueKind.Object } invoke
        && invoke.TryGetProperty("action", out var action)
        && action.ValueKind == JsonValueKind.Object
        && action.TryGetProperty("type", out var type)
        && type.ValueKind == JsonValueKind.String
        && type.GetString() == "Action.Execute";

    // The transient message type keeps the original card in place; the answer arrives as a new message (docs/bot.md).
    private static AdaptiveCardInvokeResponse Working() =>
        new(200, InvokeResponseTypes.Message, JsonSerializer.SerializeToElement("Working on it…", BotJsonContext.Default.String));
}
