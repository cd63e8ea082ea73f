using System.Net;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using SalesOpsBot.Bot.Auth;
using SalesOpsBot.Bot.Connector;
using SalesOpsBot.Bot.DirectLine;
using SalesOpsBot.Bot.Messages;
using SalesOpsBot.Bot.Protocol;
using SalesOpsBot.Bot.State;
using SalesOpsBot.Bot.Telemetry;
using SalesOpsBot.Bot.Turns;
using SalesOpsBot.Conversation.State;

namespace SalesOpsBot.Bot.Hosting;

public static class BotServiceExtensions
{
    /// <summary>
    /// Registers the Bot Framework endpoint: options (validated at start), inbound auth, the connector client with its
    /// retry policy, the conversation-reference store, the turn queue and workers, and the local web chat. The
    /// conversation engine plugs in as <see cref="ITurnAnswerer"/> (a help-only placeholder is registered with TryAdd).
    /// </summary>
    public static IHostApplicationBuilder AddBot(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<BotOptions>().Bind(builder.Configuration.GetSection(BotOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<BotOptions>, BotOptionsValidator>();
        services.AddOptions<LocalWebChatOptions>().Bind(builder.Configuration.GetSection(LocalWebChatOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, BotJsonContext.Default));

        // Inbound.
        services.AddHttpClient(nameof(ChannelKeyCache));
        services.AddSingleton<ChannelKeyCache>();
        services.AddSingleton<ChannelTokenValidator>();
        services.AddSingleton<ActivityDeduplicator>();
        var bot = builder.Configuration.GetSection(BotOptions.SectionName).Get<BotOptions>() ?? new BotOptions();
        if (bot.SharedDeduplication ?? AppStateDatabase.Parse(bot.StateConnectionString).Kind != AppStateKind.Sqlite)
        {
            services.AddSingleton(provider => new SharedActivityLedger(
                AppStateDatabase.Parse(provider.GetRequiredService<IOptions<BotOptions>>().Value.StateConnectionString),
                provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<IOptions<BotOptions>>().Value.DeduplicationWindow));
        }

        services.AddSingleton<ActivityDispatcher>();

        // Outbound.
        services.AddSingleton<ServiceUrlGuard>();
        services.AddSingleton<ConversationPacer>();
        services.TryAddSingleton<IBotTokenProvider>(provider => provider.GetRequiredService<IOptions<BotOptions>>().Value.IsAnonymous
            ? new AnonymousBotTokenProvider()
            : new MsalBotTokenProvider(provider.GetRequiredService<IOptions<BotOptions>>()));
        services.AddHttpClient<ConnectorClient>().AddResilienceHandler("connector", ConfigureConnectorResilience);
        services.AddSingleton<MemberEmailCache>();
        services.AddTransient<MemberDirectory>();
        services.AddTransient<ProactiveMessenger>();

        // State.
        services.TryAddSingleton<IConversationReferenceStore>(provider => new ConversationReferenceStore(
            AppStateDatabase.Parse(provider.GetRequiredService<IOptions<BotOptions>>().Value.StateConnectionString), provider.GetRequiredService<TimeProvider>()));

        // Turns.
        services.TryAddSingleton<ITurnAnswerer, HelpTurnAnswerer>();
        services.AddSingleton<TurnInbox>();
        services.AddScoped<TurnProcessor>();
        services.AddHostedService<TurnWorker>();
        services.AddOptions<HostOptions>().Configure<IOptions<BotOptions>>((host, options) => host.ShutdownTimeout = options.Value.ShutdownTimeout);

        // Local web chat.
        services.AddSingleton<LocalDirectLine>();

        // Operations: OpenTelemetry and the readiness checks (docs/operations.md).
        builder.AddBotTelemetry();
        builder.AddBotHealthChecks();
        return builder;
    }

    /// <summary>
    /// Teams' retry rules (§3.5): 429 waits Retry-After, 412/502/503/504 back off exponentially with jitter, nothing
    /// else is retried (never other 4xx, and not 500 per the Teams table).
    /// </summary>
    private static void ConfigureConnectorResilience(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, ResilienceHandlerContext context)
    {
        var retry = context.ServiceProvider.GetRequiredService<IOptions<BotOptions>>().Value.ConnectorRetry;
        pipeline.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = Math.Max(retry.MaxRetries, 1),
            Delay = retry.BaseDelay,
            MaxDelay = retry.MaxDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            ShouldRetryAfterHeader = false,
            ShouldHandle = arguments => ValueTask.FromResult(retry.MaxRetries > 0 && arguments.Outcome.Result is { } response && IsRetryable(response.StatusCode)),
            DelayGenerator = arguments => ValueTask.FromResult(RetryAfter(arguments.Outcome.Result, retry.MaxRetryAfter)),
            OnRetry = arguments =>
            {
                BotTelemetry.ConnectorRetries.Add(1, new KeyValuePair<string, object?>("status", (int?)arguments.Outcome.Result?.StatusCode));
                return ValueTask.CompletedTask;
            },
        });
        pipeline.AddTimeout(TimeSpan.FromSeconds(15));
    }

    public static bool IsRetryable(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.PreconditionFailed
            or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>The server's Retry-After (seconds or a date), capped; null falls back to jittered backoff.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeSpan cap)
    {
        var header = response?.Headers.RetryAfter;
        var delay = header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        if (delay is null)
        {
            return null;
        }

        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay > cap ? cap : delay;
    }
}
