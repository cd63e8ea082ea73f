using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SalesOpsBot.Bot.Digests;
using SalesOpsBot.Bot.Hosting;
using SalesOpsBot.Bot.State;
using SalesOpsBot.Cli.Commands;
using SalesOpsBot.Conversation.State;
using SalesOpsBot.Digests.Content;
using SalesOpsBot.Digests.Delivery;
using SalesOpsBot.Digests.Storage;
using SalesOpsBot.Digests.Subscriptions;
using SalesOpsBot.Warehouse.Access;
using SalesOpsBot.Warehouse.Insights;
using SalesOpsBot.Warehouse.Querying;
using SalesOpsBot.Warehouse.Seeding;

namespace SalesOpsBot.Cli.Bench;

/// <summary>
/// <c>salesops bench digests</c>: N subscriptions due at the same slot in a fresh app-state store (SQLite), delivered in one
/// pass through the bot's real sender (connector client, resilience handler, per-conversation and per-tenant pacing) to a fake
/// Teams connector on loopback that enforces Teams-like limits (7 messages/s per conversation, 30/s per tenant) and answers 429
/// with Retry-After when they are exceeded. Prints time to deliver, messages/s, peak memory, 429s and packs composed.
/// </summary>
internal static class DigestFanOutBenchmark
{
    private static readonly DateTimeOffset Created = new(2026, 11, 16, 6, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2026, 11, 16, 7, 0, 30, TimeSpan.Zero);
    private static readonly string[] Principals = [DemoPrincipals.EmeaLeader, DemoPrincipals.DachLeader, DemoPrincipals.Cro, DemoPrincipals.Admin];
    private static readonly string?[] Territories = [null, "T-EMEA-DACH"];

    public static Command Command(TimeProvider time)
    {
        var subscriptions = new Option<int>("--subscriptions") { Description = "Subscriptions due at the same slot.", DefaultValueFactory = _ => 10_000 };
        var tenants = new Option<int>("--tenants") { Description = "Teams tenants the conversations are spread over.", DefaultValueFactory = _ => 10 };
        var runs = new Option<int>("--runs") { Description = "Runs, each on a fresh ledger.", DefaultValueFactory = _ => 3 };
        var concurrency = new Option<int>("--concurrency") { Description = "Digests:MaxConcurrentDeliveries.", DefaultValueFactory = _ => 16 };
        var tenantRate = new Option<double>("--tenant-rps") { Description = "Digests:TenantMessagesPerSecond (the fake connector allows 30).", DefaultValueFactory = _ => 20 };
        var noCache = new Option<bool>("--no-compose-cache") { Description = "Compose every digest on its own instead of once per identical scope in the pass." };
        var command = new Command("digests", "Digest fan-out: N due subscriptions delivered through the bot's sender to a rate-limited fake connector.")
        {
            subscriptions, tenants, runs, concurrency, tenantRate, noCache,
        };
        command.SetAction(time, async (context, parse, cancellationToken) =>
        {
            await SeedCommand.EnsureDemoAsync(context, time, cancellationToken);
            var settings = new Settings(Math.Max(1, parse.GetValue(subscriptions)), Math.Max(1, parse.GetValue(tenants)), Math.Max(1, parse.GetValue(concurrency)),
                parse.GetValue(tenantRate), !parse.GetValue(noCache));
            return await RunAsync(context, settings, Math.Max(1, parse.GetValue(runs)), Console.Out, cancellationToken);
        });
        return command;
    }

    private sealed record Settings(int Subscriptions, int Tenants, int Concurrency, double TenantRate, bool ComposeCache);

    private sealed record RunFigures(double Seconds, int Sent, int NotSent, double PeakWorkingSetMb, double PeakHeapMb, int TooManyRequests, int PacksComposed);

