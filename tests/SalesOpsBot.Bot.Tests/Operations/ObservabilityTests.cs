using Activity = SalesOpsBot.Bot.Protocol.Activity;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using SalesOpsBot.Bot.Protocol;
using SalesOpsBot.Bot.Tests.Infrastructure;
using SalesOpsBot.Warehouse.Connections;
using SalesOpsBot.Warehouse.Seeding;

namespace SalesOpsBot.Bot.Tests.Operations;

/// <summary>Telemetry, logging policy and readiness of the real host over a small demo warehouse.</summary>
public sealed partial class ObservabilityTests : IAsyncLifetime
{
    private readonly string _warehouse = Path.Combine(Path.GetTempPath(), $"salesops-ops-{Guid.NewGuid():N}.duckdb");
    private FakeChannel _channel = null!;

    public async ValueTask InitializeAsync()
    {
        await DemoWarehouse.SeedAsync(new WarehouseLocation(WarehouseDialect.DuckDb, _warehouse),
            new SeedOptions(3_000, SeedOptions.DefaultSeed, DateOnly.FromDateTime(DateTime.Now)), null, TestContext.Current.CancellationToken);
        _channel = await FakeChannel.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(_warehouse);
    }

    private Dictionary<string, string> Settings() => new() { ["Warehouse:ConnectionString"] = $"duckdb:{_warehouse}" };

    private Activity Ask(string text, string conversationId, string? id = null)
    {
        var message = SampleActivities.Message(_channel.ServiceUrl, text, id: id ?? Guid.NewGuid().ToString("N"));
        return message with
        {
            From = message.From! with { AadObjectId = DemoPrincipals.Admin },
            Conversation = message.Conversation! with { Id = conversationId },
        };
    }

    private async Task<Activity> AnswerAsync(OperationsHost host, Activity question)
    {
        using var content = new StringContent(JsonSerializer.Serialize(question, BotJsonContext.Default.Activity), System.Text.Encoding.UTF8, "application/json");
        using var response = await host.Client.PostAsync(new Uri("/api/messages", UriKind.Relative), content, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = await _channel.WaitForCallAsync(call => call.Method == "POST" && call.Activity is { Type: ActivityTypes.Message } answer && answer.ReplyToId == question.Id,
            TimeSpan.FromSeconds(60));
        return reply.Activity!;
    }

    [Fact]
    public async Task ATurnRecordsItsLatencyByChannelAndIntentAndTheDurationOfEachSqlStatement()
    {
        var metrics = new List<Metric>();
        var spans = new List<System.Diagnostics.Activity>();
        await using var host = await OperationsHost.StartAsync(Settings(), builder =>
        {
            builder.Services.ConfigureOpenTelemetryMeterProvider(meters => meters.AddInMemoryExporter(metrics));
            builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));
        });
        var conversation = "a:telemetry-" + Guid.NewGuid().ToString("N");

        await AnswerAsync(host, Ask("how did EMEA do last quarter?", conversation));
        host.Services.GetRequiredService<MeterProvider>().ForceFlush();
        host.Services.GetRequiredService<TracerProvider>().ForceFlush();

