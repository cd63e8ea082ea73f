using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Conversation.Routing;
using SalesOpsBot.Conversation.State;

namespace SalesOpsBot.Conversation.Tests.State;

public sealed class SqliteConversationStateStoreTests : IDisposable
{
    private static readonly TimeSpan Expiry = TimeSpan.FromHours(8);

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"salesops-state-test-{Guid.NewGuid():N}.db");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 16, 9, 0, 0, TimeSpan.Zero));

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static RoutingContext EmeaQ3Enterprise => new()
    {
        Intent = "explain_attainment",
        TerritoryId = "T-EMEA",
        CompareWith = ["T-APAC"],
        CompareKind = VocabularyKinds.Territory,
        Filters = new RoutedFilters(Segment: "Enterprise", Type: "Renewal"),
        Period = new FiscalPeriod("FY2026 Q3", new DateOnly(2026, 7, 1), new DateOnly(2026, 9, 30), PeriodKind.Quarter),
        Baseline = "last_year",
        DealFlag = "slipped",
        Pending = new PendingClarification("rep", ["R-0010", "R-0052"], new RoutingContext { Intent = "rep_pipeline" }),
    };

    private SqliteConversationStateStore Store() => new($"Data Source={_path};Pooling=False", _time, Expiry);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }

    [Fact]
    public async Task ASavedContextLoadsBackWithEveryField()
    {
        await Store().SaveAsync("conv-1", "sophie.laurent@example.com", EmeaQ3Enterprise, Token);

        // A second store over the same file: the state outlives the process that wrote it.
        var loaded = await Store().LoadAsync("conv-1", "sophie.laurent@example.com", Token);

        Assert.NotNull(loaded);
        Assert.Equal("explain_attainment", loaded.Intent);
        Assert.Equal("T-EMEA", loaded.TerritoryId);
        Assert.Equal(["T-APAC"], loaded.CompareWith);
        Assert.Equal(VocabularyKinds.Territory, loaded.CompareKind);
        Assert.Equal(new RoutedFilters(Segment: "Enterprise", Type: "Renewal"), loaded.Filters);
        Assert.Equal(new FiscalPeriod("FY2026 Q3", new DateOnly(2026, 7, 1), new DateOnly(2026, 9, 30), PeriodKind.Quarter), loaded.Period);
        Assert.Equal("last_year", loaded.Baseline);
        Assert.Equal("slipped", loaded.DealFlag);
        Assert.Equal("rep", loaded.Pending?.Slot);
        Assert.Equal(["R-0010", "R-0052"], loaded.Pending?.OptionIds);
        Assert.Equal("rep_pipeline", loaded.Pending?.Question.Intent);
    }

    [Fact]
    public async Task NothingIsLoadedForAConversationNeverSaved()
    {
        Assert.Null(await Store().LoadAsync("never", "sophie.laurent@example.com", Token));
    }

    [Fact]
    public async Task AnotherUserInTheSameConversationDoesNotInheritTheContext()
    {
        var store = Store();
        await store.SaveAsync("team-channel", "sophie.laurent@example.com", EmeaQ3Enterprise, Token);

        Assert.Null(await store.LoadAsync("team-channel", "alex.morgan@example.com", Token));
        Assert.Null(await store.LoadAsync("other-channel", "sophie.laurent@example.com", Token));
    }

    [Fact]
    public async Task ThePrincipalIsComparedWithoutCase()
    {
        var store = Store();
        await store.SaveAsync("conv-1", "Sophie.Laurent@Example.com", EmeaQ3Enterprise, Token);

        Assert.Equal("T-EMEA", (await store.LoadAsync("conv-1", "sophie.laurent@example.com", Token))?.TerritoryId);
    }

    [Fact]
    public async Task TheLatestSaveReplacesTheEarlierOne()
    {
        var store = Store();
        await store.SaveAsync("conv-1", "sophie.laurent@example.com", EmeaQ3Enterprise, Token);
        await store.SaveAsync("conv-1", "sophie.laurent@example.com", new RoutingContext { Intent = "forecast", TerritoryId = "T-EMEA-DACH" }, Token);

        var loaded = await store.LoadAsync("conv-1", "sophie.laurent@example.com", Token);

        Assert.Equal("forecast", loaded?.Intent);
        Assert.Equal("T-EMEA-DACH", loaded?.TerritoryId);
        Assert.Null(loaded?.Period);
        Assert.True(loaded?.Filters.IsEmpty);
    }

    [Fact]
    public async Task AContextExpiresEightHoursAfterItWasSaved()
    {
        var store = Store();
        await store.SaveAsync("conv-1", "sophie.laurent@example.com", EmeaQ3Enterprise, Token);

        _time.Advance(Expiry);
        Assert.NotNull(await store.LoadAsync("conv-1", "sophie.laurent@example.com", Token));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await store.LoadAsync("conv-1", "sophie.laurent@example.com", Token));
    }

    [Fact]
    public async Task SavingAgainRestartsTheExpiry()
    {
        var store = Store();
        await store.SaveAsync("conv-1", "sophie.laurent@example.com", EmeaQ3Enterprise, Token);
        _time.Advance(TimeSpan.FromHours(6));
        await store.SaveAsync("conv-1", "sophie.laurent@example.com", EmeaQ3Enterprise with { TerritoryId = "T-APAC" }, Token);

        _time.Advance(TimeSpan.FromHours(6));

        Assert.Equal("T-APAC", (await store.LoadAsync("conv-1", "sophie.laurent@example.com", Token))?.TerritoryId);
    }

    [Fact]
    public async Task AnExpiredContextIsReplacedByTheNextSave()
    {
        var store = Store();
        await store.SaveAsync("conv-1", "sophie.laurent@example.com", EmeaQ3Enterprise, Token);
        _time.Advance(TimeSpan.FromDays(1));
        await store.SaveAsync("conv-1", "sophie.laurent@example.com", new RoutingContext { Intent = "pipeline" }, Token);

        Assert.Equal("pipeline", (await store.LoadAsync("conv-1", "sophie.laurent@example.com", Token))?.Intent);
    }
}
