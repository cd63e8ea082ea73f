using System.Text.Json;
using SalesOpsBot.Bot.Cards;
using SalesOpsBot.Bot.Protocol;
using SalesOpsBot.Bot.Tests.Infrastructure;
using SalesOpsBot.Conversation.Answers;

namespace SalesOpsBot.Bot.Tests.Cards;

/// <summary>What a sales leader noticed in the web chat screenshots: each fix, checked on the card JSON.</summary>
public sealed class CardReadabilityTests
{
    private static readonly AnswerDocument EmeaMissed = SampleAnswers.EmeaMissedQ3;

    private static JsonElement Card(AnswerDocument answer) =>
        AnswerMessage.Compose(answer, new Activity { ChannelId = "webchat" }, CardActionStyle.Submit).Attachments![0].Content!.Value;

    private static IEnumerable<JsonElement> Elements(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            yield return element;
            foreach (var child in element.EnumerateObject().SelectMany(property => Elements(property.Value)))
            {
                yield return child;
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var child in element.EnumerateArray().SelectMany(Elements))
            {
                yield return child;
            }
        }
    }

    private static List<string> Texts(JsonElement card) =>
        [.. Elements(card).Where(element => element.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String).Select(element => element.GetProperty("text").GetString()!)];

    private static JsonElement? Find(JsonElement card, string text) =>
        Elements(card).Where(element => element.TryGetProperty("text", out var value) && value.GetString() == text).Cast<JsonElement?>().FirstOrDefault();

    [Fact]
    public void ALongAnswerKeepsItsLeadOnTheCardAndTheRestBehindAToggle()
    {
        var answer = EmeaMissed with
        {
            Answer = "EMEA missed FY2026 Q3: booked 7.7M against 9.2M (83%), −1.5M vs quota. DACH explains 55% of the gap, mostly through win rate. " +
                     "Main drivers: win rate −1.2M (win rate by count 26% vs 28% in the previous four quarters; DACH Enterprise 9% vs 23%); deal size −488k. " +
                     "Largest deals that slipped out: Albion Mutual - Core Platform (428k, Alex Morgan), Thameside Energy - Security Suite (385k, Harriet Cole). " +
                     "Next, ask: \"Drill into DACH\"",
        };

        var card = Card(answer);
        var texts = Texts(card);

        Assert.Contains("EMEA missed FY2026 Q3: booked 7.7M against 9.2M (83%), −1.5M vs quota. DACH explains 55% of the gap, mostly through win rate.", texts);
        var rest = Find(card, "Main drivers: win rate −1.2M (win rate by count 26% vs 28% in the previous four quarters; DACH Enterprise 9% vs 23%); deal size −488k. " +
                              "Largest deals that slipped out: Albion Mutual - Core Platform (428k, Alex Morgan), Thameside Energy - Security Suite (385k, Harriet Cole).");
        Assert.NotNull(rest);
        Assert.False(rest.Value.GetProperty("isVisible").GetBoolean());
        var toggle = Elements(card).Single(element => element.TryGetProperty("type", out var type) && type.GetString() == "Action.ToggleVisibility");
        Assert.Equal(rest.Value.GetProperty("id").GetString(), toggle.GetProperty("targetElements")[0].GetString());
        // The "Next, ask" sentence repeats the first button.
        Assert.DoesNotContain(texts, text => text.Contains("Next, ask", StringComparison.Ordinal));
    }

    [Fact]
    public void AShortAnswerIsShownWholeWithoutAToggle()
    {
        var card = Card(EmeaMissed);

        Assert.Contains("EMEA booked 8.1M against 9.5M (86%), 1.4M short. Most of the gap is a lower win rate in DACH.", Texts(card));
        Assert.DoesNotContain(Elements(card), element => element.TryGetProperty("type", out var type) && type.GetString() == "Action.ToggleVisibility");
    }

    [Fact]
    public void InAQuarterStillInProgressTheShortfallReadsAsToGoNotAsAMiss()
    {
        var tracking = EmeaMissed with { AsOf = new DateOnly(2026, 8, 20) };

        var card = Card(tracking);
        var texts = Texts(card);

        Assert.Contains("To go", texts);
        Assert.DoesNotContain("\u22121.4M vs quota", texts);
        Assert.False(Find(card, "1.4M")!.Value.TryGetProperty("color", out _));
    }

    [Fact]
    public void AForecastLeadsWithWonCommitCallBestCaseCallAndQuota()
    {
        var forecast = EmeaMissed with
        {
            Intent = Intents.Forecast,
            Metrics = new Dictionary<string, decimal?>
            {
                ["bookings"] = 12_700_000m, ["quota"] = 22_200_000m, ["attainment"] = 0.57m, ["gap"] = -9_500_000m,
                ["commit_call"] = 17_900_000m, ["best_case_call"] = 27_400_000m, ["commit"] = 5_200_000m,
            },
        };

        var headline = Card(forecast).GetProperty("body").EnumerateArray().First(element => element.GetProperty("type").GetString() == "ColumnSet");
        var labels = headline.GetProperty("columns").EnumerateArray().Select(column => column.GetProperty("items")[0].GetProperty("text").GetString());
        var values = headline.GetProperty("columns").EnumerateArray().Select(column => column.GetProperty("items")[1].GetProperty("text").GetString());

        Assert.Equal(["Won", "Commit call", "Best case call", "Quota"], labels);
        Assert.Equal(["12.7M", "17.9M", "27.4M", "22.2M"], values);
    }

    [Fact]
    public void ARepsPipelineLeadsWithTheOpenTotalThenCommitBestCaseAndAtRisk()
    {
        var pipeline = EmeaMissed with
        {
            Intent = Intents.RepPipeline,
            Scope = new AnswerScope { Rep = "Lena Vogel" },
            Metrics = new Dictionary<string, decimal?> { ["at_risk"] = 3m, ["deals"] = 10m, ["open_in_best_case"] = 209_000m, ["open_in_commit"] = 428_000m, ["open_pipeline"] = 942_000m },
        };

        var card = Card(pipeline);
        var texts = Texts(card);
        var headline = card.GetProperty("body").EnumerateArray().First(element => element.GetProperty("type").GetString() == "ColumnSet");

        Assert.Equal(["Open pipeline", "Commit", "Best case", "At risk"],
            headline.GetProperty("columns").EnumerateArray().Select(column => column.GetProperty("items")[0].GetProperty("text").GetString()));
        // The rep's own name is not repeated on every deal of their pipeline.
        Assert.Contains("Helios GmbH · Negotiation · closes 20 Oct 2026", texts);
    }

    [Fact]
    public void ADealNamedAfterItsAccountDoesNotRepeatTheAccountAndShowsItsFlagInWords()
    {
        var answer = EmeaMissed with
        {
            Deals = [new AnswerDeal { OpportunityId = "O-1", Name = "Albion Mutual - Core Platform", Account = "Albion Mutual", Owner = "Alex Morgan", Amount = 428_000m, Stage = "Negotiation", CloseDate = new DateOnly(2026, 11, 30), Flag = "at_risk" }],
        };

        var card = Card(answer);

        Assert.Contains("Alex Morgan · Negotiation · closes 30 Nov 2026", Texts(card));
        Assert.Equal("Attention", Find(card, "At risk")!.Value.GetProperty("color").GetString());
    }

    [Fact]
    public void TheBridgeFallbackSignsItsStepsAndCapitalisesThem()
    {
        var answer = EmeaMissed with
        {
            Chart = new AnswerChart("waterfall", "EMEA FY2026 Q3: quota to bookings",
                [new ChartPoint("Quota", 9_200_000m), new ChartPoint("win rate", -1_200_000m), new ChartPoint("capacity", 28_100m), new ChartPoint("Bookings", 8_028_100m)]),
        };

        var facts = Elements(Card(answer)).Single(element => element.TryGetProperty("facts", out _) && element.GetProperty("facts")[0].GetProperty("title").GetString() == "Quota")
            .GetProperty("facts").EnumerateArray().Select(fact => $"{fact.GetProperty("title").GetString()} {fact.GetProperty("value").GetString()}");

        Assert.Equal(["Quota 9.2M", "Win rate \u22121.2M", "Capacity +28K", "Bookings 8.0M"], facts);
    }

    [Fact]
    public void AChartOfTheSameRowsAsTheBreakdownIsNotListedTwiceWhereChartsCannotShow()
    {
        var answer = EmeaMissed with
        {
            Chart = new AnswerChart("bar", "Attainment by territory", [new ChartPoint("DACH", 0.724m), new ChartPoint("UK&I", 0.818m), new ChartPoint("France", 0.984m)], ChartUnits.Ratio),
        };

        var chart = Elements(Card(answer)).Single(element => element.TryGetProperty("type", out var type) && type.GetString() == "Chart.VerticalBar");

        // The picture stays (hosts without charts still see the shape); the values are not repeated as a list.
        var items = chart.GetProperty("fallback").GetProperty("items").EnumerateArray().Select(item => item.GetProperty("type").GetString()).ToList();
        Assert.DoesNotContain("FactSet", items);
        Assert.Contains("Image", items);
    }

    [Fact]
    public void ADriverWithNoEffectIsNeutralAndItsEvidenceIsOneFactPerLine()
    {
        var answer = EmeaMissed with
        {
            Drivers = [new AnswerDriver("capacity", null, null, 0m, "10 ramped seats vs 10 in the previous four quarters; no vacancies")],
        };

        var card = Card(answer);

        Assert.False(Find(card, "0")!.Value.TryGetProperty("color", out _));
        Assert.NotNull(Find(card, "10 ramped seats vs 10 in the previous four quarters"));
        Assert.NotNull(Find(card, "no vacancies"));
    }

    [Fact]
    public void WhereTheGapSitsReadsAsAnAmountAndAShare()
    {
        var answer = EmeaMissed with
        {
            Breakdown = [new AnswerBreakdownRow { Dimension = "territory", Value = "DACH", Measures = new Dictionary<string, decimal?> { ["gap"] = -839_000m, ["share_of_gap"] = 0.5512m, ["main_impact"] = -940_000m } }],
        };

        var fact = Elements(Card(answer)).Single(element => element.TryGetProperty("title", out var title) && title.GetString() == "DACH");

        Assert.Equal("\u2212839K · 55% of the gap", fact.GetProperty("value").GetString());
    }

    [Fact]
    public void TheLargestDriversAreShownHurtsFirstAndTheSmallestAreTheOnesLeftOut()
    {
        var answer = EmeaMissed with
        {
            Drivers =
            [
                new AnswerDriver("win_rate", null, null, -977_000m, "a"),
                new AnswerDriver("capacity", null, null, 0m, "b"),
                new AnswerDriver("slippage", null, null, 27_600m, "c"),
                new AnswerDriver("mix", null, null, -77_900m, "d"),
                new AnswerDriver("deal_size", null, null, 129_000m, "e"),
            ],
            Chart = null,
        };

        var card = AnswerMessage.Compose(answer, new Activity(), CardActionStyle.Submit).Attachments![0].Content!.Value;
        var shown = AnswerCardBuilder.Build(answer, CardActionStyle.Submit, CardLimits.Full with { Drivers = 4 });
        var json = System.Text.Json.JsonSerializer.SerializeToElement(shown, CardJsonContext.Default.AdaptiveCard);
        var mechanisms = Texts(json).Where(text => text.StartsWith("**", StringComparison.Ordinal)).ToList();

        Assert.Equal(["**Win rate**", "**Mix**", "**Deal size**", "**Slippage**"], mechanisms);
        Assert.Contains("+1 more driver", Texts(json));
        Assert.Equal(5, Texts(card).Count(text => text.StartsWith("**", StringComparison.Ordinal)));
    }

    [Fact]
    public void TerritoriesWithAttainmentAreListedWorstFirst()
    {
        var facts = Elements(Card(EmeaMissed)).Single(element => element.TryGetProperty("facts", out var list) && list[0].GetProperty("value").GetString()!.Contains(" of ", StringComparison.Ordinal))
            .GetProperty("facts").EnumerateArray().Select(fact => fact.GetProperty("title").GetString());

        // Sample rows come as DACH 72%, UK&I 82%, France 98%: shuffle-proof because the order is by attainment.
        Assert.Equal(["DACH", "UK&I", "France"], facts);
        var reversed = EmeaMissed with { Breakdown = [.. EmeaMissed.Breakdown.Reverse()] };
        var again = Elements(Card(reversed)).Single(element => element.TryGetProperty("facts", out var list) && list[0].GetProperty("value").GetString()!.Contains(" of ", StringComparison.Ordinal))
            .GetProperty("facts").EnumerateArray().Select(fact => fact.GetProperty("title").GetString());
        Assert.Equal(["DACH", "UK&I", "France"], again);
    }
}
