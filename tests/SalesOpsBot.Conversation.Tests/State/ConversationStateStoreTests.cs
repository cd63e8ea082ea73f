using Microsoft.Extensions.Time.Testing;
using SalesOpsBot.Conversation.Routing;
using SalesOpsBot.Conversation.State;
using SalesOpsBot.TestKit;

namespace SalesOpsBot.Conversation.Tests.State;

/// <summary>The app-state conversation table on a real PostgreSQL server, and on SQL Server when one is configured.</summary>
public sealed class ConversationStateStoreTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PostgresKeepsFollowUpStateAcrossInstancesAndExpiresIt()
    {
        var database = AppStateDatabase.Parse("postgres:" + await postgres.CreateDatabaseAsync(Token));
        await AssertBehavesAsync(database);
    }

    [Fact]
    public async Task SqlServerKeepsFollowUpStateWhenConfigured()
    {
        var server = Environment.GetEnvironmentVariable(TestWarehouse.SqlServerVariable);
        Assert.SkipWhen(string.IsNullOrWhiteSpace(server), $"No SQL Server here: set {TestWarehouse.SqlServerVariable} to run this test.");
        await AssertBehavesAsync(AppStateDatabase.Parse("sqlserver:" + server));
    }

    [Theory]
    [InlineData("Data Source=state.db", AppStateKind.Sqlite, "Data Source=state.db")]
    [InlineData("sqlite:Data Source=x.db", AppStateKind.Sqlite, "Data Source=x.db")]
    [InlineData("postgres:Host=db;Database=state", AppStateKind.Postgres, "Host=db;Database=state")]
    [InlineData("SQLSERVER:Server=db;Database=state", AppStateKind.SqlServer, "Server=db;Database=state")]
    public void ParsesTheStoreKindFromItsPrefix(string text, AppStateKind kind, string connectionString) =>
        Assert.Equal(new AppStateDatabase(kind, connectionString), AppStateDatabase.Parse(text));

    private static async Task AssertBehavesAsync(AppStateDatabase database)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 15, 9, 0, 0, TimeSpan.Zero));
        var first = new ConversationStateStore(database, time, TimeSpan.FromHours(8));
        var second = new ConversationStateStore(database, time, TimeSpan.FromHours(8));
        var emea = new RoutingContext { Intent = "explain_attainment", TerritoryId = "T-EMEA" };
        var apac = emea with { TerritoryId = "T-APAC" };

        await first.SaveAsync("conv-1", "Sophie.Laurent@example.com", emea, Token);
        await second.SaveAsync("conv-1", "sophie.laurent@example.com", apac, Token);

        // One row per conversation and principal (case-insensitive), shared by every instance; the later save wins.
        Assert.Equal("T-APAC", (await first.LoadAsync("conv-1", "SOPHIE.LAURENT@example.com", Token))?.TerritoryId);
        Assert.Null(await first.LoadAsync("conv-1", "alex.morgan@example.com", Token));
        Assert.Null(await first.LoadAsync("conv-2", "sophie.laurent@example.com", Token));
        time.Advance(TimeSpan.FromHours(8) + TimeSpan.FromSeconds(1));
        Assert.Null(await second.LoadAsync("conv-1", "sophie.laurent@example.com", Token));
    }
}
