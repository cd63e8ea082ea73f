using SalesOpsBot.Conversation.Answers;
using SalesOpsBot.Conversation.Routing;

namespace SalesOpsBot.Conversation.Tests.Routing;

public class SubscriptionRoutingTests
{
    [Fact]
    public void AWeeklyForecastAtEightBecomesAMondayCron()
    {
        var routed = RouterFixture.Route("send me the EMEA forecast every Monday at 8am");

        Assert.Equal(Intents.Subscribe, routed.Intent);
        Assert.Equal("T-EMEA", routed.TerritoryId);
        var subscription = routed.Subscription;
        Assert.NotNull(subscription);
        Assert.Equal(SubscriptionAction.Create, subscription.Action);
        Assert.Equal(Intents.Forecast, subscription.Topic);
        Assert.Equal("0 8 * * 1", subscription.Cron);
        Assert.Equal(new TimeOnly(8, 0), subscription.TimeOfDay);
        Assert.Null(subscription.TimeZone);
        Assert.Equal([DayOfWeek.Monday], subscription.Days);
    }

    [Theory]
    [InlineData("daily pipeline alerts for DACH", "0 8 * * *", null, null)]
    [InlineData("daily pipeline alerts for DACH at 7:30 CET", "30 7 * * *", "07:30", "Europe/Berlin")]
    [InlineData("email me DACH bookings every weekday at 6pm", "0 18 * * 1-5", "18:00", null)]
    [InlineData("send me DACH pipeline on Tuesdays and Thursdays at 9 am PT", "0 9 * * 2,4", "09:00", "America/Los_Angeles")]
    [InlineData("monthly DACH pipeline digest", "0 8 1 * *", null, null)]
    public void SchedulesBecomeCronExpressions(string question, string cron, string? time, string? zone)
    {
        var routed = RouterFixture.Route(question);

        Assert.Equal(Intents.Subscribe, routed.Intent);
        Assert.Equal("T-EMEA-DACH", routed.TerritoryId);
        Assert.Equal(cron, routed.Subscription?.Cron);
        Assert.Equal(time is null ? null : TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture), routed.Subscription?.TimeOfDay);
        Assert.Equal(zone, routed.Subscription?.TimeZone);
    }

    [Fact]
    public void StoppingADigestIsAnUnsubscribeNamingItsDay()
    {
        var routed = RouterFixture.Route("stop the Monday digest");

        Assert.Equal(Intents.Unsubscribe, routed.Intent);
        Assert.Equal(SubscriptionAction.Cancel, routed.Subscription?.Action);
        Assert.Equal([DayOfWeek.Monday], routed.Subscription?.Days);
    }

    [Fact]
    public void AskingForSubscriptionsListsThem()
    {
        var routed = RouterFixture.Route("what am I subscribed to?");

        Assert.Equal(Intents.Subscribe, routed.Intent);
        Assert.Equal(SubscriptionAction.List, routed.Subscription?.Action);
    }

    [Fact]
    public void SendMeThisSubscribesToThePreviousQuestion()
    {
        var turns = RouterFixture.Converse("what's the pipeline coverage in DACH?", "send me this every Monday at 9am");

        Assert.Equal(Intents.Subscribe, turns[1].Intent);
        Assert.Equal("T-EMEA-DACH", turns[1].TerritoryId);
        Assert.Equal(Intents.Pipeline, turns[1].Subscription?.Topic);
        Assert.Equal("0 9 * * 1", turns[1].Subscription?.Cron);
    }

    [Fact]
    public void AScheduleSurvivesTheClarificationOfWhoItIsAbout()
    {
        var turns = RouterFixture.Converse("send me Alex's pipeline every Friday at 7am", "the second one");

        Assert.NotNull(turns[0].Clarification);
        Assert.Equal(Intents.Subscribe, turns[1].Intent);
        Assert.Equal("R-0012", turns[1].RepId);
        Assert.Equal("0 7 * * 5", turns[1].Subscription?.Cron);
    }
}
