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

    /// <summary>
    /// Users report Teams refusing messages with large data-URI images (botframework-protocol.md, inline images): a picture
    /// longer than this (about 18 KB of PNG; a typical chart is 13 KB) is left out and the values are listed instead.
    /// </summary>
    public const int MaxDataUriLength = 24_000;

    private const int MaxDrawn = 256;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string?> Drawn = new(StringComparer.Ordinal);

    /// <summary>The data URI, or null when this machine cannot draw (e.g. a container without fonts): the card then
    /// falls back to the list of values, which is the same information.</summary>
    public static string? DataUri(AnswerChart chart)
    {
        // A digest sends the same chart to everyone sharing a scope: draw it once (a few ms of CPU each time otherwise).
        var key = $"{chart.Kind}\u001f{chart.Title}\u001f{chart.Unit}\u001f" + string.Join('\u001f', chart.Points.Select(p => $"{p.Label}\u001e{p.Value}"));
        if (Drawn.TryGetValue(key, out var drawn))
        {
            return drawn;
        }

        if (Drawn.Count >= MaxDrawn)
        {
            Drawn.Clear();
        }

        return Drawn[key] = Draw(chart);
    }

    private static string? Draw(AnswerChart chart)
    {
        try
        {
            var uri = "data:image/png;base64," + Convert.ToBase64String(ChartRenderer.RenderPng(chart, Width, Height));
            return uri.Length <= MaxDataUriLength ? uri : null;
        }
#pragma warning disable CA1031 // Drawing is an optional extra; any failure leaves the text fallback in place.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }
}
