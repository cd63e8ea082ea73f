using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SalesOpsBot.Conversation.Answers;
using SalesOpsBot.Digests.Content;
using SalesOpsBot.Digests.Delivery;
using SalesOpsBot.Digests.Storage;
using SalesOpsBot.Digests.Subscriptions;

namespace SalesOpsBot.Digests.Tests.Delivery;

public sealed class DigestRunnerTests : IAsyncDisposable
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    // Monday 23 November 2026 08:00 in Berlin (CET) is 07:00Z.
    private static readonly DateTimeOffset MondaySlot = new(2026, 11, 23, 7, 0, 0, TimeSpan.Zero);

    private readonly TestAppState _state = TestAppState.Sqlite();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 10, 30, 0, 0, 0, TimeSpan.Zero));

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ADueSlotIsSentOnceAndTheNextPassSendsNothing()
    {
        var subscription = await SubscribeAsync();
        var sender = new RecordingSender();
        var runner = Runner("instance-a", new FixedContent());

        var early = await runner.RunDueAsync(MondaySlot.AddMinutes(-1), sender, Token);
        var first = await runner.RunDueAsync(MondaySlot.AddMinutes(1), sender, Token);
        var second = await runner.RunDueAsync(MondaySlot.AddMinutes(2), sender, Token);

        Assert.Equal(0, early.Sent);
        Assert.Equal(1, first.Sent);
        Assert.Equal(0, second.Sent + second.Due);
        var message = Assert.Single(sender.Posted);
        Assert.Equal((subscription.Id, MondaySlot), (message.Subscription.Id, message.Slot.ToUniversalTime()));
        Assert.Equal(DeliveryStatus.Sent, Assert.Single(await Ledger("x").ListAsync(subscription.Id, null, Token)).Status);
    }

    [Fact]
    public async Task ShuttingDownWhileComposingReleasesTheClaimSoAnotherInstanceSendsItWithoutWaitingForTheLease()
    {
        await SubscribeAsync();
        using var shutdown = new CancellationTokenSource();
        var stopping = new FixedContent(_ =>
        {
            shutdown.Cancel();
            shutdown.Token.ThrowIfCancellationRequested();
        });
        var sender = new RecordingSender();
        _time.SetUtcNow(MondaySlot.AddMinutes(1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Runner("instance-a", stopping).RunDueAsync(MondaySlot.AddMinutes(1), sender, shutdown.Token));
        _time.Advance(TimeSpan.FromSeconds(1)); // far inside the 2-minute lease
        var other = await Runner("instance-b", new FixedContent()).RunDueAsync(MondaySlot.AddMinutes(1).AddSeconds(1), sender, Token);

        Assert.Equal((1, 1), (other.Recovered, other.Sent));
        Assert.Single(sender.Posted);
    }

    [Fact]
    public async Task OnceStoppingIsSignalledNoSlotIsClaimed()
    {
        await SubscribeAsync();
        var sender = new RecordingSender();
        _time.SetUtcNow(MondaySlot.AddMinutes(1));

        var summary = await Runner("instance-a", new FixedContent()).RunDueAsync(MondaySlot.AddMinutes(1), sender, Token, new CancellationToken(canceled: true));

        Assert.Equal(0, summary.Due);
        Assert.Empty(sender.Posted);
        Assert.Empty(await Ledger("x").ListAsync(null, null, Token));
    }

    [Fact]
    public async Task AfterDowntimeInsideTheGraceWindowTheMissedSlotIsSentOnce()
    {
        await SubscribeAsync(created: new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        var sender = new RecordingSender();

        // Down since 1 November: Mondays 2, 9, 16 and 23 passed; up again an hour after the last.
        var summary = await Runner("instance-a", new FixedContent()).RunDueAsync(MondaySlot.AddHours(1), sender, Token);

        Assert.Equal((1, 1), (summary.Due, summary.Sent));
        Assert.Equal(MondaySlot, Assert.Single(sender.Posted).Slot.ToUniversalTime());
    }

    [Fact]
    public async Task ASlotMissedBeyondTheGraceWindowIsSkippedAndTheNextOneIsSent()
    {
        var subscription = await SubscribeAsync();
        var sender = new RecordingSender();
        var runner = Runner("instance-a", new FixedContent());

        var late = await runner.RunDueAsync(MondaySlot.AddHours(27), sender, Token);
        var again = await runner.RunDueAsync(MondaySlot.AddHours(28), sender, Token);
        var nextWeek = await runner.RunDueAsync(MondaySlot.AddDays(7).AddMinutes(5), sender, Token);

        Assert.Equal((0, 1), (late.Sent, late.Skipped));
        Assert.Equal(0, again.Skipped + again.Sent);
        Assert.Equal(1, nextWeek.Sent);
        Assert.Equal(MondaySlot.AddDays(7), Assert.Single(sender.Posted).Slot.ToUniversalTime());
        var rows = await Ledger("x").ListAsync(subscription.Id, null, Token);
        Assert.Equal([DeliveryStatus.Skipped, DeliveryStatus.Sent], rows.Select(r => r.Status));
    }

    [Theory]
    [InlineData(403)]
    [InlineData(404)]
    public async Task ARecipientTheChannelCannotReachIsDeactivated(int status)
    {
        var subscription = await SubscribeAsync();
        var sender = new RecordingSender(_ => new SendResult(SendOutcome.Failed, status, Detail: "ConversationBlockedByUser"));

        var summary = await Runner("instance-a", new FixedContent()).RunDueAsync(MondaySlot.AddMinutes(1), sender, Token);

        Assert.Equal((1, 1), (summary.Failed, summary.Deactivated));
        var stored = await new SubscriptionStore(_state.Database, _time).GetAsync(subscription.Id, Token);
        Assert.False(stored!.IsActive);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), stored.DeactivationReason, StringComparison.Ordinal);
        Assert.Equal(0, (await Runner("instance-a", new FixedContent()).RunDueAsync(MondaySlot.AddDays(7).AddMinutes(1), sender, Token)).Due);
    }

    [Fact]
    public async Task AThrottledSendIsRecordedAsFailedWithoutDeactivating()
    {
        var subscription = await SubscribeAsync();
        var sender = new RecordingSender(_ => new SendResult(SendOutcome.Failed, 429, Detail: "retry budget spent"));

        var summary = await Runner("instance-a", new FixedContent()).RunDueAsync(MondaySlot.AddMinutes(1), sender, Token);

        Assert.Equal((1, 0), (summary.Failed, summary.Deactivated));
        Assert.True((await new SubscriptionStore(_state.Database, _time).GetAsync(subscription.Id, Token))!.IsActive);
    }

    [Fact]
    public async Task ASendThatTimesOutIsFlaggedUncertainAndNotResent()
    {
        var subscription = await SubscribeAsync();
        var calls = 0;
        var sender = new RecordingSender(_ => ++calls == 1 ? throw new TimeoutException("no answer in 30 s") : SendResult.Delivered("a"));
        var runner = Runner("instance-a", new FixedContent());

        var first = await runner.RunDueAsync(MondaySlot.AddMinutes(1), sender, Token);
        _time.Advance(TimeSpan.FromHours(1));
        var later = await runner.RunDueAsync(MondaySlot.AddHours(1), sender, Token);

        Assert.Equal(1, first.Uncertain);
        Assert.Equal(0, later.Sent + later.Recovered);
        Assert.Equal(1, calls);
        var row = Assert.Single(await Ledger("x").ListAsync(subscription.Id, null, Token));
        Assert.Equal(DeliveryStatus.Uncertain, row.Status);
        Assert.Contains("TimeoutException", row.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AClaimLeftByACrashedInstanceIsDeliveredByAnotherOnceTheLeaseExpires()
    {
        var subscription = await SubscribeAsync();
        _time.SetUtcNow(MondaySlot.AddMinutes(1));
        Assert.NotNull(await Ledger("instance-a").TryClaimAsync(subscription.Id, MondaySlot, Token));
        var sender = new RecordingSender();
        var survivor = Runner("instance-b", new FixedContent());

        var whileLeased = await survivor.RunDueAsync(_time.GetUtcNow(), sender, Token);
        _time.Advance(Lease + TimeSpan.FromSeconds(1));
        var afterLease = await survivor.RunDueAsync(_time.GetUtcNow(), sender, Token);

        Assert.Equal(0, whileLeased.Sent);
        Assert.Equal((1, 1), (afterLease.Recovered, afterLease.Sent));
        Assert.Single(sender.Posted);
        var row = Assert.Single(await Ledger("x").ListAsync(subscription.Id, null, Token));
        Assert.Equal((DeliveryStatus.Sent, "instance-b", 2), (row.Status, row.OwnerInstance, row.Attempts));
    }

    [Fact]
    public async Task TheDigestIsComposedWithThePreviousSentSlot()
    {
        await SubscribeAsync();
        var content = new FixedContent();
        var runner = Runner("instance-a", content);

        await runner.RunDueAsync(MondaySlot.AddMinutes(1), new RecordingSender(), Token);
        await runner.RunDueAsync(MondaySlot.AddDays(7).AddMinutes(1), new RecordingSender(), Token);

        Assert.Equal([null, MondaySlot], content.Composed.Select(c => c.PreviousSlot?.ToUniversalTime()));
    }

    [Fact]
    public async Task WhenNoAlertFiredNothingIsSentAndTheSlotIsSettled()
    {
        var subscription = await SubscribeAsync();
        var sender = new RecordingSender();
        var runner = Runner("instance-a", new NothingToSay());

        var summary = await runner.RunDueAsync(MondaySlot.AddMinutes(1), sender, Token);
        var again = await runner.RunDueAsync(MondaySlot.AddMinutes(2), sender, Token);

        Assert.Equal((0, 1), (summary.Sent, summary.Skipped));
        Assert.Equal(0, again.Due);
        Assert.Empty(sender.Posted);
        Assert.Equal("nothing to report", Assert.Single(await Ledger("x").ListAsync(subscription.Id, DeliveryStatus.Skipped, Token)).Detail);
    }

    [Fact]
    public async Task ADigestThatCannotBeComposedIsRetriedAfterTheLeaseAndSentOnceItCan()
    {
        var subscription = await SubscribeAsync();
        _time.SetUtcNow(MondaySlot.AddMinutes(1));
        var outages = 2;
        var runner = Runner("instance-a", new FixedContent(_ =>
        {
            if (outages-- > 0)
            {
                throw new TimeoutException("warehouse unavailable");
            }
        }));
        var sender = new RecordingSender();

        var passes = new List<DigestRunSummary>();
        for (var pass = 0; pass < 3; pass++)
        {
            passes.Add(await runner.RunDueAsync(_time.GetUtcNow(), sender, Token));
            _time.Advance(Lease + TimeSpan.FromSeconds(1));
        }

        Assert.Equal([1, 1, 0], passes.Select(p => p.Retrying));
        Assert.Equal([0, 0, 1], passes.Select(p => p.Sent));
        Assert.Single(sender.Posted);
        var row = Assert.Single(await Ledger("x").ListAsync(subscription.Id, null, Token));
        Assert.Equal((DeliveryStatus.Sent, 3), (row.Status, row.Attempts));
    }

    [Fact]
    public async Task ADigestThatNeverComposesFailsAfterTheLastAttempt()
    {
        var subscription = await SubscribeAsync();
        _time.SetUtcNow(MondaySlot.AddMinutes(1));
        var runner = Runner("instance-a", new FixedContent(_ => throw new InvalidOperationException("bad territory")));

        for (var pass = 0; pass < 5; pass++)
        {
            await runner.RunDueAsync(_time.GetUtcNow(), new RecordingSender(), Token);
            _time.Advance(Lease + TimeSpan.FromSeconds(1));
        }

        var row = Assert.Single(await Ledger("x").ListAsync(subscription.Id, null, Token));
        Assert.Equal((DeliveryStatus.Failed, 3), (row.Status, row.Attempts));
        Assert.Contains("bad territory", row.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AlertsStartTheirCooldownOnlyWhenTheChannelAcceptedThem()
    {
        var subscription = await SubscribeAsync();
        var cooldown = new AlertCooldown(new DigestTables(_state.Database), _time, TimeSpan.FromDays(3));
        var content = new AlertContent();
        var refusing = new RecordingSender(_ => new SendResult(SendOutcome.Failed, 429, Detail: "throttled"));
        var runner = new DigestRunner(new SubscriptionStore(_state.Database, _time), Ledger("instance-a"), content, DigestRunOptions.Default,
            NullLogger<DigestRunner>.Instance, cooldown);

        await runner.RunDueAsync(MondaySlot.AddMinutes(1), refusing, Token);
        var afterRefusal = await cooldown.CoolingDownAsync(subscription.Id, Token);
        await runner.RunDueAsync(MondaySlot.AddDays(7).AddMinutes(1), new RecordingSender(), Token);
        var afterSend = await cooldown.CoolingDownAsync(subscription.Id, Token);

        Assert.Empty(afterRefusal);
        Assert.Equal(["low_coverage"], afterSend);
    }

    public ValueTask DisposeAsync() => _state.DisposeAsync();

    private sealed class AlertContent : IDigestContentSource
    {
        public Task<DigestContent?> ComposeAsync(Subscription subscription, DateTimeOffset slot, DateTimeOffset? previousSlot, CancellationToken cancellationToken) =>
            Task.FromResult<DigestContent?>(new DigestContent(new AnswerDocument { Question = "alerts", Intent = "alerts" }, "coverage low") { AlertKeys = ["low_coverage"] });
    }

    private sealed class NothingToSay : IDigestContentSource
    {
        public Task<DigestContent?> ComposeAsync(Subscription subscription, DateTimeOffset slot, DateTimeOffset? previousSlot, CancellationToken cancellationToken) =>
            Task.FromResult<DigestContent?>(null);
    }

    private async Task<Subscription> SubscribeAsync(DateTimeOffset? created = null)
    {
        _time.SetUtcNow(created ?? new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero));

        return await new SubscriptionStore(_state.Database, _time).CreateAsync(
            new NewSubscription("anna@contoso.com", "conv-a", "0 8 * * 1", "Europe/Berlin", DigestKind.ForecastDigest, "T-EMEA"), Token);
    }

    private DeliveryLedger Ledger(string instance) => new(new DigestTables(_state.Database), _time, instance, Lease);

    private DigestRunner Runner(string instance, IDigestContentSource content) =>
        new(new SubscriptionStore(_state.Database, _time), Ledger(instance), content, DigestRunOptions.Default, NullLogger<DigestRunner>.Instance);
}
