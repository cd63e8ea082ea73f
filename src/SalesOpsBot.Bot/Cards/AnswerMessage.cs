using System.Text.Json;
using SalesOpsBot.Bot.Protocol;
using SalesOpsBot.Conversation.Answers;

namespace SalesOpsBot.Bot.Cards;

/// <summary>
/// Turns an answer document into one message activity: a short text summary plus the Adaptive Card, kept under
/// 80 KB counted as UTF-16 like Teams counts it (botframework-protocol.md §4.5) by trimming lists.
/// </summary>
public static class AnswerMessage
{
    public const string AdaptiveCardContentType = "application/vnd.microsoft.card.adaptive";

    /// <summary>Teams allows about 100 KB; we keep 80 KB (§4.5).</summary>
    public const int MaxMessageBytes = 80 * 1024;

    // Each step keeps the most useful parts longest: headline and drivers, then chart, then lists.
    private static readonly CardLimits[] ShrinkSteps =
    [
        CardLimits.Full,
        CardLimits.Full with { ChartImage = false },
        new(Drivers: 6, Breakdown: 5, Deals: 5, ChartPoints: 12),
        new(Drivers: 5, Breakdown: 3, Deals: 3, ChartPoints: 8),
        new(Drivers: 3, Breakdown: 0, Deals: 0, ChartPoints: 6),
        new(Drivers: 3, Breakdown: 0, Deals: 0, ChartPoints: 0),
        new(Drivers: 0, Breakdown: 0, Deals: 0, ChartPoints: 0),
    ];

    /// <summary>The message for <paramref name="answer"/>, addressed like <paramref name="addressing"/> (a reply template).</summary>
    public static Activity Compose(AnswerDocument answer, Activity addressing, CardActionStyle style)
    {
        Activity? message = null;
        foreach (var limits in ShrinkSteps)
        {
            message = WithCard(addressing, answer, AnswerCardBuilder.Build(answer, style, limits));
            if (Utf16Size(message) <= MaxMessageBytes)
            {
                return message;
            }
        }

        // Even the bare card is too large (an absurdly long answer text): send the summary alone.
        return addressing with
        {
            Type = ActivityTypes.Message,
            Text = AnswerCardBuilder.Summary(answer),
            TextFormat = "markdown",
            Attachments = null,
        };
    }

    public static Activity WithCard(Activity addressing, AnswerDocument answer, AdaptiveCard card) => addressing with
    {
        Type = ActivityTypes.Message,
        Text = AnswerCardBuilder.Summary(answer),
        TextFormat = "markdown",
        Attachments = [CardAttachment(card)],
    };

    public static Attachment CardAttachment(AdaptiveCard card) => new()
    {
        ContentType = AdaptiveCardContentType,
        Content = JsonSerializer.SerializeToElement(card, CardJsonContext.Default.AdaptiveCard),
    };

    /// <summary>The serialized size as Teams measures it: UTF-16, two bytes per char.</summary>
    public static int Utf16Size(Activity activity) => JsonSerializer.Serialize(activity, BotJsonContext.Default.Activity).Length * 2;
}
