using SalesOpsBot.Bot.State;
using SalesOpsBot.Conversation.State;
using SalesOpsBot.TestKit;

namespace SalesOpsBot.Bot.Tests.State;

/// <summary>The same behaviour on every app-state database the bot supports.</summary>
public abstract class ConversationReferenceStoreTests
{
    protected abstract Task<AppStateDatabase> DatabaseAsync(CancellationToken cancellationToken);

    private static ConversationReference Reference(string serviceUrl = "https://smba.trafficmanager.net/emea/") => new()
    {
        ConversationId = "a:1",
        ChannelId = "msteams",
        ServiceUrl = serviceUrl,
        TenantId = "tenant-1",
        ConversationType = "personal",
        UserId = "29:user",
        UserAadObjectId = "aad-1",
    };

    private async Task<ConversationReferenceStore> StoreAsync(CancellationToken cancellationToken) =>
        new(await DatabaseAsync(cancellationToken), TimeProvider.System);

    [Fact]
    public async Task AStoredReferenceReadsBackAndTheServiceUrlIsRefreshed()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var store = await StoreAsync(cancellationToken);
        await store.UpsertAsync(Reference(), cancellationToken);
        await store.UpsertAsync(Reference("https://smba.trafficmanager.net/amer/") with { UserAadObjectId = null }, cancellationToken);

        var stored = await store.GetAsync("a:1", cancellationToken);

        Assert.NotNull(stored);
        Assert.Equal("https://smba.trafficmanager.net/amer/", stored.ServiceUrl);
        Assert.Equal("aad-1", stored.UserAadObjectId);
        Assert.Equal("tenant-1", stored.TenantId);
        Assert.True(stored.IsActive);
        Assert.InRange(stored.UpdatedAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
    }

    [Fact]
    public async Task ADeactivatedReferenceIsNotListedUntilTheUserWritesAgain()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var store = await StoreAsync(cancellationToken);
        await store.UpsertAsync(Reference(), cancellationToken);
        await store.UpsertAsync(Reference() with { ConversationId = "a:2" }, cancellationToken);

        await store.DeactivateAsync("a:1", "403 ConversationBlockedByUser", cancellationToken);
        var whileBlocked = await store.ListActiveAsync(cancellationToken);
        var blocked = await store.GetAsync("a:1", cancellationToken);
        await store.UpsertAsync(Reference(), cancellationToken);
        var afterMessage = await store.ListActiveAsync(cancellationToken);

        Assert.Equal(["a:2"], whileBlocked.Select(r => r.ConversationId));
        Assert.False(blocked!.IsActive);
        Assert.Equal("403 ConversationBlockedByUser", blocked.DeactivationReason);
        Assert.Equal(["a:1", "a:2"], afterMessage.Select(r => r.ConversationId));
        Assert.Null((await store.GetAsync("a:1", cancellationToken))!.DeactivationReason);
    }

    [Fact]
    public async Task TheWelcomeIsRecordedOnce()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var store = await StoreAsync(cancellationToken);
        await store.UpsertAsync(Reference(), cancellationToken);
        var at = new DateTimeOffset(2026, 11, 30, 9, 15, 0, TimeSpan.Zero);

        var first = await store.TryMarkWelcomedAsync("a:1", at, cancellationToken);
        var second = await store.TryMarkWelcomedAsync("a:1", at.AddMinutes(1), cancellationToken);

        Assert.True(first);
        Assert.False(second);
        Assert.Equal(at, (await store.GetAsync("a:1", cancellationToken))!.WelcomedAt);
    }

    [Fact]
    public async Task TwoStoresOnOneDatabaseSeeEachOthersReferencesAndWelcomeOnce()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var database = await DatabaseAsync(cancellationToken);
        var instanceA = new ConversationReferenceStore(database, TimeProvider.System);
        var instanceB = new ConversationReferenceStore(database, TimeProvider.System);
        await instanceA.UpsertAsync(Reference(), cancellationToken);

        var seenByB = await instanceB.GetAsync("a:1", cancellationToken);
        var welcomes = await Task.WhenAll(
            instanceA.TryMarkWelcomedAsync("a:1", DateTimeOffset.UtcNow, cancellationToken),
            instanceB.TryMarkWelcomedAsync("a:1", DateTimeOffset.UtcNow, cancellationToken));

        Assert.Equal("https://smba.trafficmanager.net/emea/", seenByB?.ServiceUrl);
        Assert.Equal(1, welcomes.Count(won => won));
    }

    [Fact]
    public async Task AnUnknownConversationHasNoReference()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var store = await StoreAsync(cancellationToken);

        Assert.Null(await store.GetAsync("never-seen", cancellationToken));
        Assert.Empty(await store.ListActiveAsync(cancellationToken));
    }
}

public sealed class SqliteConversationReferenceStoreTests : ConversationReferenceStoreTests, IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"salesopsbot-store-{Guid.NewGuid():N}.db");

    protected override Task<AppStateDatabase> DatabaseAsync(CancellationToken cancellationToken) =>
        Task.FromResult(AppStateDatabase.Parse($"sqlite:Data Source={_file};Pooling=false"));

    public void Dispose()
    {
        foreach (var file in new[] { _file, _file + "-wal", _file + "-shm" })
        {
            File.Delete(file);
        }
    }
}

public sealed class PostgresConversationReferenceStoreTests(PostgresServer postgres) : ConversationReferenceStoreTests
{
    protected override async Task<AppStateDatabase> DatabaseAsync(CancellationToken cancellationToken) =>
        AppStateDatabase.Parse("postgres:" + await postgres.CreateDatabaseAsync(cancellationToken));
}
