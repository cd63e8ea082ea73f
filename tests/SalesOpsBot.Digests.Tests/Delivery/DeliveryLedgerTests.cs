using Microsoft.Extensions.Time.Testing;
using SalesOpsBot.Digests.Delivery;
using SalesOpsBot.Digests.Storage;
using SalesOpsBot.TestKit;

namespace SalesOpsBot.Digests.Tests.Delivery;

/// <summary>The ledger's guarantees, run on SQLite (the embedded default) and on PostgreSQL (several instances).</summary>
public abstract class DeliveryLedgerTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private static readonly DateTimeOffset Slot = new(2026, 11, 23, 7, 0, 0, TimeSpan.Zero);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    protected abstract Task<TestAppState> CreateStateAsync();

    [Fact]
    public async Task OnlyTheFirstInstanceClaimsASlot()
    {
        await using var state = await CreateStateAsync();
        var time = new FakeTimeProvider(Slot);
        var (a, b) = Instances(state, time);

        var first = await a.TryClaimAsync("sub-1", Slot, Token);
        var second = await b.TryClaimAsync("sub-1", Slot, Token);

        Assert.NotNull(first);
        Assert.Equal(1, first.Attempt);
        Assert.Null(second);
        Assert.NotNull(await b.TryClaimAsync("sub-1", Slot.AddDays(7), Token));
    }

    [Fact]
    public async Task AClaimWhoseOwnerCrashedBeforeSendingIsTakenOverOnlyAfterTheLeaseExpires()
    {
        await using var state = await CreateStateAsync();
        var time = new FakeTimeProvider(Slot);
        var (a, b) = Instances(state, time);
        var crashed = await a.TryClaimAsync("sub-1", Slot, Token);

        time.Advance(Lease - TimeSpan.FromSeconds(1));
        Assert.Null(await b.TryClaimAsync("sub-1", Slot, Token));
        time.Advance(TimeSpan.FromSeconds(2));
        var takeover = await b.TryClaimAsync("sub-1", Slot, Token);

        Assert.NotNull(takeover);
        Assert.Equal(2, takeover.Attempt);
        Assert.False(await a.MarkSendingAsync(crashed!, Token));
        Assert.False(await a.CompleteAsync(crashed!, DeliveryStatus.Sent, "stale", null, Token));
        Assert.True(await b.MarkSendingAsync(takeover, Token));
        Assert.True(await b.CompleteAsync(takeover, DeliveryStatus.Sent, "activity-1", null, Token));
        var row = Assert.Single(await b.ListAsync("sub-1", null, Token));
        Assert.Equal((DeliveryStatus.Sent, "instance-b", "activity-1"), (row.Status, row.OwnerInstance, row.ActivityId));
    }

    [Fact]
    public async Task AClaimReleasedAtShutdownIsTakenOverAtOnceButASendInFlightIsNeverReleased()
    {
        await using var state = await CreateStateAsync();
        var time = new FakeTimeProvider(Slot);
        var (a, b) = Instances(state, time);
        var released = await a.TryClaimAsync("sub-1", Slot, Token);
        var sending = await a.TryClaimAsync("sub-2", Slot, Token);
        Assert.True(await a.MarkSendingAsync(sending!, Token));

        Assert.True(await a.ReleaseAsync(released!, Token));
        Assert.False(await a.ReleaseAsync(sending!, Token));
        time.Advance(TimeSpan.FromMilliseconds(1));
        var takeover = await b.TryClaimAsync("sub-1", Slot, Token); // well within the 2-minute lease

        Assert.NotNull(takeover);
        Assert.Equal(2, takeover.Attempt);
        Assert.Null(await b.TryClaimAsync("sub-2", Slot, Token));
        Assert.False(await a.MarkSendingAsync(released!, Token));
    }

    [Fact]
    public async Task AnOwnerThatStoppedWhileSendingIsFlaggedUncertainAndNeverClaimedAgain()
    {
        await using var state = await CreateStateAsync();
        var time = new FakeTimeProvider(Slot);
        var (a, b) = Instances(state, time);
        var claim = await a.TryClaimAsync("sub-1", Slot, Token);
        Assert.True(await a.MarkSendingAsync(claim!, Token));

        time.Advance(Lease / 2);
        Assert.Empty(await b.FlagAbandonedSendsAsync(Token));
        time.Advance(Lease);
        var flagged = await b.FlagAbandonedSendsAsync(Token);

        Assert.Equal(DeliveryStatus.Uncertain, Assert.Single(flagged).Status);
        Assert.Null(await b.TryClaimAsync("sub-1", Slot, Token));
        Assert.Empty(await b.ExpiredClaimsAsync(Token));
        Assert.Single(await b.ListAsync(null, DeliveryStatus.Uncertain, Token));
    }

    [Fact]
    public async Task TheOwnersRealOutcomeReplacesAnUncertainFlagSetWhileItWasSlow()
    {
        await using var state = await CreateStateAsync();
        var time = new FakeTimeProvider(Slot);
        var (a, b) = Instances(state, time);
        var claim = await a.TryClaimAsync("sub-1", Slot, Token);
        await a.MarkSendingAsync(claim!, Token);
        time.Advance(Lease * 2);
        await b.FlagAbandonedSendsAsync(Token);

        Assert.True(await a.CompleteAsync(claim!, DeliveryStatus.Sent, "activity-1", null, Token));
        Assert.Equal(DeliveryStatus.Sent, Assert.Single(await a.ListAsync("sub-1", null, Token)).Status);
    }

    [Fact]
    public async Task ASettledSlotCannotBeClaimedAgainEvenAfterItsLeaseExpired()
    {
        await using var state = await CreateStateAsync();
        var time = new FakeTimeProvider(Slot);
        var (a, b) = Instances(state, time);
        var claim = await a.TryClaimAsync("sub-1", Slot, Token);
        await a.CompleteAsync(claim!, DeliveryStatus.Failed, null, "413", Token);
        time.Advance(Lease * 3);

        Assert.Null(await b.TryClaimAsync("sub-1", Slot, Token));
        Assert.False(await b.RecordSkippedAsync("sub-1", Slot, "late", Token));
    }

    [Fact]
    public async Task TwoInstancesRacingOverManySlotsClaimEachExactlyOnce()
    {
        await using var state = await CreateStateAsync();
        var time = new FakeTimeProvider(Slot);
        var (a, b) = Instances(state, time);
        var work = (from sub in Enumerable.Range(1, 20) from week in Enumerable.Range(0, 15) select ($"sub-{sub}", Slot.AddDays(7 * week))).ToList();

        async Task<List<DeliveryClaim>> ClaimAll(DeliveryLedger ledger, IEnumerable<(string, DateTimeOffset)> order)
        {
            var won = new List<DeliveryClaim>();
            foreach (var (sub, slot) in order)
            {
                if (await ledger.TryClaimAsync(sub, slot, Token) is { } claim)
                {
                    won.Add(claim);
                }
            }

            return won;
        }

        // Opposite orders make the instances collide over the whole list instead of one trailing the other.
        var results = await Task.WhenAll(Task.Run(() => ClaimAll(a, work), Token), Task.Run(() => ClaimAll(b, Enumerable.Reverse(work)), Token));

        var claimed = results.SelectMany(r => r).Select(c => (c.SubscriptionId, c.Slot)).ToList();
        Assert.Equal(work.Count, claimed.Count);
        Assert.Equal(work.Count, claimed.Distinct().Count());
        Assert.Equal(work.Count, (await a.ListAsync(null, DeliveryStatus.Claimed, Token)).Count);
    }

    private static (DeliveryLedger A, DeliveryLedger B) Instances(TestAppState state, TimeProvider time) =>
        (new DeliveryLedger(new DigestTables(state.Database), time, "instance-a", Lease),
         new DeliveryLedger(new DigestTables(state.Database), time, "instance-b", Lease));
}

public sealed class SqliteDeliveryLedgerTests : DeliveryLedgerTests
{
    protected override Task<TestAppState> CreateStateAsync() => Task.FromResult(TestAppState.Sqlite());
}

public sealed class PostgresDeliveryLedgerTests(PostgresServer postgres) : DeliveryLedgerTests
{
    protected override Task<TestAppState> CreateStateAsync() => TestAppState.PostgresAsync(postgres, TestContext.Current.CancellationToken);
}
