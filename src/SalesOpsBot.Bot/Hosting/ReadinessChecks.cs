using System.Data.Common;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SalesOpsBot.Bot.Auth;
using SalesOpsBot.Conversation.State;
using SalesOpsBot.Warehouse.Connections;

namespace SalesOpsBot.Bot.Hosting;

/// <summary>
/// <c>/readyz</c>: the instance can answer. Warehouse reachable (a trivial read-only query), app-state store reachable,
/// channel signing keys loaded (unless anonymous). <c>/healthz</c> stays "alive" without touching any dependency, so an
/// orchestrator restarts only a stuck process, not one whose database is briefly away.
/// </summary>
public static class ReadinessChecks
{
    public const string Tag = "ready";

    /// <summary>Each probe's own budget: a probe that hangs must not hang the orchestrator's check.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    public static IHostApplicationBuilder AddBotHealthChecks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<WarehouseReadiness>("warehouse", tags: [Tag])
            .AddCheck<AppStateReadiness>("app-state", tags: [Tag])
            .AddCheck<SigningKeysReadiness>("signing-keys", tags: [Tag]);
        return builder;
    }

    public static IEndpointRouteBuilder MapBotHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Ok("alive"));
        endpoints.MapHealthChecks("/readyz", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(Tag),
            ResponseWriter = WriteAsync,
        });
        return endpoints;
    }

    /// <summary>{"status":"Unhealthy","checks":{"warehouse":"Unhealthy",…}}: names and states only, never exception text.</summary>
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("status", report.Status.ToString());
            json.WriteStartObject("checks");
            foreach (var (name, entry) in report.Entries)
            {
                json.WriteString(name, entry.Status.ToString());
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return context.Response.Body.WriteAsync(stream.ToArray(), context.RequestAborted).AsTask();
    }

    /// <summary>Runs a probe under <see cref="ProbeTimeout"/>; a failure reports its exception type only (messages can carry hosts or users).</summary>
    internal static async Task<HealthCheckResult> ProbeAsync(Func<CancellationToken, Task<HealthCheckResult>> probe, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            return await probe(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("timed out");
        }
        catch (Exception exception) when (exception is DbException or InvalidOperationException or IOException or HttpRequestException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy(exception.GetType().Name);
        }
    }
}

/// <summary>The warehouse answers a trivial read-only query (the read-only connection questions use).</summary>
internal sealed class WarehouseReadiness(IServiceProvider services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // The help-only placeholder (AddBot without AddAssistant) has no warehouse to wait for.
        if (services.GetService<IWarehouseConnectionFactory>() is not { } warehouse)
        {
            return Task.FromResult(HealthCheckResult.Healthy("no warehouse configured"));
        }

        return ReadinessChecks.ProbeAsync(async token =>
        {
            await using var connection = await warehouse.OpenReadOnlyAsync(token);
            await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", commandTimeout: (int)ReadinessChecks.ProbeTimeout.TotalSeconds, cancellationToken: token));
            return HealthCheckResult.Healthy();
        }, cancellationToken);
    }
}

/// <summary>The app-state store (conversation state, references, subscriptions) accepts a connection and a query.</summary>
internal sealed class AppStateReadiness(IOptions<BotOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        ReadinessChecks.ProbeAsync(async token =>
        {
            await using var connection = await AppStateDatabase.Parse(options.Value.StateConnectionString).OpenAsync(token);
            await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", commandTimeout: (int)ReadinessChecks.ProbeTimeout.TotalSeconds, cancellationToken: token));
            return HealthCheckResult.Healthy();
        }, cancellationToken);
}

/// <summary>The channel's signing keys are cached or can be fetched (not needed in anonymous development mode).</summary>
internal sealed class SigningKeysReadiness(IOptions<BotOptions> options, ChannelKeyCache keys) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (options.Value.IsAnonymous)
        {
            return Task.FromResult(HealthCheckResult.Healthy("anonymous"));
        }

        return ReadinessChecks.ProbeAsync(async token =>
        {
            var configuration = await keys.GetAsync(forceRefresh: false, token);
            return configuration.SigningKeys.Count > 0 ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("no signing keys");
        }, cancellationToken);
    }
}
