using SalesOpsBot.Conversation.Answers;
using SalesOpsBot.Conversation.Routing;

namespace SalesOpsBot.Conversation.Tests.Routing;

public class EntityAndTypoRoutingTests
{
    [Theory]
    [InlineData("pipline in Germnay", Intents.Pipeline, "T-EMEA-DACH")]
    [InlineData("forcast for EMAE", Intents.Forecast, "T-EMEA")]
    [InlineData("WHY DID APAC MISS Q3?!", Intents.ExplainAttainment, "T-APAC")]
    [InlineData("why, did... apac miss q3", Intents.ExplainAttainment, "T-APAC")]
    [InlineData("how is the Southern Erope region tracking", Intents.Attainment, "T-EMEA-SE")]
    [InlineData("attainmnet for Benelux", Intents.Attainment, "T-EMEA-BNL")]
    public void TypoesAndPunctuationDoNotChangeTheMeaning(string question, string intent, string territory)
    {
        var routed = RouterFixture.Route(question);

        Assert.Equal(intent, routed.Intent);
        Assert.Equal(territory, routed.TerritoryId);
        Assert.Null(routed.Clarification);
    }

    [Fact]
    public void ShortWordsAreNeverFuzzyMatched()
    {
        // "ANX" is one letter from "ANZ", but three letters are too few to guess from.
        var routed = RouterFixture.Route("why did ANX miss Q3?");

        Assert.Null(routed.TerritoryId);
        Assert.NotNull(routed.Clarification);
        Assert.Contains("ANX", routed.UnknownNames);
    }

    [Theory]
    [InlineData("pipline", "pipeline", 1)]
    [InlineData("qaurter", "quarter", 1)]
    [InlineData("attainmnet", "attainment", 1)]
    [InlineData("germany", "germany", 0)]
    [InlineData("emea", "apac", 4)]
    public void EditDistanceCountsSwapsOfNeighboursAsOneEdit(string typed, string known, int distance)
    {
        // Beyond the limit the distance is reported as limit + 1.
        Assert.Equal(distance, Typos.Distance(typed, known, 3));
    }

    [Theory]
    [InlineData(3, 0)]
    [InlineData(4, 1)]
    [InlineData(8, 1)]
    [InlineData(9, 2)]
    public void AllowedEditsGrowWithWordLength(int length, int allowed)
    {
        Assert.Equal(allowed, Typos.Allowed(length));
    }

    [Theory]
    [InlineData("show me Lena Vogel's pipeline")]
    [InlineData("show me Lena's pipeline")]
    [InlineData("show me Vogel's pipeline")]
    [InlineData("lena vogel pipeline")]
    public void ARepIsFoundByFullFirstOrLastName(string question)
    {
        var routed = RouterFixture.Route(question);

        Assert.Equal(Intents.RepPipeline, routed.Intent);
        Assert.Equal("R-0013", routed.RepId);
    }

    [Fact]
    public void TwoRepsWithTheSameFirstNameGetAClarificationNotAGuess()
    {
        var routed = RouterFixture.Route("show me Alex's pipeline");

        Assert.Equal(Intents.RepPipeline, routed.Intent);
        Assert.Null(routed.RepId);
        Assert.NotNull(routed.Clarification);
        Assert.Equal(["Alex Morgan (UK North)", "Alex Chen (California)"], routed.Clarification.Options);
        Assert.Equal(["R-0011", "R-0012"], routed.Context.Pending?.OptionIds);
    }

    [Fact]
    public void AnUnknownNameIsNeverSilentlyDropped()
    {
        var routed = RouterFixture.Route("why did Atlantis miss?");

        Assert.Equal(Intents.ExplainAttainment, routed.Intent);
        Assert.Null(routed.TerritoryId);
        Assert.Equal(["Atlantis"], routed.UnknownNames);
        Assert.NotNull(routed.Clarification);
        Assert.Contains("Atlantis", routed.Clarification.Question, StringComparison.Ordinal);
        Assert.Contains("EMEA", routed.Clarification.Options);
    }

    [Fact]
    public void MisspeltNamesAreCorrectedTowardsTheVocabulary()
    {
        var routed = RouterFixture.Route("how is Lenna Vogle doing?");

        Assert.Equal("R-0013", routed.RepId);
        Assert.Null(routed.Clarification);
    }

    [Fact]
    public void AliasesMapToTheirTerritory()
    {
        Assert.Equal("T-EMEA", RouterFixture.Route("how is Europe tracking").TerritoryId);
        Assert.Equal("T-EMEA-DACH", RouterFixture.Route("how is germany tracking").TerritoryId);
        Assert.Equal("T-EMEA-DACH-N", RouterFixture.Route("how is Germany North tracking").TerritoryId);
    }

    [Fact]
    public void FiltersAreResolvedAgainstTheVocabulary()
    {
        var routed = RouterFixture.Route("why did midmarket renewals from partners in the Security Suite miss in Q3?");

        Assert.Equal(new RoutedFilters("Mid-Market", "P-SEC", "Renewal", "Partner"), routed.Filters);
    }

    [Fact]
    public void ATeamIsScopedByItsManager()
    {
        var routed = RouterFixture.Route("how is Oliver Hughes's team tracking?");

        Assert.Equal("R-0009", routed.ManagerId);
        Assert.Null(routed.RepId);
    }

    [Fact]
    public void AVocabularyWithACommonWordAsAFirstNameMatchesItOnlyWhenWrittenAsAName()
    {
        var vocabulary = new Vocabulary(
            [new VocabularyEntry("R-1", "Will Smith", VocabularyKinds.Rep), new VocabularyEntry("T-1", "EMEA", VocabularyKinds.Territory)],
            new Dictionary<string, string>());
        var router = new QuestionRouter();
        var calendar = new Analysis.Calendar.FiscalCalendar(1);

        Assert.Null(router.Route("will EMEA hit the number?", vocabulary, null, RouterFixture.AsOf, calendar).RepId);
        Assert.Equal("R-1", router.Route("how is Will doing?", vocabulary, null, RouterFixture.AsOf, calendar).RepId);
    }
}
