using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SalesOpsBot.Bot.Connector;
using SalesOpsBot.Bot.Protocol;
using SalesOpsBot.Bot.Tests.Infrastructure;
using SalesOpsBot.Conversation.Answers;
using SalesOpsBot.TestKit;
using SalesOpsBot.Warehouse.Connections;
using SalesOpsBot.Warehouse.Seeding;

namespace SalesOpsBot.Bot.Tests.Operations;

/// <summary>
/// Two bot hosts (real Kestrel, separate WebApplications) behind one PostgreSQL app-state database, answering from one
/// demo warehouse through one fake connector: what one instance learns, the other uses.
/// </summary>
public sealed class TwoInstancesTests(PostgresServer postgres) : IAsyncLifetime
{
    private FakeChannel _channel = null!;
    private BotTestHost _instanceA = null!;
    private BotTestHost _instanceB = null!;
    private SeedSummary _seeded = null!;
    private readonly string _warehouse = Path.Combine(Path.GetTempPath(), $"salesops-two-{Guid.NewGuid():N}.duckdb");

    public async ValueTask InitializeAsync()
    {
        var token = TestContext.Current.CancellationToken;
        _seeded = await DemoWarehouse.SeedAsync(new WarehouseLocation(WarehouseDialect.DuckDb, _warehouse),
            new SeedOptions(SeedOptions.DefaultOpportunities, SeedOptions.DefaultSeed, DateOnly.FromDateTime(DateTime.Now)), null, token);
        var appState = "postgres:" + await postgres.CreateDatabaseAsync(token);
        _channel = await FakeChannel.StartAsync();
        var settings = new Dictionary<string, string>
        {
            ["Bot:StateConnectionString"] = appState,
            ["Warehouse:ConnectionString"] = $"duckdb:{_warehouse}",
        };
        _instanceA = await BotTestHost.StartAsync(answerer: null, _channel, settings);
        _instanceB = await BotTestHost.StartAsync(answerer: null, _channel, settings);
    }

    public async ValueTask DisposeAsync()
    {
        await _instanceA.DisposeAsync();
        await _instanceB.DisposeAsync();
        await _channel.DisposeAsync();
        File.Delete(_warehouse);
    }

    private string Token() => TestTokens.Create(_channel.EndorsedKey, _channel.ServiceUrl);

    /// <summary>A Teams message from the demo admin (the object id is the principal the access rules know).</summary>
    private Activity Ask(string text, string conversationId, string? id = null)
    {
        var message = SampleActivities.Message(_channel.ServiceUrl, text, id: id);
        return message with
        {
            From = message.From! with { AadObjectId = DemoPrincipals.Admin },
            Conversation = message.Conversation! with { Id = conversationId },
        };
    }

    private async Task<Activity> AnswerToAsync(BotTestHost instance, Activity question)
    {
        using var response = await instance.PostActivityAsync(question, Token());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = await _channel.WaitForCallAsync(call => call.Method == "POST" && call.Activity is { Type: ActivityTypes.Message } answer && answer.ReplyToId == question.Id,
            TimeSpan.FromSeconds(60));
        return reply.Activity!;
    }

    [Fact]
    public async Task AFollowUpOnTheOtherInstanceAnswersInTheContextOfTheFirstQuestion()
    {
        var quarter = _seeded.Stories.LastCompletedQuarter;

        var first = await AnswerToAsync(_instanceA, Ask("how did EMEA do last quarter?", "a:two-instances-1"));
        var followUp = await AnswerToAsync(_instanceB, Ask("why?", "a:two-instances-1"));
        var withoutContext = await AnswerToAsync(_instanceB, Ask("why?", "a:two-instances-fresh"));

        Assert.StartsWith($"EMEA · {quarter}", first.Text, StringComparison.Ordinal);
        // "why?" alone means nothing; on B it explains what A was asked about: EMEA in the same quarter.
        Assert.StartsWith($"EMEA · {quarter}", followUp.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("EMEA", withoutContext.Text ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnActivityDeliveredToBothInstancesIsAnsweredOnce()
    {
        var question = Ask("how did EMEA do last quarter?", "a:two-instances-duplicate", id: "redelivered-1");

        var responses = await Task.WhenAll(_instanceA.PostActivityAsync(question, Token()), _instanceB.PostActivityAsync(question, Token()));
        await _channel.WaitForCallAsync(call => call.Activity is { Type: ActivityTypes.Message } answer && answer.ReplyToId == "redelivered-1", TimeSpan.FromSeconds(60));
        // Give a second answer, if one were coming, the time the first one took.
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.Single(_channel.Messages(), call => call.Activity!.ReplyToId == "redelivered-1");
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task AConversationReferenceStoredByOneInstanceIsUsedByTheOther()
    {
        await AnswerToAsync(_instanceA, Ask("how did EMEA do last quarter?", "a:two-instances-reference"));
        // The token goes only to service URLs this instance saw authenticated or on the https allow-list (Teams' hosts in
        // production); the fake channel is plain-http loopback, so B first hears from it in another conversation.
        await AnswerToAsync(_instanceB, Ask("help", "a:two-instances-other"));
        var messenger = _instanceB.Services.CreateScope().ServiceProvider.GetRequiredService<ProactiveMessenger>();

        var sent = await messenger.SendAnswerAsync("a:two-instances-reference", new AnswerDocument
        {
            Question = "Monday digest",
            Intent = Intents.Help,
            AsOf = new DateOnly(2026, 11, 30),
            Answer = "Your Monday digest.",
        }, TestContext.Current.CancellationToken);

        Assert.NotNull(sent);
        var proactive = await _channel.WaitForCallAsync(call => call.Method == "POST" && call.Path == "/teams/v3/conversations/a%3Atwo-instances-reference/activities");
        Assert.Equal(SampleActivities.UserId, proactive.Activity!.Recipient!.Id);
    }
}
