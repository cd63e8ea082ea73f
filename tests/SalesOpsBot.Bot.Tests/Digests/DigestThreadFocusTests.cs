using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Bot.Digests;
using SalesOpsBot.Conversation.Answers;
using SalesOpsBot.Conversation.Assistant;
using SalesOpsBot.Conversation.Routing;
using SalesOpsBot.Conversation.State;
using SalesOpsBot.Digests.Delivery;
using SalesOpsBot.Digests.Subscriptions;
using SalesOpsBot.Warehouse.Connections;
using SalesOpsBot.Warehouse.Querying;
using SalesOpsBot.Warehouse.Seeding;

namespace SalesOpsBot.Bot.Tests.Digests;

/// <summary>Replying in a digest's conversation continues in the digest's scope.</summary>
public sealed class DigestThreadFocusTests : IAsyncLifetime
{
    private const string Dach = "T-EMEA-DACH";

    private static readonly DateOnly AsOf = new(2026, 11, 15);
    private readonly string _warehouse = Path.Combine(Path.GetTempPath(), $"salesops-digest-focus-{Guid.NewGuid():N}.duckdb");
    private readonly string _state = Path.Combine(Path.GetTempPath(), $"salesops-digest-focus-{Guid.NewGuid():N}.db");
    private IWarehouseConnectionFactory _connections = null!;

    public async ValueTask InitializeAsync()
    {
        var location = new WarehouseLocation(WarehouseDialect.DuckDb, _warehouse);
        await DemoWarehouse.SeedAsync(location, new SeedOptions(5_000, SeedOptions.DefaultSeed, AsOf), null, CancellationToken.None);
        _connections = WarehouseConnectionFactory.Create(location);
    }

    public async ValueTask DisposeAsync()
    {
        await ((IAsyncDisposable)_connections).DisposeAsync();
        File.Delete(_warehouse);
        File.Delete(_state);
    }

    [Fact]
    public async Task WhyAfterADachDigestAnswersAboutDach()
    {
        var token = TestContext.Current.CancellationToken;
        var state = new SqliteConversationStateStore($"Data Source={_state};Pooling=false", TimeProvider.System, TimeSpan.FromHours(8));
        var assistant = new SalesAssistant(new SqlRunner(_connections), new FiscalCalendar(1), state, VocabularyLoader.LoadAliases(null), new QuestionRouter());
        var subscription = new Subscription("sub-dach", DemoPrincipals.EmeaLeader, "conv-digest", "0 8 * * 1", "Europe/Berlin", DigestKind.ForecastDigest,
            Dach, true, DateTimeOffset.UnixEpoch);
        var digest = new AnswerDocument { Question = "DACH forecast digest", Intent = "digest", Scope = new AnswerScope { Territory = Dach } };
        var message = new DigestMessage(subscription, new DateTimeOffset(2026, 11, 16, 7, 0, 0, TimeSpan.Zero), digest, "");

        // Without the digest's focus the EMEA leader's "why?" has nothing to continue; with it, it is about DACH.
        await state.SaveAsync("conv-digest", DemoPrincipals.EmeaLeader, ConnectorDigestSender.FocusAfter(message, null), token);
        var answer = await assistant.AnswerAsync(new AssistantTurn("why?", DemoPrincipals.EmeaLeader, "conv-digest", AsOf), token);

        Assert.Equal("DACH", answer.Scope.Territory); // answers name the territory
        Assert.Contains("DACH", answer.Answer, StringComparison.Ordinal);
    }
}