    private static async Task<int> RunAsync(CliContext context, Settings settings, int runs, TextWriter output, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"salesops-bench-digests-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        await using var connector = await FakeTeamsConnector.StartAsync(perConversationPerSecond: 7, perTenantPerSecond: 30);
        try
        {
            var references = $"Data Source={Path.Combine(folder, "references.db")}";
            await SeedReferencesAsync(references, connector.ServiceUrl, settings, cancellationToken);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Digest fan-out: {settings.Subscriptions} subscriptions due at one slot, {settings.Tenants} tenant(s), {settings.Concurrency} concurrent deliveries, " +
                $"{settings.TenantRate}/s per tenant client-side, connector limits 7/s per conversation and 30/s per tenant, compose cache {(settings.ComposeCache ? "on" : "off")}, " +
                $"{Environment.ProcessorCount} cores."));
            var figures = new List<RunFigures>();
            for (var run = 1; run <= runs; run++)
            {
                var state = $"Data Source={Path.Combine(folder, $"digests-{run}.db")}";
                await SubscribeAsync(state, settings, cancellationToken);
                connector.Reset();
                var result = await DeliverAsync(context, references, state, settings, connector, cancellationToken);
                figures.Add(result);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"run {run}: {result.Sent} sent ({result.NotSent} not) in {result.Seconds:F1} s = {result.Sent / result.Seconds:F1} msg/s; peak working set {result.PeakWorkingSetMb:F0} MB, " +
                    $"peak GC heap {result.PeakHeapMb:F0} MB; 429s {result.TooManyRequests}; packs composed {result.PacksComposed}"));
            }

            string Spread(Func<RunFigures, double> pick, string format)
            {
                var values = figures.Select(pick).Order().ToArray();
                return string.Create(CultureInfo.InvariantCulture, $"min {values[0].ToString(format, CultureInfo.InvariantCulture)} / median {values[values.Length / 2].ToString(format, CultureInfo.InvariantCulture)} / max {values[^1].ToString(format, CultureInfo.InvariantCulture)}");
            }

            await output.WriteLineAsync($"time to deliver (s): {Spread(f => f.Seconds, "F1")}");
            await output.WriteLineAsync($"messages/s:          {Spread(f => f.Sent / f.Seconds, "F1")}");
            await output.WriteLineAsync($"peak working set MB: {Spread(f => f.PeakWorkingSetMb, "F0")}");
            await output.WriteLineAsync($"429s seen:           {Spread(f => f.TooManyRequests, "F0")}");
            return figures.All(f => f.NotSent == 0) ? CommandRunner.Answered : CommandRunner.InternalFailure;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Scratch files in the temp folder.
            }
        }
    }

    private static async Task<RunFigures> DeliverAsync(CliContext context, string references, string state, Settings settings, FakeTeamsConnector connector, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Development, DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bot:StateConnectionString"] = references,
            ["Bot:ConnectorRetry:BaseDelay"] = "00:00:00.200",
            ["Warehouse:ConnectionString"] = "duckdb:" + context.Warehouse.DuckDbPath,
            ["Digests:StateConnectionString"] = state,
            ["Digests:TenantMessagesPerSecond"] = settings.TenantRate.ToString(CultureInfo.InvariantCulture),
        });
        builder.Logging.ClearProviders();
        builder.AddBot();
        builder.AddAssistant();
        using var host = builder.Build();
        var sender = host.Services.GetRequiredService<ConnectorDigestSender>();
        var sql = new SqlRunner(context.Connect());
        var source = new WarehouseDigestSource(new AccessResolver(sql), new DigestComposer(new SalesAnalytics(sql), new PipelineQueries(sql), context.Calendar),
            context.AsOf, composeOncePerScope: settings.ComposeCache);
        var tables = new DigestTables(AppStateDatabase.Parse(state));
        var runner = new DigestRunner(new SubscriptionStore(tables, TimeProvider.System), new DeliveryLedger(tables, TimeProvider.System, "bench", TimeSpan.FromMinutes(30)),
            source, new DigestRunOptions(TimeSpan.FromHours(6), 3, settings.Concurrency), NullLogger<DigestRunner>.Instance);

        GC.Collect();
        using var sampling = new CancellationTokenSource();
        long peakWorkingSet = 0, peakHeap = 0;
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                using (var self = Process.GetCurrentProcess())
                {
                    peakWorkingSet = Math.Max(peakWorkingSet, self.WorkingSet64);
                }

                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
                try
                {
                    await Task.Delay(100, sampling.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }, CancellationToken.None);
        var watch = Stopwatch.StartNew();
        var summary = await runner.RunDueAsync(Now, sender, cancellationToken);
        watch.Stop();
        await sampling.CancelAsync();
        await sampler;
        return new RunFigures(watch.Elapsed.TotalSeconds, summary.Sent, summary.Due - summary.Sent, peakWorkingSet / 1048576.0, peakHeap / 1048576.0,
            connector.TooManyRequests, source.PacksComposed);
    }

    private static async Task SeedReferencesAsync(string connectionString, string serviceUrl, Settings settings, CancellationToken cancellationToken)
    {
        var store = new ConversationReferenceStore(AppStateDatabase.Parse(connectionString), TimeProvider.System);
        for (var i = 0; i < settings.Subscriptions; i++)
        {
            await store.UpsertAsync(new ConversationReference
            {
                ConversationId = ConversationOf(i),
                ChannelId = "msteams",
                ServiceUrl = serviceUrl,
                TenantId = $"tenant-{i % settings.Tenants}",
                ConversationType = "personal",
                BotId = "28:bench-bot",
                UserId = $"29:user-{i}",
            }, cancellationToken);
        }
    }

    private static async Task SubscribeAsync(string state, Settings settings, CancellationToken cancellationToken)
    {
        var store = new SubscriptionStore(new DigestTables(AppStateDatabase.Parse(state)), new FixedTime(Created));
        for (var i = 0; i < settings.Subscriptions; i++)
        {
            await store.CreateAsync(new NewSubscription(Principals[i % Principals.Length], ConversationOf(i), "0 7 * * 1", "Etc/UTC", DigestKind.ForecastDigest,
                Territories[i / Principals.Length % Territories.Length]), cancellationToken);
        }
    }

    private static string ConversationOf(int index) => $"a:bench-{index:D6}";

    private sealed class FixedTime(DateTimeOffset at) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => at;
    }
}

