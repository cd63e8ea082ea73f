using System.Text.Json;
using SalesOpsBot.Bot.Protocol;

namespace SalesOpsBot.Bot.Tests.Infrastructure;

/// <summary>Teams-shaped activities (botframework-protocol.md §1.3–§1.5) for each scope.</summary>
public static class SampleActivities
{
    public const string TenantId = "72f988bf-0000-4000-8000-0000000000aa";
    public const string BotId = "28:" + TestTokens.AppId;
    public const string BotName = "Sales Bot";
    public const string UserId = "29:1a2b3c-user";
    public const string UserAadObjectId = "6f1c2b1e-0000-4000-8000-000000000001";

    public static string ConversationIdFor(string scope) => scope switch
    {
        "personal" => "a:1Xy-personal-chat",
        "groupChat" => "19:group-chat-1@thread.v2",
        _ => "19:channel-1@thread.tacv2;messageid=1700000000000",
    };

    public static Activity Message(string serviceUrl, string text, string scope = "personal", string? id = null, bool mentionBot = false)
    {
        var mention = $"<at>{BotName}</at>";
        return new Activity
        {
            Type = ActivityTypes.Message,
            Id = id ?? Guid.NewGuid().ToString("N"),
            Timestamp = DateTimeOffset.UtcNow,
            LocalTimezone = "Europe/Berlin",
            ServiceUrl = serviceUrl,
            ChannelId = Channels.MsTeams,
            From = new ChannelAccount { Id = UserId, Name = "Lena Vogel", AadObjectId = UserAadObjectId },
            Recipient = new ChannelAccount { Id = BotId, Name = BotName },
            Conversation = new ConversationAccount
            {
                Id = ConversationIdFor(scope),
                ConversationType = scope,
                TenantId = TenantId,
                IsGroup = scope != "personal",
            },
            Text = mentionBot ? $"{mention} {text}" : text,
            TextFormat = "plain",
            Locale = "en-US",
            Entities = mentionBot
                ? [new Entity { Type = "mention", Text = mention, Mentioned = new ChannelAccount { Id = BotId, Name = BotName } }]
                : null,
            ChannelData = JsonSerializer.SerializeToElement(scope == "channel"
                ? new Dictionary<string, object> { ["tenant"] = new { id = TenantId }, ["team"] = new { id = "19:team@thread.tacv2" }, ["channel"] = new { id = "19:channel-1@thread.tacv2" } }
                : new Dictionary<string, object> { ["tenant"] = new { id = TenantId } }),
        };
    }

    public static Activity BotInstalled(string serviceUrl, string scope = "personal") => Message(serviceUrl, "", scope) with
    {
        Type = ActivityTypes.ConversationUpdate,
        Text = null,
        MembersAdded = [new ChannelAccount { Id = BotId }],
    };

    public static Activity CardAction(string serviceUrl, string verb, string question, string? id = null) => Message(serviceUrl, "", id: id) with
    {
        Type = ActivityTypes.Invoke,
        Name = "adaptiveCard/action",
        Text = null,
        Value = JsonSerializer.SerializeToElement(new
        {
            action = new { type = "Action.Execute", verb, data = new { verb, question } },
            trigger = "manual",
        }),
    };
}