        var turns = Points(metrics, "salesops.turn.duration");
        var turn = Assert.Single(turns, point => Tag(point, "channel") == "msteams" && Tag(point, "outcome") == "answered");
        Assert.Equal("attainment", Tag(turn, "intent"));
        Assert.True(turn.GetHistogramCount() >= 1);
        Assert.True(turn.GetHistogramSum() > 0);
        var statements = Points(metrics, "salesops.sql.duration");
        Assert.NotEmpty(statements);
        Assert.All(statements, point => Assert.False(string.IsNullOrEmpty(Tag(point, "query"))));
        Assert.Contains(statements, point => Tag(point, "dialect") == "DuckDb" && Tag(point, "outcome") == "ok");
        Assert.Contains(spans, span => span.Source.Name == "SalesOpsBot.Bot" && span.DisplayName == "turn message");
        Assert.Contains(spans, span => span.Source.Name == "SalesOpsBot.Warehouse" && span.DisplayName.StartsWith("sql ", StringComparison.Ordinal));
        // Tags describe; they never carry the question.
        Assert.DoesNotContain(spans.SelectMany(span => span.TagObjects), tag => tag.Value?.ToString()?.Contains("EMEA do", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task AtInformationTheLogsCarryNoQuestionTextAndNoAmountFromTheAnswers()
    {
        var logs = new CapturingLoggerProvider(LogLevel.Information);
        var settings = Settings();
        settings["Logging:LogLevel:Default"] = "Information";
        await using var host = await OperationsHost.StartAsync(settings, builder => builder.Logging.AddProvider(logs));
        var conversation = "a:logging-" + Guid.NewGuid().ToString("N");
        string[] questions = ["how did EMEA do last quarter?", "why?", "show me the slipped deals", "pipeline in North America for next quarter"];

        var answers = new List<Activity>();
        foreach (var question in questions)
        {
            answers.Add(await AnswerAsync(host, Ask(question, conversation)));
        }

        // A duplicate is logged at Information: by id, not by content.
        var duplicate = Ask("why did EMEA miss last quarter?", conversation, id: "logged-duplicate");
        answers.Add(await AnswerAsync(host, duplicate));
        await AnswerDuplicateAsync(host, duplicate);

        var amounts = answers.SelectMany(answer => Amount().Matches(answer.Text + " " + (answer.Attachments is { Count: > 0 } attachments ? attachments[0].Content : null)).Select(match => match.Value)).Distinct().ToList();
        Assert.NotEmpty(amounts);
        Assert.Contains(logs.Lines, line => line.Contains("logged-duplicate", StringComparison.Ordinal));
        foreach (var line in logs.Lines)
        {
            Assert.DoesNotContain(questions, question => line.Contains(question, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain("EMEA", line, StringComparison.Ordinal);
            Assert.DoesNotContain(amounts, amount => line.Contains(amount, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task ReadinessIsOkWhenTheWarehouseTheAppStateAndTheKeysAreReachable()
    {
        var settings = Settings();
        settings["Bot:MicrosoftAppId"] = TestTokens.AppId;
        settings["Bot:MicrosoftAppTenantId"] = "00000000-0000-4000-8000-0000000000aa";
        settings["Bot:MicrosoftAppPassword"] = "not-used-by-tests";
        settings["Bot:OpenIdMetadataUrl"] = _channel.MetadataUrl;
        settings["Bot:RequireHttpsMetadata"] = "false";
        await using var host = await OperationsHost.StartAsync(settings);

        using var ready = await host.Client.GetAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken);
        var body = await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("""{"status":"Healthy","checks":{"warehouse":"Healthy","app-state":"Healthy","signing-keys":"Healthy"}}""", body);
    }

    [Fact]
    public async Task AnUnreachableWarehouseMakesTheInstanceNotReadyWithoutRevealingTheConnectionButItStaysAlive()
    {
        var port = UnusedPort();
        await using var host = await OperationsHost.StartAsync(new Dictionary<string, string>
        {
            ["Warehouse:ConnectionString"] = $"postgres:Host=127.0.0.1;Port={port};Username=salesops_reader;Password=Sup3rSecretPw;Timeout=2",
        });

        using var ready = await host.Client.GetAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken);
        var body = await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var alive = await host.Client.GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("""{"status":"Unhealthy","checks":{"warehouse":"Unhealthy","app-state":"Healthy","signing-keys":"Healthy"}}""", body);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    [Fact]
    public async Task SigningKeysThatCannotBeFetchedMakeTheInstanceNotReady()
    {
        var settings = Settings();
        settings["Bot:MicrosoftAppId"] = TestTokens.AppId;
        settings["Bot:MicrosoftAppTenantId"] = "00000000-0000-4000-8000-0000000000aa";
        settings["Bot:MicrosoftAppPassword"] = "not-used-by-tests";
        settings["Bot:OpenIdMetadataUrl"] = $"http://127.0.0.1:{UnusedPort()}/v1/.well-known/openidconfiguration";
        settings["Bot:RequireHttpsMetadata"] = "false";
        await using var host = await OperationsHost.StartAsync(settings);

        using var ready = await host.Client.GetAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken);
        var body = await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("""{"status":"Unhealthy","checks":{"warehouse":"Healthy","app-state":"Healthy","signing-keys":"Unhealthy"}}""", body);
    }

    private static async Task AnswerDuplicateAsync(OperationsHost host, Activity duplicate)
    {
        using var content = new StringContent(JsonSerializer.Serialize(duplicate, BotJsonContext.Default.Activity), System.Text.Encoding.UTF8, "application/json");
        using var response = await host.Client.PostAsync(new Uri("/api/messages", UriKind.Relative), content, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static List<MetricPoint> Points(List<Metric> metrics, string name)
    {
        var points = new List<MetricPoint>();
        foreach (var metric in metrics.Where(metric => metric.Name == name))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                points.Add(point);
            }
        }

        return points;
    }

    private static string? Tag(MetricPoint point, string key)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key)
            {
                return tag.Value?.ToString();
            }
        }

        return null;
    }

    private static int UnusedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // Amounts as the cards print them: 8.1M, 950K, 1,234,567 (three digits or more, or a scaled figure).
    [GeneratedRegex(@"\d+(?:[.,]\d+)*[MK]|\d{1,3}(?:,\d{3})+|\d{4,}")]
    private static partial Regex Amount();
}
