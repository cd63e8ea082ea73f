using SalesOpsBot.Conversation.Routing;
using SalesOpsBot.Digests.Subscriptions;

namespace SalesOpsBot.Digests.Tests.Subscriptions;

public class SubscriptionRequestsTests
{
    [Fact]
    public void AStatedScheduleAndZoneAreKeptForTheForecastDigest()
    {
        var request = new SubscriptionRequest(SubscriptionAction.Create, "forecast", "0 8 * * 1", new TimeOnly(8, 0), "Europe/Berlin");

        var subscription = SubscriptionRequests.ToNewSubscription(request, "anna@contoso.com", "conv-1", "T-EMEA", "America/New_York");

        Assert.Equal(new NewSubscription("anna@contoso.com", "conv-1", "0 8 * * 1", "Europe/Berlin", DigestKind.ForecastDigest, "T-EMEA"), subscription);
    }

    [Fact]
    public void WithoutAStatedZoneTheActivitysZoneIsUsedAndPipelineTopicsBecomeAlerts()
    {
        var request = new SubscriptionRequest(SubscriptionAction.Create, "pipeline", "0 8 * * *");

        var subscription = SubscriptionRequests.ToNewSubscription(request, "anna@contoso.com", "conv-1", "T-EMEA-DACH", "Europe/Berlin");

        Assert.Equal(("Europe/Berlin", DigestKind.PipelineAlerts, "0 8 * * *"), (subscription.TimeZone, subscription.Kind, subscription.Cron));
    }

    [Fact]
    public void WithoutAFrequencyTheDigestComesOnMondayAtEight() =>
        Assert.Equal("0 8 * * 1", SubscriptionRequests.ToNewSubscription(new SubscriptionRequest(SubscriptionAction.Create), "a@b.c", "conv", null, null).Cron);

    [Fact]
    public void AListOrCancelRequestIsNotASubscription() =>
        Assert.Throws<ArgumentException>(() => SubscriptionRequests.ToNewSubscription(new SubscriptionRequest(SubscriptionAction.Cancel), "a@b.c", "conv", null, null));
}
