using System.Net;
using Microsoft.Extensions.Options;
using SalesOpsBot.Bot.DirectLine;
using SalesOpsBot.Bot.Messages;

namespace SalesOpsBot.Bot.Hosting;

/// <summary>Builds the web host; Program.cs and the tests (real Kestrel on a free loopback port) share it.</summary>
public static class BotHost
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null, string? contentRoot = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = contentRoot });

        // The Bot Framework endpoint, its auth, connector and state.
        builder.AddBot();

        // The conversation engine over the sales warehouse answers the turns.
        builder.AddAssistant();

        configure?.Invoke(builder);
        var app = builder.Build();

        var options = app.Services.GetRequiredService<IOptions<BotOptions>>().Value;
        if (options.IsAnonymous)
        {
            app.Logger.LogWarning("Bot:MicrosoftAppId is not set: anonymous development mode, /api/messages accepts loopback callers only and the connector calls loopback only.");
        }

        // /healthz alive, /readyz dependencies (ReadinessChecks).
        app.MapBotHealth();
        app.MapBotMessages();

        // The local web chat (Development by default): the page at "/", Direct Line and the loopback connector.
        if (options.LocalWebChat ?? app.Environment.IsDevelopment())
        {
            app.UseWhen(context => context.GetEndpoint() is null, branch => branch.Use(async (context, next) =>
            {
                if (context.Connection.RemoteIpAddress is { } remote && !IPAddress.IsLoopback(remote))
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return;
                }

                await next(context);
            }));
            app.UseDefaultFiles();
            app.UseStaticFiles();
            app.MapLocalWebChat();
        }

        return app;
    }
}
