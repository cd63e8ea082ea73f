using Microsoft.Extensions.Time.Testing;
using SalesOpsBot.Digests.Subscriptions;
using SalesOpsBot.TestKit;

namespace SalesOpsBot.Digests.Tests.Subscriptions;

public abstract class SubscriptionStoreTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    protected abstract Task<TestAppState> CreateStateAsync();

    [Fact]
    public async Task ASubscriptionIsStoredWithItsConversationScheduleAndScope()
    {
        await using var state = await CreateStateAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 9, 15, 0, TimeSpan.Zero));
        var store = new SubscriptionStore(state.Database, time);

        var created = await store.CreateAsync(new NewSubscription("Anna.Vp@Contoso.com", "conv-1", "0 8 * * 1", "Europe/Berlin", DigestKind.ForecastDigest, "T-EMEA"), Token);
        var read = await store.GetAsync(created.Id, Token);

        Assert.Equal(created, read);
        Assert.Equal(("anna.vp@contoso.com", "conv-1", "T-EMEA", true), (read!.Principal, read.ConversationId, read.TerritoryId, read.IsActive));
        Assert.Equal(time.GetUtcNow(), read.CreatedAt);
    }

    [Fact]
    public async Task EachPrincipalListsOnlyTheirOwnActiveSubscriptions()
    {
        await using var state = await CreateStateAsync();
        var store = new SubscriptionStore(state.Database, TimeProvider.System);
        var anna = await store.CreateAsync(new NewSubscription("anna@contoso.com", "conv-a", "0 8 * * 1", "Europe/Berlin", DigestKind.ForecastDigest), Token);
        var annaAlerts = await store.CreateAsync(new NewSubscription("anna@contoso.com", "conv-a", "0 7 * * *", "Europe/Berlin", DigestKind.PipelineAlerts, "T-EMEA-DACH"), Token);
        await store.CreateAsync(new NewSubscription("bob@contoso.com", "conv-b", "0 8 * * 1", "America/New_York", DigestKind.ForecastDigest), Token);

        Assert.Equal(new[] { anna.Id, annaAlerts.Id }.Order(StringComparer.Ordinal), (await store.ListAsync("ANNA@contoso.com", Token)).Select(s => s.Id).Order(StringComparer.Ordinal));
        Assert.Equal(3, (await store.ListActiveAsync(Token)).Count);
    }

    [Fact]
    public async Task OnlyTheOwnerCanCancelASubscriptionAndOnlyOnce()
    {
        await using var state = await CreateStateAsync();
        var store = new SubscriptionStore(state.Database, TimeProvider.System);
        var anna = await store.CreateAsync(new NewSubscription("anna@contoso.com", "conv-a", "0 8 * * 1", "Europe/Berlin", DigestKind.ForecastDigest), Token);

        Assert.False(await store.CancelAsync(anna.Id, "bob@contoso.com", Token));
        Assert.True(await store.CancelAsync(anna.Id, "Anna@contoso.com", Token));
        Assert.False(await store.CancelAsync(anna.Id, "anna@contoso.com", Token));
        Assert.Empty(await store.ListAsync("anna@contoso.com", Token));
        Assert.Equal("cancelled by the subscriber", (await store.GetAsync(anna.Id, Token))!.DeactivationReason);
    }

    [Fact]
    public async Task AnUnreadableScheduleIsRejectedAndNothingIsStored()
    {
        await using var state = await CreateStateAsync();
        var store = new SubscriptionStore(state.Database, TimeProvider.System);

        await Assert.ThrowsAsync<ArgumentException>(() =>
            store.CreateAsync(new NewSubscription("anna@contoso.com", "conv-a", "0 8 * * 1", "Berlin", DigestKind.ForecastDigest), Token));
        Assert.Empty(await store.ListActiveAsync(Token));
    }
}

public sealed class SqliteSubscriptionStoreTests : SubscriptionStoreTests
{
    protected override Task<TestAppState> CreateStateAsync() => Task.FromResult(TestAppState.Sqlite());
}

public sealed class PostgresSubscriptionStoreTests(PostgresServer postgres) : SubscriptionStoreTests
{
    protected override Task<TestAppState> CreateStateAsync() => TestAppState.PostgresAsync(postgres, TestContext.Current.CancellationToken);
}
