using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SalesOpsBot.Digests.Delivery;
using SalesOpsBot.Digests.Storage;
using SalesOpsBot.Digests.Subscriptions;
using SalesOpsBot.TestKit;

namespace SalesOpsBot.Digests.Tests.Delivery;

/// <summary>
/// Two scheduler instances on one app-state database run every tick together; one of them crashes now and then between
/// its claim and its send. Every due slot must reach the channel exactly once.
/// </summary>
public abstract class TwoInstanceDeliveryTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    protected abstract Task<TestAppState> CreateStateAsync();

    [Fact]
    public async Task EveryDueSlotIsDeliveredExactlyOnceDespiteCrashesBetweenClaimAndSend()
    {
        await using var state = await CreateStateAsync();
        var time = new FakeTimeProvider(Start);
        var store = new SubscriptionStore(state.Database, time);

        // 08:00 local every day. From 23 Nov 12:00Z to 26 Nov 12:00Z each zone has three slots: Berlin at 07:00Z on the
        // 24th-26th, New York at 13:00Z on the 23rd-25th, Tokyo at 23:00Z on the 23rd-25th.
        string[] zones = ["Europe/Berlin", "America/New_York", "Asia/Tokyo"];
        var subscriptions = new List<Subscription>();
        for (var i = 0; i < 30; i++)
        {
            subscriptions.Add(await store.CreateAsync(
                new NewSubscription($"user{i}@contoso.com", $"conv-{i}", "0 8 * * *", zones[i % 3], DigestKind.ForecastDigest), Token));
        }

        var sender = new RecordingSender();
        var composedByA = 0;
        CancellationTokenSource? crashA = null;

        // Instance A "crashes" on every fourth digest it composes: its pass stops right after the claim.
        var contentA = new FixedContent(_ =>
        {
            if (++composedByA % 4 == 0)
            {
                crashA!.Cancel();
                crashA.Token.ThrowIfCancellationRequested();
            }
        });
        var runnerA = Runner(state, time, store, "instance-a", contentA);
        var runnerB = Runner(state, time, store, "instance-b", new FixedContent());

        var crashes = 0;
        for (var tick = 0; time.GetUtcNow() < Start.AddDays(3); tick++)
        {
            time.Advance(TimeSpan.FromMinutes(15));
            crashA = CancellationTokenSource.CreateLinkedTokenSource(Token);
            var now = time.GetUtcNow();

            // On two ticks in three A starts alone (so it surely claims and crashes); on the third both race. The slots fall on
            // ticks 3, 43 and 75 of each 96, so the New York and Berlin slots meet A alone and the Tokyo slots a race.
            var passA = Task.Run(() => runnerA.RunDueAsync(now, sender, crashA.Token), Token);
            if (tick % 3 != 1)
            {
                crashes += await CrashedAsync(passA);
            }

            var passB = Task.Run(() => runnerB.RunDueAsync(now, sender, Token), Token);
            if (tick % 3 == 1)
            {
                crashes += await CrashedAsync(passA);
            }

            await passB;
            crashA.Dispose();
        }

        var delivered = sender.Posted.Select(m => (m.Subscription.Id, Slot: m.Slot.ToUniversalTime())).ToList();
        Assert.True(crashes > 0, "the test must inject at least one crash");
        Assert.Equal(delivered.Count, delivered.Distinct().Count());
        Assert.All(subscriptions, s => Assert.Equal(3, delivered.Count(d => d.Id == s.Id)));
        Assert.All(delivered.Where(d => subscriptions.First(s => s.Id == d.Id).TimeZone == "Europe/Berlin"),
            d => Assert.Equal(new TimeOnly(7, 0), TimeOnly.FromDateTime(d.Slot.UtcDateTime)));
        var ledger = new DeliveryLedger(new DigestTables(state.Database), time, "auditor", Lease);
        var rows = await ledger.ListAsync(null, null, Token);
        Assert.Equal(90, rows.Count);
        Assert.All(rows, r => Assert.Equal(DeliveryStatus.Sent, r.Status));
        Assert.Contains(rows, r => r.Attempts > 1);
    }

    private static async Task<int> CrashedAsync(Task pass)
    {
        try
        {
            await pass;
            return 0;
        }
        catch (OperationCanceledException) when (!Token.IsCancellationRequested)
        {
            return 1;
        }
    }

    private static DigestRunner Runner(TestAppState state, TimeProvider time, SubscriptionStore store, string instance, IDigestContentSource content) =>
        new(store, new DeliveryLedger(new DigestTables(state.Database), time, instance, Lease), content, DigestRunOptions.Default, NullLogger<DigestRunner>.Instance);
}

public sealed class SqliteTwoInstanceDeliveryTests : TwoInstanceDeliveryTests
{
    protected override Task<TestAppState> CreateStateAsync() => Task.FromResult(TestAppState.Sqlite());
}

public sealed class PostgresTwoInstanceDeliveryTests(PostgresServer postgres) : TwoInstanceDeliveryTests
{
    protected override Task<TestAppState> CreateStateAsync() => TestAppState.PostgresAsync(postgres, TestContext.Current.CancellationToken);
}
