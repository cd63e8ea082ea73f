using SalesOpsBot.Bot.Cards;
using SalesOpsBot.Bot.Protocol;
using SalesOpsBot.Bot.State;
using SalesOpsBot.Conversation.Answers;

namespace SalesOpsBot.Bot.Connector;

/// <summary>
/// Messages a stored conversation outside of a turn (digests, alerts): §3.4 of botframework-protocol.md. Deactivated
/// references are skipped; the connector deactivates on 403 roster/blocked and 404.
/// </summary>
public sealed class ProactiveMessenger(ConnectorClient connector, IConversationReferenceStore references)
{
    /// <summary>Sends an answer card to the conversation; null when the reference is unknown or inactive.</summary>
    public async Task<ResourceResponse?> SendAnswerAsync(string conversationId, AnswerDocument answer, CancellationToken cancellationToken)
    {
        if (await references.GetAsync(conversationId, cancellationToken) is not { IsActive: true } reference)
        {
            return null;
        }

        var addressing = new Activity
        {
            Type = ActivityTypes.Message,
            ChannelId = reference.ChannelId,
            ServiceUrl = reference.ServiceUrl,
            From = new ChannelAccount { Id = reference.BotId, Name = reference.BotName },
            Recipient = reference.UserId is null ? null : new ChannelAccount { Id = reference.UserId },
            Conversation = new ConversationAccount { Id = reference.ConversationId, TenantId = reference.TenantId, ConversationType = reference.ConversationType },
        };
        var style = reference.ChannelId == Channels.MsTeams ? CardActionStyle.Execute : CardActionStyle.Submit;
        return await connector.SendToConversationAsync(reference.ServiceUrl, reference.ConversationId, AnswerMessage.Compose(answer, addressing, style), cancellationToken);
    }

    /// <summary>
    /// Creates (Teams returns the existing one) the 1:1 conversation between the bot and a user of a known tenant,
    /// and stores its reference. User id (29:…) and tenant id are mandatory (§3.4).
    /// </summary>
    public async Task<ConversationReference?> CreatePersonalConversationAsync(string serviceUrl, string botId, string userId, string tenantId, CancellationToken cancellationToken)
    {
        var created = await connector.CreateConversationAsync(serviceUrl, new ConversationParameters
        {
            IsGroup = false,
            Bot = new ChannelAccount { Id = botId },
            Members = [new ChannelAccount { Id = userId }],
            TenantId = tenantId,
            ChannelData = System.Text.Json.JsonSerializer.SerializeToElement(new TeamsTenantChannelData(new TeamsTenant(tenantId)), BotJsonContext.Default.TeamsTenantChannelData),
        }, cancellationToken);
        if (created?.Id is not { } conversationId)
        {
            return null;
        }

        var reference = new ConversationReference
        {
            ConversationId = conversationId,
            ChannelId = Channels.MsTeams,
            ServiceUrl = created.ServiceUrl ?? serviceUrl,
            TenantId = tenantId,
            ConversationType = "personal",
            BotId = botId,
            UserId = userId,
        };
        await references.UpsertAsync(reference, cancellationToken);
        return reference;
    }
}
