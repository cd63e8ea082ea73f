using System.Data.Common;
using Dapper;
using SalesOpsBot.Conversation.State;

namespace SalesOpsBot.Bot.Messages;

/// <summary>
/// Activity ids seen by any instance, in the shared app-state store: a redelivery that lands on another instance is
/// answered once. One unique insert per activity (an expired row is taken over by a conditional update); rows past
/// their expiry are swept now and then. Used when the app-state store is PostgreSQL or SQL Server (several instances),
/// behind the in-memory <see cref="ActivityDeduplicator"/>.
/// </summary>
public sealed class SharedActivityLedger(AppStateDatabase database, TimeProvider time, TimeSpan window)
{
    private const int SweepEvery = 512;
    private int _created;
    private int _sinceSweep;

    /// <summary>True when this call is the first (within the window) to claim the activity on any instance.</summary>
    public async Task<bool> TryClaimAsync(string? conversationId, string activityId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var parameters = new
        {
            key = Key(conversationId, activityId),
            now = now.ToUnixTimeMilliseconds(),
            expiresAt = (now + window).ToUnixTimeMilliseconds(),
        };
        await using var connection = await OpenAsync(cancellationToken);
        var insert = database.Kind == AppStateKind.SqlServer
            ? """
              INSERT INTO bot_activity_seen (activity_key, expires_at)
              SELECT @key, @expiresAt WHERE NOT EXISTS (SELECT 1 FROM bot_activity_seen WITH (UPDLOCK, HOLDLOCK) WHERE activity_key = @key)
              """
            : "INSERT INTO bot_activity_seen (activity_key, expires_at) VALUES (@key, @expiresAt) ON CONFLICT (activity_key) DO NOTHING";
        var claimed = await connection.ExecuteAsync(new CommandDefinition(insert, parameters, cancellationToken: cancellationToken)) == 1
            || await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE bot_activity_seen SET expires_at = @expiresAt WHERE activity_key = @key AND expires_at <= @now",
                parameters, cancellationToken: cancellationToken)) == 1;
        if (Interlocked.Increment(ref _sinceSweep) % SweepEvery == 0)
        {
            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM bot_activity_seen WHERE expires_at <= @now", parameters, cancellationToken: cancellationToken));
        }

        return claimed;
    }

    /// <summary>Releases a claim whose activity could not be accepted, so the channel's redelivery is processed.</summary>
    public async Task ForgetAsync(string? conversationId, string activityId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM bot_activity_seen WHERE activity_key = @key", new { key = Key(conversationId, activityId) }, cancellationToken: cancellationToken));
    }

    // Conversation ids and activity ids are channel-chosen and can be long; the key only has to be unique.
    private static string Key(string? conversationId, string activityId) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(conversationId + "\n" + activityId)));

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken);
        if (Volatile.Read(ref _created) == 0)
        {
            try
            {
                await connection.ExecuteAsync(new CommandDefinition(database.Kind == AppStateKind.SqlServer
                    ? "IF OBJECT_ID(N'bot_activity_seen') IS NULL CREATE TABLE bot_activity_seen (activity_key char(64) NOT NULL PRIMARY KEY, expires_at bigint NOT NULL)"
                    : "CREATE TABLE IF NOT EXISTS bot_activity_seen (activity_key TEXT NOT NULL PRIMARY KEY, expires_at BIGINT NOT NULL)",
                    cancellationToken: cancellationToken));
            }
            catch (DbException) when (database.Kind == AppStateKind.Postgres)
            {
                // Two instances starting together can race on PostgreSQL's catalogue; the other one created the table.
            }

            Volatile.Write(ref _created, 1);
        }

        return connection;
    }
}