/// <summary>
/// A Teams connector stand-in on loopback: accepts activities, and answers 429 with <c>Retry-After: 1</c> when a conversation
/// or a tenant exceeds its per-second limit (sliding one-second windows).
/// </summary>
internal sealed class FakeTeamsConnector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly int _perConversation;
    private readonly int _perTenant;
    private readonly ConcurrentDictionary<string, Queue<long>> _windows = new(StringComparer.Ordinal);
    private int _tooManyRequests;
    private int _accepted;

    private FakeTeamsConnector(WebApplication app, int perConversation, int perTenant)
    {
        _app = app;
        _perConversation = perConversation;
        _perTenant = perTenant;
    }

    public string ServiceUrl { get; private set; } = "";

    public int TooManyRequests => Volatile.Read(ref _tooManyRequests);

    public static async Task<FakeTeamsConnector> StartAsync(int perConversationPerSecond, int perTenantPerSecond)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var connector = new FakeTeamsConnector(app, perConversationPerSecond, perTenantPerSecond);
        app.MapPost("/v3/conversations/{conversationId}/activities", connector.Accept);
        await app.StartAsync();
        connector.ServiceUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/";
        return connector;
    }

    public void Reset()
    {
        _windows.Clear();
        Interlocked.Exchange(ref _tooManyRequests, 0);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task<IResult> Accept(string conversationId, HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        // The tenant is in the activity's conversation; a cheap look-up is enough for a stand-in.
        var marker = body.IndexOf("\"tenantId\":\"", StringComparison.Ordinal);
        var tenant = marker < 0 ? "" : body[(marker + 12)..body.IndexOf('"', marker + 12)];
        var now = Stopwatch.GetTimestamp();
        if (!Admit("c:" + conversationId, _perConversation, now) || !Admit("t:" + tenant, _perTenant, now))
        {
            Interlocked.Increment(ref _tooManyRequests);
            context.Response.Headers.RetryAfter = "1";
            return Results.StatusCode(StatusCodes.Status429TooManyRequests);
        }

        return Results.Json(new Dictionary<string, string> { ["id"] = "sent-" + Interlocked.Increment(ref _accepted).ToString(CultureInfo.InvariantCulture) });
    }

    private bool Admit(string key, int limit, long now)
    {
        var window = _windows.GetOrAdd(key, _ => new Queue<long>());
        lock (window)
        {
            while (window.Count > 0 && Stopwatch.GetElapsedTime(window.Peek(), now) >= TimeSpan.FromSeconds(1))
            {
                window.Dequeue();
            }

            if (window.Count >= limit)
            {
                return false;
            }

            window.Enqueue(now);
            return true;
        }
    }
}
