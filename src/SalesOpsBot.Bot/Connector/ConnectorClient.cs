using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SalesOpsBot.Bot.Protocol;
using SalesOpsBot.Bot.State;

namespace SalesOpsBot.Bot.Connector;

/// <summary>A Bot Connector call that failed; <see cref="Code"/> is the error body's code (§3.5).</summary>
public sealed class ConnectorException : Exception
{
    public ConnectorException()
    {
    }

    public ConnectorException(string message) : base(message)
    {
    }

    public ConnectorException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public ConnectorException(HttpStatusCode statusCode, string? code, string message) : base(message)
    {
        StatusCode = statusCode;
        Code = code;
    }

    public HttpStatusCode? StatusCode { get; }
    public string? Code { get; }
}

/// <summary>
/// The Bot Connector REST client (botframework-protocol.md §3.3). Retries live in the HttpClient's resilience
/// handler (412/429/502/503/504 only, Retry-After honoured; see BotServiceExtensions); this class paces sends per
/// conversation, attaches the token only where <see cref="ServiceUrlGuard"/> allows, and deactivates stored
/// references on 403 BotNotInConversationRoster / ConversationBlockedByUser and 404.
/// </summary>
public sealed class ConnectorClient(
    HttpClient httpClient,
    ServiceUrlGuard guard,
    IBotTokenProvider tokenProvider,
    ConversationPacer pacer,
    IConversationReferenceStore references,
    ILogger<ConnectorClient> logger)
{
    /// <summary>Replies to <c>reply.ReplyToId</c> in <c>reply.Conversation</c> at <c>reply.ServiceUrl</c>.</summary>
    public Task<ResourceResponse?> ReplyToActivityAsync(Activity reply, CancellationToken cancellationToken)
    {
        var (serviceUrl, conversationId) = Address(reply);
        if (string.IsNullOrEmpty(reply.ReplyToId))
        {
            return SendToConversationAsync(serviceUrl, conversationId, reply, cancellationToken);
        }

        return SendActivityAsync(HttpMethod.Post, serviceUrl, conversationId,
            $"v3/conversations/{Escape(conversationId)}/activities/{Escape(reply.ReplyToId)}", reply, cancellationToken);
    }

    public Task<ResourceResponse?> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken) =>
        SendActivityAsync(HttpMethod.Post, serviceUrl, conversationId, $"v3/conversations/{Escape(conversationId)}/activities", activity, cancellationToken);

    /// <summary>Replaces an activity the bot sent earlier (e.g. a "thinking" card).</summary>
    public Task<ResourceResponse?> UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken) =>
        SendActivityAsync(HttpMethod.Put, serviceUrl, conversationId,
            $"v3/conversations/{Escape(conversationId)}/activities/{Escape(activityId)}", activity with { Id = activityId }, cancellationToken);

    /// <summary>The cheap "I'm working on it" signal (§3.3).</summary>
    public async Task SendTypingAsync(Activity addressing, CancellationToken cancellationToken)
    {
        var (serviceUrl, conversationId) = Address(addressing);
        await SendToConversationAsync(serviceUrl, conversationId,
            addressing with { Type = ActivityTypes.Typing, Text = null, Attachments = null, ReplyToId = null }, cancellationToken);
    }

    /// <summary>Creates (or finds) the 1:1 conversation with a user for proactive messages (§3.4).</summary>
    public async Task<ConversationResourceResponse?> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken)
    {
        await pacer.WaitTurnAsync("create:" + serviceUrl, cancellationToken);
        using var request = await RequestAsync(HttpMethod.Post, serviceUrl, "v3/conversations", cancellationToken);
        request.Content = Json(parameters, BotJsonContext.Default.ConversationParameters);
        return await SendAsync(request, conversationId: null, BotJsonContext.Default.ConversationResourceResponse, cancellationToken);
    }

    /// <summary>One member of a conversation; Teams adds email and UPN (§3.3 "Members").</summary>
    public async Task<TeamsChannelAccount?> GetMemberAsync(string serviceUrl, string conversationId, string memberId, CancellationToken cancellationToken)
    {
        using var request = await RequestAsync(HttpMethod.Get, serviceUrl,
            $"v3/conversations/{Escape(conversationId)}/members/{Escape(memberId)}", cancellationToken);
        return await SendAsync(request, conversationId, BotJsonContext.Default.TeamsChannelAccount, cancellationToken);
    }

    private async Task<ResourceResponse?> SendActivityAsync(HttpMethod method, string serviceUrl, string conversationId, string path, Activity activity, CancellationToken cancellationToken)
    {
        await pacer.WaitTurnAsync(conversationId, cancellationToken);
        using var request = await RequestAsync(method, serviceUrl, path, cancellationToken);
        request.Content = Json(activity, BotJsonContext.Default.Activity);
        return await SendAsync(request, conversationId, BotJsonContext.Default.ResourceResponse, cancellationToken);
    }

    private async Task<HttpRequestMessage> RequestAsync(HttpMethod method, string serviceUrl, string path, CancellationToken cancellationToken)
    {
        var decision = guard.Decide(serviceUrl);
        if (decision == OutboundDecision.Refuse)
        {
            throw new ConnectorException($"Refusing to call an untrusted serviceUrl ({SafeHost(serviceUrl)}).");
        }

        // §3.3: trim the trailing "/" of serviceUrl before appending "/v3/…".
        var request = new HttpRequestMessage(method, new Uri(serviceUrl.TrimEnd('/') + "/" + path, UriKind.Absolute));
        if (decision == OutboundDecision.WithToken && await tokenProvider.GetTokenAsync(cancellationToken) is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    private async Task<T?> SendAsync<T>(HttpRequestMessage request, string? conversationId, JsonTypeInfo<T> resultType, CancellationToken cancellationToken)
        where T : class
    {
        using var response = await httpClient.SendAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            if (response.Content.Headers.ContentLength == 0)
            {
                return null;
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return body.Length == 0 ? null : JsonSerializer.Deserialize(body, resultType);
        }

        var error = await ReadErrorAsync(response, cancellationToken);
        var correlation = response.Headers.TryGetValues("X-Correlating-OperationId", out var values) ? values.FirstOrDefault() : null;
        logger.LogWarning("Connector {Method} {Path} failed: {Status} {Code} (operation {CorrelationId})",
            request.Method, request.RequestUri?.AbsolutePath, (int)response.StatusCode, error?.Code, correlation);

        if (conversationId is not null && DeactivatesReference(response.StatusCode, error?.Code))
        {
            await references.DeactivateAsync(conversationId, $"{(int)response.StatusCode} {error?.Code}".Trim(), CancellationToken.None);
        }

        throw new ConnectorException(response.StatusCode, error?.Code, $"Connector call failed with {(int)response.StatusCode} {error?.Code}");
    }

    /// <summary>§3.5: the bot was removed or blocked, or the conversation is gone — stop sending there.</summary>
    public static bool DeactivatesReference(HttpStatusCode status, string? code) => status switch
    {
        HttpStatusCode.Forbidden => code is "BotNotInConversationRoster" or "ConversationBlockedByUser",
        HttpStatusCode.NotFound => code is not "ActivityNotFoundInConversation",
        _ => false,
    };

    private static async Task<ErrorBody?> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return body.Length == 0 ? null : JsonSerializer.Deserialize(body, BotJsonContext.Default.ErrorResponse)?.Error;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static StringContent Json<T>(T value, JsonTypeInfo<T> typeInfo) =>
        new(JsonSerializer.Serialize(value, typeInfo), Encoding.UTF8, "application/json");

    private static (string ServiceUrl, string ConversationId) Address(Activity activity) =>
        (activity.ServiceUrl ?? throw new ConnectorException("The activity has no serviceUrl."),
         activity.Conversation?.Id ?? throw new ConnectorException("The activity has no conversation id."));

    // Teams ids contain ':', '@', ';' and '=' (§3.3).
    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    private static string SafeHost(string? serviceUrl) =>
        Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) ? uri.Host : "invalid";
}
