using Microsoft.Extensions.Options;
using SalesOpsBot.Bot.Hosting;
using SalesOpsBot.Bot.State;

namespace SalesOpsBot.Bot.Tests.State;

public sealed class ConversationReferenceStoreTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"salesopsbot-store-{Guid.NewGuid():N}.db");
    private readonly SqliteConversationReferenceStore _store;

    public ConversationReferenceStoreTests() =>
        _store = new SqliteConversationReferenceStore(Options.Create(new BotOptions { StateConnectionString = $"Data Source={_file};Pooling=false" }), TimeProvider.System);

    public void Dispose()
    {
        _store.Dispose();
        foreach (var file in new[] { _file, _file + "-wal", _file + "-shm" })
        {
            File.Delete(file);
        }
    }

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

    [Fact]
    public async Task AStoredReferenceReadsBackAndTheServiceUrlIsRefreshed()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await _store.UpsertAsync(Reference(), cancellationToken);
        await _store.UpsertAsync(Reference("https://smba.trafficmanager.net/amer/") with { UserAadObjectId = null }, cancellationToken);

        var stored = await _store.GetAsync("a:1", cancellationToken);

        Assert.NotNull(stored);
        Assert.Equal("https://smba.trafficmanager.net/amer/", stored.ServiceUrl);
        Assert.Equal("aad-1", stored.UserAadObjectId);
        Assert.True(stored.IsActive);
    }

    [Fact]
    public async Task ADeactivatedReferenceIsNotListedUntilTheUserWritesAgain()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await _store.UpsertAsync(Reference(), cancellationToken);

        await _store.DeactivateAsync("a:1", "403 ConversationBlockedByUser", cancellationToken);
        var whileBlocked = await _store.ListActiveAsync(cancellationToken);
        var blocked = await _store.GetAsync("a:1", cancellationToken);
        await _store.UpsertAsync(Reference(), cancellationToken);
        var afterMessage = await _store.ListActiveAsync(cancellationToken);

        Assert.Empty(whileBlocked);
        Assert.Equal("403 ConversationBlockedByUser", blocked!.DeactivationReason);
        Assert.Single(afterMessage);
    }

    [Fact]
    public async Task TheWelcomeIsRecordedOnce()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await _store.UpsertAsync(Reference(), cancellationToken);

        var first = await _store.TryMarkWelcomedAsync("a:1", DateTimeOffset.UtcNow, cancellationToken);
        var second = await _store.TryMarkWelcomedAsync("a:1", DateTimeOffset.UtcNow, cancellationToken);

        Assert.True(first);
        Assert.False(second);
        Assert.NotNull((await _store.GetAsync("a:1", cancellationToken))!.WelcomedAt);
    }
}
