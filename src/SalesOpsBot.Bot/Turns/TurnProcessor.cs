using System.Text.Json;
using Microsoft.Extensions.Options;
using SalesOpsBot.Bot.Cards;
using SalesOpsBot.Bot.Connector;
using SalesOpsBot.Bot.Hosting;
using SalesOpsBot.Bot.Protocol;
using SalesOpsBot.Bot.State;
using SalesOpsBot.Bot.Telemetry;
using SalesOpsBot.Conversation.Answers;

namespace SalesOpsBot.Bot.Turns;

/// <summary>
/// Answers one accepted activity through the connector: messages and card actions go to the engine and come back
/// as one card message; install events store the conversation reference and greet once (§4.3).
/// </summary>
public sealed class TurnProcessor(
    ConnectorClient connector,
    MemberDirectory members,
    ITurnAnswerer answerer,
    IConversationReferenceStore references,
    IOptions<BotOptions> options,
    TimeProvider timeProvider,
    TurnGuard guard,
    ILogger<TurnProcessor> logger)
{
    public const string WelcomeText =
        "Hi, I'm SalesOpsBot. Ask me about bookings against quota, pipeline, forecast and deals: I answer from the sales warehouse, " +
        "only with the numbers you are allowed to see, and show the deals and causes behind each figure.";

    public async Task ProcessAsync(InboundTurn turn, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        if (!TenantAllowed(activity) && activity.Type is not (ActivityTypes.Message or ActivityTypes.Invoke))
        {
            // Install events from other tenants: no reference, no welcome.
            return;
        }

        switch (activity.Type)
        {
            case ActivityTypes.Message:
                await RememberAsync(activity, cancellationToken);
                await AnswerAsync(turn, cancellationToken);
                break;
            case ActivityTypes.Invoke:
                // Action.Execute: the invoke was acknowledged in the HTTP response; the answer comes as a message.
                await AnswerAsync(turn, cancellationToken);
                break;
            case ActivityTypes.ConversationUpdate:
                await OnConversationUpdateAsync(activity, cancellationToken);
                break;
            case ActivityTypes.InstallationUpdate:
                await OnInstallationUpdateAsync(activity, cancellationToken);
                break;
        }
    }

    private async Task AnswerAsync(InboundTurn turn, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        var reply = ReplyTemplate(activity);
        if (activity.Type == ActivityTypes.Invoke)
        {
            // An invoke's own id is not a message to reply to; Teams sets replyToId to the card's message (§4.6).
            reply = reply with { ReplyToId = activity.ReplyToId };
        }

        if (!TenantAllowed(activity))
        {
            // security-anchors §4.4 / AUTH-12: polite refusal, no data, no engine call.
            logger.LogWarning("Turn from a tenant that is not allowed ({TenantId})", activity.TenantId());
            await connector.ReplyToActivityAsync(reply with { Text = "Sorry, this assistant is not available for your organisation.", TextFormat = "plain" }, cancellationToken);
            return;
        }

        // Rate and size limits per user, before any lookup or engine work (docs/security.md).
        var from = activity.From ?? new ChannelAccount();
        if (guard.Check(from.AadObjectId ?? from.Id ?? "", activity.Type == ActivityTypes.Message ? activity.TextWithoutRecipientMention() : null) is { } refusal)
        {
            var reason = refusal.RetryAfter is null ? "size" : "rate";
            logger.LogInformation("Turn refused by the guard in {ChannelId}: {Reason}", activity.ChannelId, reason);
            Telemetry.BotTelemetry.TurnsRefused.Add(1, new KeyValuePair<string, object?>("reason", reason));
            await connector.ReplyToActivityAsync(reply with { Text = refusal.Message, TextFormat = "plain" }, cancellationToken);
            return;
        }

        using var span = BotTelemetry.Source.StartActivity("turn " + activity.Type);
        span?.SetTag("salesops.channel", activity.ChannelId);
        var started = timeProvider.GetTimestamp();
        await TryTypingAsync(reply, cancellationToken);
        var request = await ToTurnRequestAsync(turn, cancellationToken);
        AnswerDocument answer;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(options.Value.AnswerTimeout);
            try
            {
                answer = await answerer.AnswerAsync(request, timeout.Token);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The exception type only: engine exceptions can quote the question or data.
                logger.LogError("The engine failed to answer in {ChannelId}: {ErrorType}", activity.ChannelId, exception.GetType().Name);
                logger.LogDebug(exception, "Engine failure detail");
                span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, exception.GetType().Name);
                await connector.ReplyToActivityAsync(reply with { Text = "Sorry, I couldn't answer that just now. Please try again in a minute.", TextFormat = "plain" }, cancellationToken);
                BotTelemetry.RecordTurn(timeProvider.GetElapsedTime(started), activity.ChannelId, null, "error");
                return;
            }
        }

        await connector.ReplyToActivityAsync(AnswerMessage.Compose(answer, reply, StyleFor(activity)), cancellationToken);
        span?.SetTag("salesops.intent", answer.Intent);
        BotTelemetry.RecordTurn(timeProvider.GetElapsedTime(started), activity.ChannelId, answer.Intent, "answered");
    }

    /// <summary>The engine's view of the turn: mention stripped, card data passed through, identity as the channel gave it.</summary>
    private async Task<TurnRequest> ToTurnRequestAsync(InboundTurn turn, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        JsonElement? value = activity.Value;
        if (activity.Type == ActivityTypes.Invoke)
        {
            // adaptiveCard/action: value = {action: {type, verb, data}, trigger}; the engine gets the button's data (§4.6).
            value = activity.Value is { ValueKind: JsonValueKind.Object } invoke
                && invoke.TryGetProperty("action", out var action)
                && action.ValueKind == JsonValueKind.Object
                && action.TryGetProperty("data", out var data)
                    ? data.Clone()
                    : null;
        }

        var text = activity.Type == ActivityTypes.Message ? activity.TextWithoutRecipientMention() : null;
        if (string.IsNullOrWhiteSpace(text))
        {
            text = ExampleQuestions.ReadQuestion(value);
        }

        var from = activity.From ?? new ChannelAccount();
        string? email = null;
        if (turn.FromLocalWebChat)
        {
            // The local web chat binds the user at conversation start on the server; its from.id is the demo user's email.
            email = from.Id is { } id && id.Contains('@', StringComparison.Ordinal) ? id : null;
        }
        else if (activity.ChannelId == Channels.MsTeams && from.Id is { } teamsUserId && activity.ServiceUrl is { } serviceUrl && activity.Conversation?.Id is { } conversationId)
        {
            email = await members.FindEmailAsync(serviceUrl, conversationId, teamsUserId, cancellationToken);
        }

        return new TurnRequest(
            activity.ChannelId ?? "",
            activity.Conversation?.Id ?? "",
            activity.TenantId(),
            new BotUser(from.Id ?? "", from.AadObjectId, from.Name, email),
            text,
            value,
            activity.LocalTimezone,
            activity.Id);
    }

    private async Task OnConversationUpdateAsync(Activity activity, CancellationToken cancellationToken)
    {
        await RememberAsync(activity, cancellationToken);
        var botAdded = activity.MembersAdded?.Any(member => member.Id is not null && member.Id == activity.Recipient?.Id) ?? false;
        if (botAdded)
        {
            await WelcomeOnceAsync(activity, cancellationToken);
        }
    }

    private async Task OnInstallationUpdateAsync(Activity activity, CancellationToken cancellationToken)
    {
        if (activity.Action is "remove" or "remove-upgrade")
        {
            if (activity.Conversation?.Id is { } conversationId)
            {
                await references.DeactivateAsync(conversationId, "uninstalled", cancellationToken);
            }

            return;
        }

        await RememberAsync(activity, cancellationToken);
        // Teams sends conversationUpdate and installationUpdate for one install; whichever comes first greets (§4.3).
        await WelcomeOnceAsync(activity, cancellationToken);
    }

    private async Task WelcomeOnceAsync(Activity activity, CancellationToken cancellationToken)
    {
        if (activity.Conversation?.Id is not { } conversationId
            || !await references.TryMarkWelcomedAsync(conversationId, timeProvider.GetUtcNow(), cancellationToken))
        {
            return;
        }

        var welcome = new AnswerDocument
        {
            Question = "Welcome to SalesOpsBot",
            Intent = Intents.Help,
            AsOf = DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime),
            Answer = WelcomeText + " Try one of these:",
            Followups = ExampleQuestions.All,
        };
        var message = AnswerMessage.Compose(welcome, ReplyTemplate(activity) with { ReplyToId = null }, StyleFor(activity));
        await connector.SendToConversationAsync(activity.ServiceUrl!, conversationId, message with { Text = "Welcome to SalesOpsBot: ask me about bookings, pipeline, forecast and deals.", TextFormat = "plain" }, cancellationToken);
    }

    private async Task RememberAsync(Activity activity, CancellationToken cancellationToken)
    {
        if (activity.Conversation?.Id is not { } conversationId || activity.ServiceUrl is not { } serviceUrl)
        {
            return;
        }

        var personal = activity.Conversation.ConversationType is null or "personal";
        await references.UpsertAsync(new ConversationReference
        {
            ConversationId = conversationId,
            ChannelId = activity.ChannelId ?? "",
            ServiceUrl = serviceUrl,
            TenantId = activity.TenantId(),
            ConversationType = activity.Conversation.ConversationType,
            BotId = activity.Recipient?.Id,
            BotName = activity.Recipient?.Name,
            // In group chats and channels "from" is whoever spoke last, not the conversation's owner.
            UserId = personal && activity.Type == ActivityTypes.Message ? activity.From?.Id : null,
            UserAadObjectId = personal && activity.Type == ActivityTypes.Message ? activity.From?.AadObjectId : null,
            UserName = personal && activity.Type == ActivityTypes.Message ? activity.From?.Name : null,
        }, cancellationToken);
    }

    private async Task TryTypingAsync(Activity reply, CancellationToken cancellationToken)
    {
        try
        {
            await connector.SendTypingAsync(reply, cancellationToken);
        }
        catch (Exception exception) when (exception is ConnectorException or HttpRequestException)
        {
            logger.LogDebug("Typing indicator not sent: {Reason}", exception.Message);
        }
    }

    private bool TenantAllowed(Activity activity) =>
        options.Value.AllowedTenantIds.Count == 0
        || (activity.TenantId() is { } tenant && options.Value.AllowedTenantIds.Contains(tenant, StringComparer.OrdinalIgnoreCase));

    /// <summary>Teams runs Universal Actions; Web Chat and other channels only Action.Submit (§4.6, §5.3).</summary>
    public static CardActionStyle StyleFor(Activity activity) =>
        activity.ChannelId == Channels.MsTeams ? CardActionStyle.Execute : CardActionStyle.Submit;

    /// <summary>§3.3: from = inbound recipient, recipient = inbound from, same conversation, replyToId = inbound id.</summary>
    public static Activity ReplyTemplate(Activity inbound) => new()
    {
        Type = ActivityTypes.Message,
        From = inbound.Recipient,
        Recipient = inbound.From,
        Conversation = inbound.Conversation,
        ReplyToId = inbound.Id,
        ChannelId = inbound.ChannelId,
        ServiceUrl = inbound.ServiceUrl,
        Locale = inbound.Locale,
    };
}
