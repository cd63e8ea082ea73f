using System.Text.Json;
using SalesOpsBot.Conversation.Answers;
using SalesOpsBot.Conversation.Routing;

namespace SalesOpsBot.Conversation.Tests.Routing;

public class FollowUpRoutingTests
{
    [Fact]
    public void AndAnotherRegionKeepsIntentAndPeriod()
    {
        var turns = RouterFixture.Converse("why did EMEA miss Q3?", "and APAC?");

        Assert.Equal(Intents.ExplainAttainment, turns[1].Intent);
        Assert.Equal("T-APAC", turns[1].TerritoryId);
        Assert.Equal("FY2026 Q3", turns[1].Period?.Label);
        Assert.True(turns[1].IsFollowUp);
    }

    [Fact]
    public void WhatAboutAnotherPeriodKeepsTheScope()
    {
        var turns = RouterFixture.Converse("why did EMEA miss Q3?", "what about Q2?");

        Assert.Equal("T-EMEA", turns[1].TerritoryId);
        Assert.Equal("FY2026 Q2", turns[1].Period?.Label);
    }

    [Fact]
    public void DrillIntoNarrowsTheTerritory()
    {
        var turns = RouterFixture.Converse("how is EMEA tracking this quarter", "drill into DACH");

        Assert.Equal(Intents.Attainment, turns[1].Intent);
        Assert.Equal("T-EMEA-DACH", turns[1].TerritoryId);
        Assert.Equal("FY2026 Q4", turns[1].Period?.Label);
    }

    [Fact]
    public void OnlyAddsAFilterAndKeepsEarlierFilters()
    {
        var turns = RouterFixture.Converse("pipeline in North America for next quarter", "only Enterprise", "just renewals");

        Assert.Equal(Intents.Pipeline, turns[2].Intent);
        Assert.Equal(new RoutedFilters(Segment: "Enterprise", Type: "Renewal"), turns[2].Filters);
        Assert.Equal("T-NA", turns[2].TerritoryId);
    }

    [Fact]
    public void SlippedDealsAfterAMissListThoseDealsInTheSameScope()
    {
        var turns = RouterFixture.Converse("why did EMEA miss Q3?", "show me the slipped deals");

        Assert.Equal(Intents.Deals, turns[1].Intent);
        Assert.Equal(DealFlags.Slipped, turns[1].DealFlag);
        Assert.Equal("T-EMEA", turns[1].TerritoryId);
        Assert.Equal("FY2026 Q3", turns[1].Period?.Label);
    }

    [Fact]
    public void WhyExplainsThePreviousQuestion()
    {
        var turns = RouterFixture.Converse("how did US West do last quarter", "why?");

        Assert.Equal(Intents.ExplainAttainment, turns[1].Intent);
        Assert.Equal("T-NA-W", turns[1].TerritoryId);
        Assert.Equal("FY2026 Q3", turns[1].Period?.Label);
    }

    [Fact]
    public void HerPipelineMeansThePreviousRepsPipeline()
    {
        var turns = RouterFixture.Converse("how did Lena Vogel do in Q3?", "and her pipeline?");

        Assert.Equal(Intents.RepPipeline, turns[1].Intent);
        Assert.Equal("R-0013", turns[1].RepId);
    }

    [Theory]
    [InlineData("the first one", "R-0011")]
    [InlineData("the second one", "R-0012")]
    [InlineData("Alex Chen", "R-0012")]
    [InlineData("Morgan", "R-0011")]
    [InlineData("the one in the UK", "R-0011")]
    [InlineData("the US West one", "R-0012")]
    public void AnAnswerToAClarificationResolvesThePendingQuestion(string answer, string rep)
    {
        var turns = RouterFixture.Converse("why did Alex miss last quarter?", answer);

        Assert.NotNull(turns[0].Clarification);
        Assert.Equal(Intents.ExplainAttainment, turns[1].Intent);
        Assert.Equal(rep, turns[1].RepId);
        Assert.Equal("FY2026 Q3", turns[1].Period?.Label);
        Assert.Null(turns[1].Clarification);
        Assert.Null(turns[1].Context.Pending);
    }

    [Fact]
    public void AReplyThatChoosesNothingAsksAgainAndKeepsTheQuestionOpen()
    {
        var turns = RouterFixture.Converse("show me Alex's pipeline", "neither", "the Californian one");

        Assert.NotNull(turns[1].Clarification);
        Assert.Equal(["R-0011", "R-0012"], turns[1].Context.Pending?.OptionIds);
        Assert.Equal(Intents.RepPipeline, turns[2].Intent);
        Assert.Equal("R-0012", turns[2].RepId);
    }

    [Fact]
    public void ANewQuestionInsteadOfAnAnswerDropsThePendingClarification()
    {
        var turns = RouterFixture.Converse("show me Alex's pipeline", "how is APAC tracking this quarter?");

        Assert.Equal(Intents.Attainment, turns[1].Intent);
        Assert.Equal("T-APAC", turns[1].TerritoryId);
        Assert.Null(turns[1].Context.Pending);
    }

    [Fact]
    public void AStandaloneQuestionDoesNotInheritThePreviousScope()
    {
        var turns = RouterFixture.Converse("why did EMEA miss Q3 in Enterprise", "how much pipeline does APAC have for next quarter?");

        Assert.False(turns[1].IsFollowUp);
        Assert.Equal(RoutedFilters.None, turns[1].Filters);
        Assert.Equal("FY2027 Q1", turns[1].Period?.Label);
    }

    [Fact]
    public void HelpInTheMiddleKeepsTheThread()
    {
        var turns = RouterFixture.Converse("how is DACH tracking in Q4", "what can you do?", "and France?");

        Assert.Equal(Intents.Help, turns[1].Intent);
        Assert.Equal(Intents.Attainment, turns[2].Intent);
        Assert.Equal("T-EMEA-FR", turns[2].TerritoryId);
        Assert.Equal("FY2026 Q4", turns[2].Period?.Label);
    }

    [Fact]
    public void ShowMeTheSqlRepeatsThePreviousQuestionWithSql()
    {
        var turns = RouterFixture.Converse("top deals in APAC this quarter", "show me the SQL");

        Assert.True(turns[1].WantsSql);
        Assert.Equal(Intents.Deals, turns[1].Intent);
        Assert.Equal("T-APAC", turns[1].TerritoryId);
    }

    [Fact]
    public void TheContextSurvivesAJsonRoundTrip()
    {
        var first = RouterFixture.Route("why did Alex miss Q3 in Enterprise?");
        var stored = JsonSerializer.Serialize(first.Context);
        var restored = JsonSerializer.Deserialize<RoutingContext>(stored);

        var answer = RouterFixture.Route("the first one", restored);

        Assert.Equal("R-0011", answer.RepId);
        Assert.Equal("Enterprise", answer.Filters.Segment);
        Assert.Equal("FY2026 Q3", answer.Period?.Label);
    }

    [Fact]
    public void UnknownQuestionsRouteToUnknown()
    {
        Assert.Equal(Intents.Unknown, RouterFixture.Route("tell me a joke").Intent);
        Assert.Equal(Intents.Unknown, RouterFixture.Route("").Intent);
    }
}
