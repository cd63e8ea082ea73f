using System.Text.Json;
using Dapper;
using SalesOpsBot.Conversation.State;
using SalesOpsBot.Digests.Delivery;
using SalesOpsBot.Digests.Storage;

namespace SalesOpsBot.Digests.Content;

/// <summary>
/// When each alert of a subscription was last sent, so one event produces one alert: an alert sent within
/// <paramref name="cooldown"/> is left out of the next checks. Recorded only after the channel accepted the message.
/// </summary>
public sealed class AlertCooldown(DigestTables tables, TimeProvider time, TimeSpan cooldown)
{
    /// <summary>The keys of the subscription's alerts sent within the cool-down.</summary>
    public async Task<IReadOnlySet<string>> CoolingDownAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        await using var connection = await tables.OpenAsync(cancellationToken);
        var keys = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT alert_key FROM digest_alert_sent WHERE subscription_id = @subscriptionId AND sent_at > @since",
            new { subscriptionId, since = (time.GetUtcNow() - cooldown).ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
        return keys.ToHashSet(StringComparer.Ordinal);
    }

    public async Task RecordSentAsync(string subscriptionId, IReadOnlyList<string> alertKeys, CancellationToken cancellationToken)
    {
        if (alertKeys.Count == 0)
        {
            return;
        }

        await using var connection = await tables.OpenAsync(cancellationToken);
        var upsert = tables.Database.Kind == AppStateKind.SqlServer
            ? """
              MERGE digest_alert_sent WITH (HOLDLOCK) AS target
              USING (SELECT @subscriptionId AS subscription_id, @alertKey AS alert_key) AS source
              ON target.subscription_id = source.subscription_id AND target.alert_key = source.alert_key
              WHEN MATCHED THEN UPDATE SET sent_at = @sentAt
              WHEN NOT MATCHED THEN INSERT (subscription_id, alert_key, sent_at) VALUES (@subscriptionId, @alertKey, @sentAt);
              """
            : """
              INSERT INTO digest_alert_sent (subscription_id, alert_key, sent_at) VALUES (@subscriptionId, @alertKey, @sentAt)
              ON CONFLICT (subscription_id, alert_key) DO UPDATE SET sent_at = excluded.sent_at
              """;
        var sentAt = time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var alertKey in alertKeys)
        {
            await connection.ExecuteAsync(new CommandDefinition(upsert, new { subscriptionId, alertKey, sentAt }, cancellationToken: cancellationToken));
        }
    }

    /// <summary>The figures of the subscription's previous alert evaluation that was settled (sent, or nothing to report); null before the first.</summary>
    public async Task<AlertBaseline?> BaselineAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        await using var connection = await tables.OpenAsync(cancellationToken);
        var json = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT baseline FROM digest_alert_baseline WHERE subscription_id = @subscriptionId", new { subscriptionId }, cancellationToken: cancellationToken));
        return json is null ? null : JsonSerializer.Deserialize<AlertBaseline>(json);
    }

    /// <summary>
    /// Moves the comparison point forward. Called only once an evaluation is settled (its alert was accepted by the channel, or no
    /// alert was due), so an alert that failed to send is detected again rather than lost.
    /// </summary>
    public async Task RecordBaselineAsync(string subscriptionId, AlertBaseline baseline, CancellationToken cancellationToken)
    {
        await using var connection = await tables.OpenAsync(cancellationToken);
        var upsert = tables.Database.Kind == AppStateKind.SqlServer
            ? """
              MERGE digest_alert_baseline WITH (HOLDLOCK) AS target
              USING (SELECT @subscriptionId AS subscription_id) AS source ON target.subscription_id = source.subscription_id
              WHEN MATCHED THEN UPDATE SET baseline = @json, updated_at = @now
              WHEN NOT MATCHED THEN INSERT (subscription_id, baseline, updated_at) VALUES (@subscriptionId, @json, @now);
              """
            : """
              INSERT INTO digest_alert_baseline (subscription_id, baseline, updated_at) VALUES (@subscriptionId, @json, @now)
              ON CONFLICT (subscription_id) DO UPDATE SET baseline = excluded.baseline, updated_at = excluded.updated_at
              """;
        await connection.ExecuteAsync(new CommandDefinition(upsert,
            new { subscriptionId, json = JsonSerializer.Serialize(baseline), now = time.GetUtcNow().ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
    }
}
