using System.Diagnostics;
using SalesOpsBot.Bot.Hosting;
using SalesOpsBot.Bot.State;
using SalesOpsBot.Bot.Tests.Infrastructure;
using SalesOpsBot.Conversation.State;
using SalesOpsBot.Digests.Delivery;
using SalesOpsBot.Digests.Storage;
using SalesOpsBot.Digests.Subscriptions;
using SalesOpsBot.TestKit;
using SalesOpsBot.Warehouse.Connections;
using SalesOpsBot.Warehouse.Seeding;

namespace SalesOpsBot.Bot.Tests.Digests;

/// <summary>
/// Bot hosts as separate processes (<c>dotnet SalesOpsBot.Bot.dll</c>) delivering digests through a fake connector on loopback,
/// with crashes injected by configuration (the process is killed outright). Every due slot must end sent exactly once, or
/// flagged uncertain (never sent twice), and none may be lost.
/// </summary>
public sealed class MultiProcessDeliveryTests(PostgresServer postgres) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private const int Subscriptions = 12;
    private static readonly DateTimeOffset Created = new(2026, 11, 16, 6, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Slot = new(2026, 11, 16, 7, 0, 0, TimeSpan.Zero);
    private static readonly string[] Principals = [DemoPrincipals.EmeaLeader, DemoPrincipals.DachLeader, DemoPrincipals.Admin];

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"salesops-digest-procs-{Guid.NewGuid():N}");
    private readonly List<Process> _processes = [];
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();
    private readonly Dictionary<string, string> _conversations = new(StringComparer.Ordinal);
    private FakeChannel _channel = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _channel = await FakeChannel.StartAsync();
        await DemoWarehouse.SeedAsync(new WarehouseLocation(WarehouseDialect.DuckDb, Path.Combine(_folder, "demo.duckdb")),
            new SeedOptions(3_000, SeedOptions.DefaultSeed, new DateOnly(2026, 11, 15)), null, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
        }

        await _channel.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A killed process may still hold a file for a moment; the folder is in the temp directory.
        }
    }

    [Fact]
    public async Task TwoInstancesOnPostgresCrashingAfterAClaimAndWhileSendingDeliverEverySlotAtMostOnceAndLoseNone()
    {
        var state = "postgres:" + await postgres.CreateDatabaseAsync(Token);
        var database = AppStateDatabase.Parse(state);
        await SubscribeAsync(database);

        // A dies on its second digest after claiming it, B on its third while it is marked sending; C then cleans up.
        var a = Start("A", state, ("Digests:Crash:AfterClaimOnDigest", "2"));
        var b = Start("B", state, ("Digests:Crash:WhileSendingOnDigest", "3"));
        await WaitForExitAsync(a);
        await WaitForExitAsync(b);
        var c = Start("C", state);
        var rows = await WaitUntilSettledAsync(database);
        c.Kill(entireProcessTree: true);

        AssertAtMostOnceAndNoneLost(rows);
        var uncertain = Assert.Single(rows, r => r.Status == DeliveryStatus.Uncertain); // B's send in flight
        Assert.Equal(0, PostsTo(ConversationOf(uncertain.SubscriptionId))); // B died before calling the channel
        Assert.Contains(rows, r => r.Attempts > 1 && r.Status == DeliveryStatus.Sent); // A's abandoned claim, taken over
    }

    [Fact]
    public async Task OneInstanceOnTheEmbeddedStoreRestartedAfterACrashSendsEverySlotExactlyOnce()
    {
        var state = $"Data Source={Path.Combine(_folder, "state.db")}";
        var database = AppStateDatabase.Parse(state);
        await SubscribeAsync(database);

        var first = Start("solo", state, ("Digests:Crash:AfterClaimOnDigest", "4"));
        await WaitForExitAsync(first);
        Start("solo", state);
        var rows = await WaitUntilSettledAsync(database);

        AssertAtMostOnceAndNoneLost(rows);
        Assert.All(rows, r => Assert.Equal(DeliveryStatus.Sent, r.Status));
        Assert.All(rows, r => Assert.Equal(1, PostsTo(ConversationOf(r.SubscriptionId))));
    }

    private void AssertAtMostOnceAndNoneLost(IReadOnlyList<DeliveryRecord> rows)
    {
        Assert.Equal(Subscriptions, rows.Count);
        Assert.All(rows, r => Assert.Equal(Slot, r.Slot));
        Assert.All(rows, r => Assert.Contains(r.Status, new[] { DeliveryStatus.Sent, DeliveryStatus.Uncertain }));
        Assert.All(rows.Where(r => r.Status == DeliveryStatus.Sent), r => Assert.Equal(1, PostsTo(ConversationOf(r.SubscriptionId))));
        Assert.All(rows, r => Assert.InRange(PostsTo(ConversationOf(r.SubscriptionId)), 0, 1));
    }

    private async Task SubscribeAsync(AppStateDatabase database)
    {
        var store = new SubscriptionStore(new DigestTables(database), new FixedTime(Created));
        for (var i = 0; i < Subscriptions; i++)
        {
            var territory = i % 4 == 1 ? "T-EMEA-DACH" : null;
            var created = await store.CreateAsync(
                new NewSubscription(Principals[i % Principals.Length], ConversationOf(i), "0 7 * * 1", "Etc/UTC", DigestKind.ForecastDigest, territory), Token);
            _conversations[created.Id] = ConversationOf(i);
        }
    }

    private static string ConversationOf(int index) => $"a:digest-conversation-{index:D2}";

    private string ConversationOf(string subscriptionId) => _conversations[subscriptionId];

    private int PostsTo(string conversationId) =>
        _channel.Calls.Count(call => call.Method == "POST" && call.Path == $"/teams/v3/conversations/{Uri.EscapeDataString(conversationId)}/activities");

    private Process Start(string instance, string state, params (string Key, string Value)[] extra)
    {
        // On PostgreSQL each process keeps its conversation references in its own SQLite file (the references store is SQLite-only
        // today) while subscriptions and the ledger are shared; on the embedded store everything is in the one SQLite file.
        var shared = state.StartsWith("postgres:", StringComparison.Ordinal);
        var references = shared ? $"Data Source={Path.Combine(_folder, $"references-{instance}.db")}" : state;
        SeedReferences(references);
        var warehouse = Path.Combine(_folder, $"warehouse-{instance}.duckdb");
        if (!File.Exists(warehouse))
        {
            File.Copy(Path.Combine(_folder, "demo.duckdb"), warehouse);
        }

        var bot = BotAssembly();
        var start = new ProcessStartInfo("dotnet", [bot, "--urls", "http://127.0.0.1:0"])
        {
            WorkingDirectory = Path.GetDirectoryName(bot)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Bot__StateConnectionString"] = references,
            ["Bot__LocalWebChat"] = "false",
            ["Warehouse__ConnectionString"] = "duckdb:" + warehouse,
            ["Digests__StateConnectionString"] = state,
            ["Digests__InstanceId"] = instance,
            ["Digests__PollInterval"] = "00:00:01",
            ["Digests__LeaseDuration"] = "00:00:05",
            ["Digests__MaxConcurrentDeliveries"] = "1", // one delivery in flight, so a crash leaves exactly one row behind
            ["Digests__ClockOverride"] = (Slot + TimeSpan.FromSeconds(30)).ToString("o"),
            ["Digests__FixedAsOf"] = "2026-11-15",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__SalesOpsBot"] = "Information",
        };
        foreach (var (key, value) in extra)
        {
            settings[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, line) => Remember(instance, line.Data);
        process.ErrorDataReceived += (_, line) => Remember(instance, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
        return process;
    }

    private void SeedReferences(string connectionString)
    {
        var store = new ConversationReferenceStore(AppStateDatabase.Parse(connectionString + ";Pooling=false"), TimeProvider.System);
        for (var i = 0; i < Subscriptions; i++)
        {
            store.UpsertAsync(new ConversationReference
            {
                ConversationId = ConversationOf(i),
                ChannelId = "msteams",
                ServiceUrl = _channel.ServiceUrl,
                TenantId = SampleActivities.TenantId,
                ConversationType = "personal",
                BotId = SampleActivities.BotId,
                UserId = $"29:user-{i}",
            }, CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    private void Remember(string instance, string? line)
    {
        if (line is not null)
        {
            _output.Enqueue($"[{instance}] {line}");
        }
    }

    private async Task WaitForExitAsync(Process process)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("The instance did not crash as configured. Its output:\n" + string.Join('\n', _output.TakeLast(40)));
        }
    }

    private static async Task<IReadOnlyList<DeliveryRecord>> WaitUntilSettledAsync(AppStateDatabase database)
    {
        var ledger = new DeliveryLedger(new DigestTables(database), TimeProvider.System, "test-observer", TimeSpan.FromMinutes(1));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(180);
        IReadOnlyList<DeliveryRecord> rows = [];
        while (DateTime.UtcNow < deadline)
        {
            rows = await ledger.ListAsync(null, null, Token);
            if (rows.Count == Subscriptions && rows.All(r => r.Status is not DeliveryStatus.Claimed and not DeliveryStatus.Sending))
            {
                return rows;
            }

            await Task.Delay(250, Token);
        }

        throw new TimeoutException("Not every slot settled: " + string.Join(", ", rows.Select(r => $"{r.SubscriptionId}={r.Status}")));
    }

    private static string BotAssembly()
    {
        // The Bot project's own output (with its runtimeconfig), next to this test project's output in artifacts/bin.
        var tests = Path.GetDirectoryName(typeof(BotHost).Assembly.Location)!;
        var configuration = Path.GetFileName(tests);
        var bot = Path.GetFullPath(Path.Combine(tests, "..", "..", "SalesOpsBot.Bot", configuration, "SalesOpsBot.Bot.dll"));
        return File.Exists(bot) ? bot : throw new FileNotFoundException("Build src/SalesOpsBot.Bot first.", bot);
    }

    private sealed class FixedTime(DateTimeOffset at) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => at;
    }
}
