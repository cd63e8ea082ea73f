using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Serialization;
using SalesOpsBot.Bot.Messages;
using SalesOpsBot.Bot.Protocol;

namespace SalesOpsBot.Bot.DirectLine;

/// <summary>A Direct Line conversation as Web Chat sees it (botframework-protocol.md §5.1).</summary>
public sealed record DirectLineConversation(
    [property: JsonPropertyName("conversationId")] string ConversationId,
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("expires_in")] int ExpiresIn);

public sealed record ActivitySet(
    [property: JsonPropertyName("activities")] IReadOnlyList<Activity> Activities,
    [property: JsonPropertyName("watermark")] string Watermark);

public sealed record StartConversationRequest([property: JsonPropertyName("user")] ChannelAccount? User);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(DirectLineConversation))]
[JsonSerializable(typeof(ActivitySet))]
[JsonSerializable(typeof(StartConversationRequest))]
[JsonSerializable(typeof(Activity))]
[JsonSerializable(typeof(ResourceResponse))]
[JsonSerializable(typeof(ChannelAccount))]
[JsonSerializable(typeof(IReadOnlyList<DemoUser>))]
public sealed partial class DirectLineJsonContext : JsonSerializerContext;

/// <summary>
/// An in-memory Direct Line 3.0 channel plus the connector it hands the bot (§5.3): enough for Web Chat in polling
/// mode. The user is bound to the conversation when it starts, so the client cannot change who it is mid-chat.
/// Development only and loopback only (see DirectLineEndpoints).
/// </summary>
public sealed class LocalDirectLine(ActivityDispatcher dispatcher, TimeProvider timeProvider)
{
    public const string ChannelId = Channels.WebChat;
    private const int MaxConversations = 1000;
    private const int MaxActivitiesPerConversation = 2000;

    public static ChannelAccount Bot { get; } = new() { Id = "salesopsbot", Name = "SalesOpsBot", Role = "bot" };

    private readonly ConcurrentDictionary<string, Conversation> _conversations = new(StringComparer.Ordinal);

    public DirectLineConversation Start(ChannelAccount user, string connectorBaseUrl)
    {
        if (_conversations.Count >= MaxConversations)
        {
            _conversations.Clear();
        }

        var conversation = new Conversation(RandomId(), RandomId(), user with { Role = "user" }, connectorBaseUrl);
        _conversations[conversation.Id] = conversation;

        // As the real service does: tell the bot that it and the user joined (§5.3).
        dispatcher.Dispatch(new Activity
        {
            Type = ActivityTypes.ConversationUpdate,
            Id = conversation.NextId(),
            Timestamp = timeProvider.GetUtcNow(),
            ChannelId = ChannelId,
            ServiceUrl = connectorBaseUrl,
            Conversation = new ConversationAccount { Id = conversation.Id, ConversationType = "personal" },
            From = conversation.User,
            Recipient = Bot,
            MembersAdded = [Bot, conversation.User],
        }, fromLocalWebChat: true);
        return conversation.Describe();
    }

    public DirectLineConversation? Find(string conversationId, string? token) =>
        Authorized(conversationId, token)?.Describe();

    /// <summary>Accepts a user activity: stamps it, appends it first (the echo Web Chat waits for), then hands it to the bot.</summary>
    public string? PostFromUser(string conversationId, string? token, Activity incoming)
    {
        if (Authorized(conversationId, token) is not { } conversation)
        {
            return null;
        }

        var activity = incoming with
        {
            Id = conversation.NextId(),
            Timestamp = timeProvider.GetUtcNow(),
            ChannelId = ChannelId,
            ServiceUrl = conversation.ConnectorBaseUrl,
            Conversation = new ConversationAccount { Id = conversation.Id, ConversationType = "personal" },
            From = conversation.User,
            Recipient = Bot,
        };
        conversation.Append(activity);
        dispatcher.Dispatch(activity, fromLocalWebChat: true);
        return activity.Id;
    }

    /// <summary>The bot side (our connector): append a bot activity; typing is not delivered to polling clients (§5.1).</summary>
    public string? AppendFromBot(string conversationId, Activity activity)
    {
        if (!_conversations.TryGetValue(conversationId, out var conversation))
        {
            return null;
        }

        var id = conversation.NextId();
        if (activity.Type != ActivityTypes.Typing)
        {
            conversation.Append(activity with
            {
                Id = id,
                Timestamp = timeProvider.GetUtcNow(),
                ChannelId = ChannelId,
                From = Bot,
                Recipient = conversation.User,
                Conversation = new ConversationAccount { Id = conversation.Id },
            });
        }

        return id;
    }

    public bool ReplaceFromBot(string conversationId, string activityId, Activity activity) =>
        _conversations.TryGetValue(conversationId, out var conversation)
        && conversation.Replace(activityId, activity with { Id = activityId, From = Bot, Recipient = conversation.User, ChannelId = ChannelId });

    public ChannelAccount? User(string conversationId) =>
        _conversations.TryGetValue(conversationId, out var conversation) ? conversation.User : null;

    public ActivitySet? Activities(string conversationId, string? token, string? watermark)
    {
        if (Authorized(conversationId, token) is not { } conversation)
        {
            return null;
        }

        var from = int.TryParse(watermark, out var parsed) && parsed > 0 ? parsed : 0;
        return conversation.Since(from);
    }

    private Conversation? Authorized(string conversationId, string? token) =>
        _conversations.TryGetValue(conversationId, out var conversation)
        && token is not null
        && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(conversation.Token), System.Text.Encoding.UTF8.GetBytes(token))
            ? conversation
            : null;

    private static string RandomId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private sealed class Conversation(string id, string token, ChannelAccount user, string connectorBaseUrl)
    {
        private readonly List<Activity> _activities = [];
        private int _sequence;

        public string Id { get; } = id;
        public string Token { get; } = token;
        public ChannelAccount User { get; } = user;
        public string ConnectorBaseUrl { get; } = connectorBaseUrl;

        public string NextId() => $"{Id}|{Interlocked.Increment(ref _sequence):D7}";

        public DirectLineConversation Describe() => new(Id, Token, 1800);

        public void Append(Activity activity)
        {
            lock (_activities)
            {
                if (_activities.Count < MaxActivitiesPerConversation)
                {
                    _activities.Add(activity);
                }
            }
        }

        public bool Replace(string activityId, Activity activity)
        {
            lock (_activities)
            {
                var index = _activities.FindIndex(existing => existing.Id == activityId);
                if (index < 0)
                {
                    return false;
                }

                // A client that already polled past this index keeps the old version; enough for local use.
                _activities[index] = activity;
                return true;
            }
        }

        /// <summary>The watermark is the index in the history (§5.3); Web Chat echoes it back verbatim.</summary>
        public ActivitySet Since(int watermark)
        {
            lock (_activities)
            {
                var start = Math.Min(watermark, _activities.Count);
                return new ActivitySet([.. _activities.Skip(start)], _activities.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }
}
