using System.Text.Json;
using SalesOpsBot.Bot.Cards;
using SalesOpsBot.Bot.Protocol;
using SalesOpsBot.Bot.Tests.Infrastructure;
using SalesOpsBot.Conversation.Answers;

namespace SalesOpsBot.Bot.Tests.Cards;

/// <summary>The card of each answer shape, read back as JSON the way a client would.</summary>
public sealed class AnswerCardTests
{
    private static JsonElement CardJson(AnswerDocument answer, CardActionStyle style = CardActionStyle.Execute)
    {
        var message = AnswerMessage.Compose(answer, new Activity { ChannelId = "msteams" }, style);
        var attachment = Assert.Single(message.Attachments!);
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.ContentType);
        return attachment.Content!.Value;
    }

    private static IEnumerable<JsonElement> Descendants(JsonElement element)
    {
        yield return element;
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                foreach (var child in Descendants(property.Value))
                {
                    yield return child;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                foreach (var child in Descendants(item))
                {
                    yield return child;
                }
            }
        }
    }

    private static List<string> Texts(JsonElement card) =>
        [.. Descendants(card).Where(element => element.ValueKind == JsonValueKind.Object && element.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
            .Select(element => element.GetProperty("text").GetString()!)];

    [Fact]
    public void TheCardIsVersion15WithSchemaAndFallbackText()
    {
        var card = CardJson(SampleAnswers.EmeaMissedQ3);

        Assert.Equal("AdaptiveCard", card.GetProperty("type").GetString());
        Assert.Equal("1.5", card.GetProperty("version").GetString());
        Assert.Equal("http://adaptivecards.io/schemas/adaptive-card.json", card.GetProperty("$schema").GetString());
        Assert.Equal("EMEA · FY2026 Q3: Bookings 8.1M, Quota 9.5M, Attainment 86%", card.GetProperty("fallbackText").GetString());
    }

    [Fact]
    public void HeadlinesShowBookingsQuotaAttainmentAndTheGapForPeople()
    {
        var texts = Texts(CardJson(SampleAnswers.EmeaMissedQ3));

        Assert.Contains("8.1M", texts);
        Assert.Contains("9.5M", texts);
        Assert.Contains("86%", texts);
        Assert.Contains("\u22121.4M vs quota", texts);
    }

    [Fact]
    public void DriversAreListedWithTheirSignedAmounts()
    {
        var texts = Texts(CardJson(SampleAnswers.EmeaMissedQ3));

        Assert.Contains("**Win rate** · DACH", texts);
        Assert.Contains("\u2212690K", texts);
        Assert.Contains("\u2212455K", texts);
        Assert.Contains("win rate 14% vs 27% in the previous four quarters", texts);
    }

    [Fact]
    public void TheBridgeIsANativeVerticalBarChartScaledToMillionsWithAFactSetFallback()
    {
        var chart = Descendants(CardJson(SampleAnswers.EmeaMissedQ3)).Single(element =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty("type", out var type) && type.GetString() == "Chart.VerticalBar");

        var data = chart.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(["Quota", "Win rate", "Slippage", "Other", "Bookings"], data.Select(point => point.GetProperty("x").GetString()));
        Assert.Equal([9.5m, -0.69m, -0.46m, -0.23m, 8.12m], data.Select(point => point.GetProperty("y").GetDecimal()));
        Assert.Equal("M", chart.GetProperty("yAxisTitle").GetString());
        var fallback = chart.GetProperty("fallback");
        Assert.Equal("Container", fallback.GetProperty("type").GetString());
        var facts = fallback.GetProperty("items").EnumerateArray().Single(item => item.GetProperty("type").GetString() == "FactSet").GetProperty("facts").EnumerateArray().Select(fact => fact.GetProperty("value").GetString()).ToList();
        Assert.Equal(["9.5M", "\u2212690K", "\u2212455K", "\u2212232K", "8.1M"], facts);
    }

    [Fact]
    public void ATrendIsALineChart()
    {
        var card = CardJson(SampleAnswers.DachDrillDown);

        var line = Descendants(card).Single(element =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty("type", out var type) && type.GetString() == "Chart.Line");
        var series = Assert.Single(line.GetProperty("data").EnumerateArray());
        Assert.Equal(4, series.GetProperty("values").GetArrayLength());
    }

    [Fact]
    public void DealsShowNameAccountOwnerStageCloseDateFlagAndAmount()
    {
        var texts = Texts(CardJson(SampleAnswers.EmeaMissedQ3));

        Assert.Contains("Helios Platform Renewal", texts);
        Assert.Contains("Helios GmbH · Lena Vogel · Negotiation · closes 20 Oct 2026", texts);
        Assert.Contains("420K", texts);
        Assert.Contains("Slipped", texts);
        // A lost deal in Closed Lost needs no "lost" flag; its date is in the past tense.
        Assert.Contains("Northwind Ltd · Alex Morgan · Closed Lost · closed 12 Sep 2026", texts);
        Assert.DoesNotContain("Lost", texts);
    }

    [Fact]
    public void TeamsButtonsAreUniversalActionsWithASubmitFallback()
    {
        var actions = CardJson(SampleAnswers.EmeaMissedQ3).GetProperty("actions").EnumerateArray().ToList();

        Assert.Equal(["Drill into DACH", "Show the slipped deals", "Subscribe weekly"], actions.Select(action => action.GetProperty("title").GetString()));
        Assert.All(actions, action => Assert.Equal("Action.Execute", action.GetProperty("type").GetString()));
        Assert.Equal(["followup", "followup", "subscribe"], actions.Select(action => action.GetProperty("verb").GetString()));
        var first = actions[0];
        Assert.Equal("Drill into DACH", first.GetProperty("data").GetProperty("question").GetString());
        Assert.Equal("Action.Submit", first.GetProperty("fallback").GetProperty("type").GetString());
        Assert.Equal("Drill into DACH", first.GetProperty("fallback").GetProperty("data").GetProperty("question").GetString());
    }

    [Fact]
    public void WebChatButtonsAreSubmitActions()
    {
        var actions = CardJson(SampleAnswers.EmeaMissedQ3, CardActionStyle.Submit).GetProperty("actions").EnumerateArray().ToList();

        Assert.All(actions, action => Assert.Equal("Action.Submit", action.GetProperty("type").GetString()));
        Assert.Equal("followup", actions[0].GetProperty("data").GetProperty("verb").GetString());
    }

    [Fact]
    public void AClarificationHasOneButtonPerOptionAndNoNumbers()
    {
        var card = CardJson(SampleAnswers.Clarification);

        Assert.Equal("Which Alex do you mean?", Texts(card)[0]);
        var actions = card.GetProperty("actions").EnumerateArray().ToList();
        Assert.Equal(["Alex Morgan (UK&I)", "Alex Chen (US West)"], actions.Select(action => action.GetProperty("title").GetString()));
        Assert.Equal(["clarify", "clarify"], actions.Select(action => action.GetProperty("verb").GetString()));
        Assert.Equal("Alex Chen (US West)", actions[1].GetProperty("data").GetProperty("question").GetString());
        Assert.DoesNotContain(Descendants(card), element => element.ValueKind == JsonValueKind.Object && element.TryGetProperty("type", out var type) && type.GetString()!.StartsWith("Chart.", StringComparison.Ordinal));
    }

    [Fact]
    public void DealAndAccountNamesFromDataCannotBecomeLinksOrImages()
    {
        var hostile = SampleAnswers.EmeaMissedQ3 with
        {
            Deals = [SampleAnswers.EmeaMissedQ3.Deals[0] with { Name = "[Reset your password](https://evil.example)", Account = "![x](https://evil.example/t.png)" }],
        };

        var json = JsonSerializer.Serialize(CardJson(hostile));

        Assert.DoesNotContain("[Reset your password](", json, StringComparison.Ordinal);
        Assert.DoesNotContain("![x](", json, StringComparison.Ordinal);
        Assert.DoesNotContain("https://evil", json, StringComparison.Ordinal);
    }

    [Fact]
    public void LongListsAreTrimmedStepByStepToStayUnder80Kilobytes()
    {
        var deals = Enumerable.Range(1, 2000).Select(index => SampleAnswers.EmeaMissedQ3.Deals[0] with { OpportunityId = $"O-{index}", Name = new string('d', 5000) + index }).ToList();
        var breakdown = Enumerable.Range(1, 2000).Select(index => SampleAnswers.EmeaMissedQ3.Breakdown[0] with { Value = new string('t', 200) + index }).ToList();
        var answer = SampleAnswers.EmeaMissedQ3 with { Deals = deals, Breakdown = breakdown };

        var message = AnswerMessage.Compose(answer, new Activity { ChannelId = "msteams" }, CardActionStyle.Execute);

        Assert.InRange(AnswerMessage.Utf16Size(message), 1, AnswerMessage.MaxMessageBytes);
        Assert.Single(message.Attachments!);
        Assert.Contains("+1995 more deals", Texts(message.Attachments![0].Content!.Value));
    }

    [Fact]
    public void ACountChartShowsPlainNumbersNotMoney()
    {
        var reps = SampleAnswers.EmeaMissedQ3 with
        {
            Chart = new AnswerChart("bar", "Reps by attainment band", [new("<50%", 3), new("50–80%", 12), new("80–100%", 7), new("≥100%", 21)], ChartUnits.Count),
            Breakdown = [],
        };

        var chart = Descendants(CardJson(reps)).Single(element =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty("type", out var type) && type.GetString() == "Chart.VerticalBar");

        Assert.Equal([3m, 12m, 7m, 21m], chart.GetProperty("data").EnumerateArray().Select(point => point.GetProperty("y").GetDecimal()));
        var facts = chart.GetProperty("fallback").GetProperty("items").EnumerateArray().Single(item => item.GetProperty("type").GetString() == "FactSet").GetProperty("facts").EnumerateArray().Select(fact => fact.GetProperty("value").GetString());
        Assert.Equal(["3", "12", "7", "21"], facts);
    }

    [Fact]
    public void HostsWithoutNativeChartsGetThePictureOfTheSameChartThenItsValues()
    {
        var message = AnswerMessage.Compose(SampleAnswers.EmeaMissedQ3, new Activity { ChannelId = "msteams" }, CardActionStyle.Execute);
        var chart = Descendants(message.Attachments![0].Content!.Value).Single(element =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty("type", out var type) && type.GetString() == "Chart.VerticalBar");

        var items = chart.GetProperty("fallback").GetProperty("items").EnumerateArray().ToList();
        var image = items.Single(item => item.GetProperty("type").GetString() == "Image");
        var url = image.GetProperty("url").GetString()!;
        Assert.StartsWith("data:image/png;base64,", url, StringComparison.Ordinal);
        Assert.InRange(url.Length, 1_000, ChartImages.MaxDataUriLength);
        var png = Convert.FromBase64String(url["data:image/png;base64,".Length..]);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png.Take(4));
        Assert.Equal(ChartImages.Width, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
        Assert.Contains(items, item => item.GetProperty("type").GetString() == "FactSet");
        Assert.True(AnswerMessage.Utf16Size(message) <= AnswerMessage.MaxMessageBytes);
    }
}

public sealed class RateChartTests
{
    [Fact]
    public void ARateTrendIsChartedAndListedInPercent()
    {
        var message = AnswerMessage.Compose(SampleAnswers.DachDrillDown, new Activity(), CardActionStyle.Submit);
        var card = message.Attachments![0].Content!.Value;
        var body = card.GetProperty("body").EnumerateArray().ToList();
        var line = body.Single(element => element.GetProperty("type").GetString() == "Chart.Line");

        Assert.Equal([27m, 25m, 22m, 14m], line.GetProperty("data")[0].GetProperty("values").EnumerateArray().Select(point => point.GetProperty("y").GetDecimal()));
        Assert.Equal("%", line.GetProperty("yAxisTitle").GetString());
        Assert.Equal(["27%", "25%", "22%", "14%"], line.GetProperty("fallback").GetProperty("items").EnumerateArray().Single(item => item.GetProperty("type").GetString() == "FactSet").GetProperty("facts").EnumerateArray().Select(fact => fact.GetProperty("value").GetString()));
    }
}
