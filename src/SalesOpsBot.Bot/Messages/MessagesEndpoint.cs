using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SalesOpsBot.Bot.Auth;
using SalesOpsBot.Bot.Connector;
using SalesOpsBot.Bot.Hosting;
using SalesOpsBot.Bot.Protocol;

namespace SalesOpsBot.Bot.Messages;

/// <summary><c>POST /api/messages</c>: the Bot Connector's one entry point (botframework-protocol.md §1).</summary>
public static class MessagesEndpoint
{
    public static IEndpointRouteBuilder MapBotMessages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/messages", HandleAsync).DisableAntiforgery();
        return endpoints;
    }

    private static async Task<IResult> HandleAsync(
        HttpContext context,
        ChannelTokenValidator validator,
        ServiceUrlGuard guard,
        ActivityDispatcher dispatcher,
        IOptions<BotOptions> options,
        ILoggerFactory loggerFactory)
    {
        var logger = loggerFactory.CreateLogger(typeof(MessagesEndpoint));
        var bot = options.Value;

        var body = await ReadBodyAsync(context.Request, bot.MaxRequestBodyBytes, context.RequestAborted);
        if (body is null)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        // Authenticate before parsing, so an unauthenticated caller learns nothing about our parser (security-anchors §4.2).
        ChannelIdentity? identity = null;
        if (bot.IsAnonymous)
        {
            if (context.Connection.RemoteIpAddress is not { } remote || !IPAddress.IsLoopback(remote))
            {
                logger.LogWarning("Rejected a non-loopback request in anonymous mode");
                return Results.Unauthorized();
            }
        }
        else
        {
            var authentication = await validator.AuthenticateAsync(context.Request.Headers.Authorization.ToString(), context.RequestAborted);
            if (!authentication.Succeeded)
            {
                logger.LogWarning("Rejected /api/messages: {Reason}", authentication.Failure);
                return Results.Unauthorized();
            }

            identity = authentication.Identity;
        }

        Activity? activity;
        try
        {
            activity = JsonSerializer.Deserialize(body, BotJsonContext.Default.Activity);
        }
        catch (JsonException)
        {
            return Results.BadRequest();
        }

        if (activity is null || string.IsNullOrEmpty(activity.Type) || string.IsNullOrEmpty(activity.Conversation?.Id))
        {
            return Results.BadRequest();
        }

        if (identity is not null)
        {
            var activityCheck = ChannelTokenValidator.CheckActivity(identity, activity);
            if (!activityCheck.Succeeded)
            {
                logger.LogWarning("Rejected /api/messages: {Reason}", activityCheck.Failure);
                return Results.Unauthorized();
            }

            guard.TrustAuthenticated(activity.ServiceUrl!);
        }

        var result = await dispatcher.DispatchAsync(activity, fromLocalWebChat: false, context.RequestAborted);
        return result.InvokeBody is { } invokeBody
            ? Results.Json(invokeBody, BotJsonContext.Default.AdaptiveCardInvokeResponse, statusCode: result.StatusCode)
            : Results.StatusCode(result.StatusCode);
    }

    /// <summary>The body, or null when it exceeds the limit (§8: cap the size, e.g. 256 KB).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
