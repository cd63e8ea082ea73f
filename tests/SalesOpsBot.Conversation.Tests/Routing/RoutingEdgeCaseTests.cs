using SalesOpsBot.Conversation.Answers;
using SalesOpsBot.Conversation.Routing;

namespace SalesOpsBot.Conversation.Tests.Routing;

public class RoutingEdgeCaseTests
{
    [Fact]
    public void ComparingTwoSegmentsComparesFilterValues()
    {
        var routed = RouterFixture.Route("compare Enterprise and Mid-Market win rates in EMEA");

        Assert.Equal(Intents.Compare, routed.Intent);
        Assert.Equal("Enterprise", routed.Filters.Segment);
        Assert.Equal(["Mid-Market"], routed.CompareWith);
        Assert.Equal(VocabularyKinds.Segment, routed.CompareKind);
        Assert.Equal("T-EMEA", routed.TerritoryId);
    }

    [Fact]
    public void ComparingTwoTerritoriesNamesTheirKind()
    {
        var routed = RouterFixture.Route("compare EMEA and APAC");

        Assert.Equal(VocabularyKinds.Territory, routed.CompareKind);
    }

    [Fact]
    public void AComparisonWithAnAmbiguousRepAsksWhichOneAndStaysAComparison()
    {
        var turns = RouterFixture.Converse("compare Alex and Lena", "Alex Chen");

        Assert.Equal(Intents.Compare, turns[0].Intent);
        Assert.NotNull(turns[0].Clarification);
        Assert.Equal(Intents.Compare, turns[1].Intent);
        Assert.Equal("R-0013", turns[1].RepId);
        Assert.Equal(["R-0012"], turns[1].CompareWith);
    }

    [Fact]
    public void AFullQuestionMentioningAnOptionIsNotTakenAsTheAnswer()
    {
        var turns = RouterFixture.Converse("why did Atlantis miss?", "who are the top reps in EMEA this quarter?");

        Assert.Equal(Intents.Attainment, turns[1].Intent);
        Assert.Equal("T-EMEA", turns[1].TerritoryId);
        Assert.Equal("FY2026 Q4", turns[1].Period?.Label);
    }

    [Fact]
    public void AnEverydayWordWrittenAsANameIsAskedAboutNotIgnored()
    {
        var routed = RouterFixture.Route("what's the pipeline for Will");

        Assert.Equal(["Will"], routed.UnknownNames);
        Assert.NotNull(routed.Clarification);
    }

    [Fact]
    public void TitleCaseTypingDoesNotMakeEveryWordAName()
    {
        var routed = RouterFixture.Route("Show Me The Pipeline For Next Quarter In EMEA");

        Assert.Equal(Intents.Pipeline, routed.Intent);
        Assert.Equal("T-EMEA", routed.TerritoryId);
        Assert.Empty(routed.UnknownNames);
    }

    [Fact]
    public void WhatIsAMetricAsksForItsDefinitionWhileWhatIsTheMetricAsksForTheNumber()
    {
        Assert.Equal(Intents.Definition, RouterFixture.Route("what is coverage?").Intent);
        Assert.Equal(Intents.Pipeline, RouterFixture.Route("what's the coverage?").Intent);
    }

    [Fact]
    public void ASendingVerbWithADaySetsUpASubscription()
    {
        var routed = RouterFixture.Route("send the DACH forecast to me on Friday afternoons");

        Assert.Equal(Intents.Subscribe, routed.Intent);
        Assert.Equal("0 14 * * 5", routed.Subscription?.Cron);
        Assert.Equal(Intents.Forecast, routed.Subscription?.Topic);
    }

    [Fact]
    public void MyPipelineIsAboutTheCallerAndDoesNotInheritTheThread()
    {
        var turns = RouterFixture.Converse("how is DACH tracking", "show me my pipeline");

        Assert.Equal(Intents.RepPipeline, turns[1].Intent);
        Assert.True(turns[1].AboutCaller);
        Assert.Null(turns[1].TerritoryId);
    }

    [Fact]
    public void MaySpeltAsAVerbIsNotAMonth()
    {
        Assert.Null(RouterFixture.Route("may I see the EMEA pipeline").Period);
        Assert.Equal("May 2026", RouterFixture.Route("EMEA pipeline in May").Period?.Label);
    }

    [Fact]
    public void LowerCaseVerbsAreNotMistakenForUnknownNames()
    {
        var routed = RouterFixture.Route("What's driving the drop in pipeline in Japan?");

        Assert.Equal(Intents.ExplainAttainment, routed.Intent);
        Assert.Equal("T-APAC-JP", routed.TerritoryId);
        Assert.Empty(routed.UnknownNames);
        Assert.Null(routed.Clarification);
    }

    [Fact]
    public void AMetricAboutDealsIsAMetricQuestionNotADealList()
    {
        var routed = RouterFixture.Route("What's our win rate on deals over 100k?");

        Assert.Equal(Intents.Attainment, routed.Intent);
        Assert.Equal(MetricNames.WinRate, routed.Metric);
    }

    [Fact]
    public void NextYearsQuotaIsNotAFutureMiss()
    {
        var routed = RouterFixture.Route("What's our quota for next year?");

        Assert.Equal("FY2027", routed.Period?.Label);
        Assert.False(routed.PeriodInFuture);
    }

    [Fact]
    public void AMetricWordInAFollowUpKeepsThePreviousIntent()
    {
        var turns = RouterFixture.Converse("win rate trend for EMEA", "what about deal size?");

        Assert.Equal(Intents.Trend, turns[1].Intent);
        Assert.Equal(MetricNames.DealSize, turns[1].Metric);
        Assert.Equal("T-EMEA", turns[1].TerritoryId);
    }
}
