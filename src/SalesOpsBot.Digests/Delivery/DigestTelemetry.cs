using System.Diagnostics.Metrics;

namespace SalesOpsBot.Digests.Delivery;

/// <summary>
/// The digest instruments on the meter <c>SalesOpsBot.Digests</c> (exported with every <c>SalesOpsBot.*</c> meter): deliveries by
/// outcome (sent, failed, uncertain, skipped, deactivated, recovered) and the duration of a scheduler pass. Counts only, never
/// sales figures.
/// </summary>
public static class DigestTelemetry
{
    public const string MeterName = "SalesOpsBot.Digests";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Deliveries = Meter.CreateCounter<long>(
        "salesopsbot.digests.deliveries", unit: "{delivery}", description: "Digest slots settled, by outcome.");

    private static readonly Histogram<double> PassDuration = Meter.CreateHistogram<double>(
        "salesopsbot.digests.pass.duration", unit: "s", description: "Duration of one scheduler pass over the due subscriptions.");

    /// <summary>Records what one pass did; zero counts are not recorded so idle passes cost one histogram point.</summary>
    public static void RecordPass(DigestRunSummary summary, TimeSpan duration)
    {
        Add("sent", summary.Sent);
        Add("failed", summary.Failed);
        Add("uncertain", summary.Uncertain);
        Add("skipped", summary.Skipped);
        Add("deactivated", summary.Deactivated);
        Add("recovered", summary.Recovered);
        Add("retrying", summary.Retrying);
        PassDuration.Record(duration.TotalSeconds);
    }

    private static void Add(string outcome, int count)
    {
        if (count > 0)
        {
            Deliveries.Add(count, new KeyValuePair<string, object?>("outcome", outcome));
        }
    }
}
