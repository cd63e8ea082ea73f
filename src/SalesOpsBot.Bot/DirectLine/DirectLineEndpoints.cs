using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SalesOpsBot.Bot.Connector;
using SalesOpsBot.Bot.Protocol;

namespace SalesOpsBot.Bot.DirectLine;

/// <summary>
/// The local web chat's HTTP surface: Direct Line 3.0 for Web Chat (§5.2, §5.3) under <c>/v3/directline</c>, and the
/// Bot Connector subset the bot calls back on under <c>/_connector</c>. Loopback callers only.
/// </summary>
public static class DirectLineEndpoints
{
    public static IEndpointRouteBuilder MapLocalWebChat(this IEndpointRouteBuilder endpoints)
    {
        var directLine = endpoints.MapGroup("/v3/directline").AddEndpointFilter(LoopbackOnly).DisableAntiforgery();
        directLine.MapPost("/conversations", StartAsync);
        directLine.MapGet("/conversations/{conversationId}", (string conversationId, HttpContext context, LocalDirectLine channel) =>
            channel.Find(conversationId, Token(context)) is { } conversation
                ? Results.Json(conversation, DirectLineJsonContext.Default.DirectLineConversation)
                : Results.NotFound());
        directLine.MapPost("/tokens/refresh", (HttpContext context, LocalDirectLine channel) =>
            Results.Json(new DirectLineConversation("", Token(context) ?? "", 1800), DirectLineJsonContext.Default.DirectLineConversation));
        directLine.MapGet("/conversations/{conversationId}/activities", (string conversationId, string? watermark, HttpContext context, LocalDirectLine channel) =>
            channel.Activities(conversationId, Token(context), watermark) is { } set
                ? Results.Json(set, DirectLineJsonContext.Default.ActivitySet)
                : Results.NotFound());
        directLine.MapPost("/conversations/{conversationId}/activities", PostActivityAsync);

        var connector = endpoints.MapGroup(ServiceUrlGuard.LocalConnectorPath.TrimEnd('/') + "/v3/conversations").AddEndpointFilter(LoopbackOnly).DisableAntiforgery();
        connector.MapPost("/{conversationId}/activities", (string conversationId, Activity activity, LocalDirectLine channel) => BotActivity(channel, conversationId, activity));
        connector.MapPost("/{conversationId}/activities/{replyToId}", (string conversationId, string replyToId, Activity activity, LocalDirectLine channel) =>
            BotActivity(channel, conversationId, activity with { ReplyToId = replyToId }));
        connector.MapPut("/{conversationId}/activities/{activityId}", (string conversationId, string activityId, Activity activity, LocalDirectLine channel) =>
            channel.ReplaceFromBot(conversationId, activityId, activity)
                ? Results.Json(new ResourceResponse(activityId), BotJsonContext.Default.ResourceResponse)
                : Results.NotFound());
        connector.MapGet("/{conversationId}/members/{memberId}", (string conversationId, string memberId, LocalDirectLine channel) =>
            channel.User(conversationId) is { } user && user.Id == memberId
                ? Results.Json(user, BotJsonContext.Default.ChannelAccount)
                : Results.NotFound());

        endpoints.MapGet("/webchat/users", (IOptions<LocalWebChatOptions> options) =>
            Results.Json(options.Value.Effective, DirectLineJsonContext.Default.IReadOnlyListDemoUser)).AddEndpointFilter(LoopbackOnly);
        return endpoints;
    }

    private static async Task<IResult> StartAsync(HttpContext context, LocalDirectLine channel, IOptions<LocalWebChatOptions> options)
    {
        StartConversationRequest? request = null;
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            try
            {
                request = await JsonSerializer.DeserializeAsync(context.Request.Body, DirectLineJsonContext.Default.StartConversationRequest, context.RequestAborted);
            }
            catch (JsonException)
            {
                return Results.BadRequest();
            }
        }

        // Only configured demo users can be picked; without a choice the first one (admin) is used.
        var users = options.Value.Effective;
        var picked = request?.User?.Id is { } id
            ? users.FirstOrDefault(user => string.Equals(user.Email, id, StringComparison.OrdinalIgnoreCase))
            : users.Count > 0 ? users[0] : null;
        if (picked is null)
        {
            return Results.BadRequest();
        }

        var connectorBaseUrl = $"http://localhost:{context.Connection.LocalPort}{ServiceUrlGuard.LocalConnectorPath}";
        var conversation = channel.Start(new ChannelAccount { Id = picked.Email, Name = picked.Name }, connectorBaseUrl);
        return Results.Json(conversation, DirectLineJsonContext.Default.DirectLineConversation, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> PostActivityAsync(string conversationId, HttpContext context, LocalDirectLine channel)
    {
        Activity? activity;
        try
        {
            activity = await JsonSerializer.DeserializeAsync(context.Request.Body, BotJsonContext.Default.Activity, context.RequestAborted);
        }
        catch (JsonException)
        {
            return Results.BadRequest();
        }

        if (activity?.Type is null)
        {
            return Results.BadRequest();
        }

        return channel.PostFromUser(conversationId, Token(context), activity) is { } id
            ? Results.Json(new ResourceResponse(id), BotJsonContext.Default.ResourceResponse)
            : Results.NotFound();
    }

    private static IResult BotActivity(LocalDirectLine channel, string conversationId, Activity activity) =>
        channel.AppendFromBot(conversationId, activity) is { } id
            ? Results.Json(new ResourceResponse(id), BotJsonContext.Default.ResourceResponse)
            : Results.NotFound();

    private static string? Token(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    private static async ValueTask<object?> LoopbackOnly(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next) =>
        invocation.HttpContext.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote)
            ? await next(invocation)
            : Results.StatusCode(StatusCodes.Status403Forbidden);
}
