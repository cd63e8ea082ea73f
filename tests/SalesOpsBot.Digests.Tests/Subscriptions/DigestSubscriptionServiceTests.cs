using Microsoft.Extensions.Time.Testing;
using SalesOpsBot.Conversation.Assistant;
using SalesOpsBot.Conversation.Routing;
using SalesOpsBot.Conversation.State;
using SalesOpsBot.Digests.Subscriptions;

namespace SalesOpsBot.Digests.Tests.Subscriptions;

public sealed class DigestSubscriptionServiceTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"salesops-subscriptions-{Guid.NewGuid():N}.db");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ChatCreatesListsAndStopsTheCallersDigests()
    {
        var store = new SubscriptionStore(new AppStateDatabase(AppStateKind.Sqlite, $"Data Source={_file};Pooling=false"), new FakeTimeProvider());
        var service = new DigestSubscriptionService(store);
        var monday = new SubscriptionRequest(SubscriptionAction.Create, Topic: Conversation.Answers.Intents.Forecast, Cron: "0 8 * * 1",
            TimeOfDay: new TimeOnly(8, 0), Frequency: "weekly", Days: [DayOfWeek.Monday]);

        var created = await service.HandleAsync(new SubscriptionCommand(monday, "Sophie.Laurent@example.com", "conv-1", "T-EMEA", "Europe/Paris", "EMEA"), Token);
        var listed = await service.HandleAsync(new SubscriptionCommand(new SubscriptionRequest(SubscriptionAction.List), "sophie.laurent@example.com", "conv-1", null, null), Token);
        var othersList = await service.HandleAsync(new SubscriptionCommand(new SubscriptionRequest(SubscriptionAction.List), "alex.morgan@example.com", "conv-2", null, null), Token);
        var stopped = await service.HandleAsync(new SubscriptionCommand(new SubscriptionRequest(SubscriptionAction.Cancel), "sophie.laurent@example.com", "conv-1", null, null), Token);

        Assert.StartsWith("Done: the forecast digest for EMEA on schedule \"0 8 * * 1\" (Europe/Paris)", created, StringComparison.Ordinal);
        Assert.Contains("(Europe/Paris)", listed, StringComparison.Ordinal);
        Assert.StartsWith("You have no scheduled digests", othersList, StringComparison.Ordinal);
        Assert.Equal("Stopped 1 digest.", stopped);
        Assert.DoesNotContain(await store.ListAsync("sophie.laurent@example.com", Token), s => s.IsActive);
    }

    public void Dispose() => File.Delete(_file);
}
