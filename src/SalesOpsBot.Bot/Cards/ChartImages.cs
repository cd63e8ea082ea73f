using SalesOpsBot.Conversation.Answers;
using SalesOpsBot.Conversation.Charts;

namespace SalesOpsBot.Bot.Cards;

/// <summary>
/// The picture of a chart for hosts that do not render Teams' Chart.* elements (Web Chat, older clients), inlined as a
/// PNG <c>data:</c> URI (Adaptive Cards ≥ 1.2): no image URL leaves the bot, so no sales figure ends up in a proxy's
/// access log and nothing is fetched from elsewhere. Kept small because Teams counts the card's size in UTF-16.
/// </summary>
public static class ChartImages
{
    public const int Width = 520;
    public const int Height = 280;

    /// <summary>The data URI, or null when this machine cannot draw (e.g. a container without fonts): the card then
    /// falls back to the list of values, which is the same information.</summary>
    public static string? DataUri(AnswerChart chart)
    {
        try
        {
            return "data:image/png;base64," + Convert.ToBase64String(ChartRenderer.RenderPng(chart, Width, Height));
        }
#pragma warning disable CA1031 // Drawing is an optional extra; any failure leaves the text fallback in place.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }
}
