using Azure.Monitor.OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace SalesOpsBot.Bot.Telemetry;

public static class TelemetryServiceExtensions
{
    /// <summary>Every SalesOpsBot meter and source (Bot, Warehouse, Conversation, Digests, …) is picked up by this prefix.</summary>
    public const string Prefix = "SalesOpsBot.*";

    /// <summary>
    /// OpenTelemetry traces and metrics: ASP.NET Core and HttpClient instrumentation plus every <c>SalesOpsBot.*</c>
    /// source and meter. Exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, to Azure Monitor when
    /// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set, nowhere otherwise (tests add an in-memory exporter).
    /// </summary>
    public static IHostApplicationBuilder AddBotTelemetry(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var azureMonitor = configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"] is { Length: > 0 } connectionString ? connectionString : null;
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("salesopsbot", serviceInstanceId: Environment.MachineName))
            .WithTracing(tracing =>
            {
                tracing.AddSource(Prefix)
                    // Health probes every few seconds would drown the turns.
                    .AddAspNetCoreInstrumentation(options => options.Filter = context => !context.Request.Path.StartsWithSegments("/healthz") && !context.Request.Path.StartsWithSegments("/readyz"))
                    .AddHttpClientInstrumentation();
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }

                if (azureMonitor is not null)
                {
                    tracing.AddAzureMonitorTraceExporter(options => options.ConnectionString = azureMonitor);
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(Prefix)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }

                if (azureMonitor is not null)
                {
                    metrics.AddAzureMonitorMetricExporter(options => options.ConnectionString = azureMonitor);
                }
            });
        return builder;
    }
}
