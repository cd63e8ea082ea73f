using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SalesOpsBot.Bot.Telemetry;

/// <summary>
/// The bot's own spans and metrics. Tags are channel, intent, outcome and HTTP status: never message text, names or amounts.
/// </summary>
public static class BotTelemetry
{
    public const string Name = "SalesOpsBot.Bot";

    public static ActivitySource Source { get; } = new(Name);

    public static Meter Meter { get; } = new(Name);

    /// <summary><c>salesops.turn.duration</c> (s): from a worker taking the turn to the answer accepted by the connector.</summary>
    public static Histogram<double> TurnDuration { get; } = Meter.CreateHistogram<double>(
        "salesops.turn.duration", "s", "Time to answer one turn, by channel, intent and outcome.");

    /// <summary><c>salesops.connector.retries</c>: connector calls retried (429, 412, 502, 503, 504), by status.</summary>
    public static Counter<long> ConnectorRetries { get; } = Meter.CreateCounter<long>(
        "salesops.connector.retries", "{retry}", "Bot Connector calls retried, by HTTP status.");

    /// <summary><c>salesops.turns.refused</c>: activities refused with 503 (queue full or shutting down), by reason.</summary>
    public static Counter<long> TurnsRefused { get; } = Meter.CreateCounter<long>(
        "salesops.turns.refused", "{turn}", "Activities refused with 503, by reason.");

    public static void RecordTurn(TimeSpan elapsed, string? channel, string? intent, string outcome) =>
        TurnDuration.Record(elapsed.TotalSeconds,
            new KeyValuePair<string, object?>("channel", channel ?? "unknown"),
            new KeyValuePair<string, object?>("intent", intent ?? "none"),
            new KeyValuePair<string, object?>("outcome", outcome));
}
