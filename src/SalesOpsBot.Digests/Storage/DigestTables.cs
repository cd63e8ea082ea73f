using System.Data.Common;
using Dapper;
using SalesOpsBot.Conversation.State;

namespace SalesOpsBot.Digests.Storage;

/// <summary>
/// The digest tables of the app-state store (subscriptions, the delivery ledger, alert cool-downs), created when missing.
/// Instants are stored as Unix milliseconds in 64-bit integers and flags as 0/1, so one mapping serves SQLite,
/// PostgreSQL and SQL Server.
/// </summary>
public sealed class DigestTables(AppStateDatabase database)
{
    private int _created;

    public AppStateDatabase Database => database;

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken);
        if (Volatile.Read(ref _created) == 0)
        {
            // Idempotent statements (IF NOT EXISTS), so two instances or callers racing here are harmless.
            if (database.Kind == AppStateKind.Sqlite)
            {
                // Concurrent deliveries write the ledger from several connections; with the rollback journal they queue on
                // SQLITE_BUSY, with the write-ahead log readers never wait for the writer. The mode persists in the file.
                await connection.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode = WAL", cancellationToken: cancellationToken));
            }

            foreach (var statement in CreateStatements(database.Kind))
            {
                try
                {
                    await connection.ExecuteAsync(new CommandDefinition(statement, cancellationToken: cancellationToken));
                }
                catch (DbException) when (database.Kind == AppStateKind.Postgres)
                {
                    // PostgreSQL's CREATE TABLE IF NOT EXISTS can still lose a race on the catalogue's unique index
                    // when two instances start together; the other instance created the table.
                }
            }

            Volatile.Write(ref _created, 1);
        }

        return connection;
    }

    private static string[] CreateStatements(AppStateKind kind) => kind switch
    {
        AppStateKind.SqlServer =>
        [
            """
            IF OBJECT_ID(N'digest_subscription') IS NULL CREATE TABLE digest_subscription (
                subscription_id nvarchar(64) NOT NULL PRIMARY KEY, principal nvarchar(320) NOT NULL,
                conversation_id nvarchar(400) NOT NULL, cron nvarchar(120) NOT NULL, time_zone nvarchar(100) NOT NULL,
                content_kind nvarchar(40) NOT NULL, territory_id nvarchar(200) NULL, is_active bigint NOT NULL,
                deactivation_reason nvarchar(400) NULL, created_at bigint NOT NULL, updated_at bigint NOT NULL)
            """,
            """
            IF OBJECT_ID(N'digest_delivery') IS NULL CREATE TABLE digest_delivery (
                subscription_id nvarchar(64) NOT NULL, slot_at bigint NOT NULL, status nvarchar(20) NOT NULL,
                owner_instance nvarchar(200) NULL, claim_token nvarchar(64) NULL, lease_expires_at bigint NOT NULL,
                attempts bigint NOT NULL, activity_id nvarchar(400) NULL, detail nvarchar(1000) NULL, updated_at bigint NOT NULL,
                PRIMARY KEY (subscription_id, slot_at))
            """,
            """
            IF OBJECT_ID(N'digest_alert_sent') IS NULL CREATE TABLE digest_alert_sent (
                subscription_id nvarchar(64) NOT NULL, alert_key nvarchar(100) NOT NULL, sent_at bigint NOT NULL,
                PRIMARY KEY (subscription_id, alert_key))
            """,
            """
            IF OBJECT_ID(N'digest_alert_baseline') IS NULL CREATE TABLE digest_alert_baseline (
                subscription_id nvarchar(64) NOT NULL PRIMARY KEY, baseline nvarchar(max) NOT NULL, updated_at bigint NOT NULL)
            """,
        ],
        _ =>
        [
            """
            CREATE TABLE IF NOT EXISTS digest_subscription (
                subscription_id TEXT NOT NULL PRIMARY KEY, principal TEXT NOT NULL, conversation_id TEXT NOT NULL,
                cron TEXT NOT NULL, time_zone TEXT NOT NULL, content_kind TEXT NOT NULL, territory_id TEXT NULL,
                is_active BIGINT NOT NULL, deactivation_reason TEXT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE IF NOT EXISTS digest_delivery (
                subscription_id TEXT NOT NULL, slot_at BIGINT NOT NULL, status TEXT NOT NULL, owner_instance TEXT NULL,
                claim_token TEXT NULL, lease_expires_at BIGINT NOT NULL, attempts BIGINT NOT NULL, activity_id TEXT NULL,
                detail TEXT NULL, updated_at BIGINT NOT NULL, PRIMARY KEY (subscription_id, slot_at))
            """,
            """
            CREATE TABLE IF NOT EXISTS digest_alert_sent (
                subscription_id TEXT NOT NULL, alert_key TEXT NOT NULL, sent_at BIGINT NOT NULL, PRIMARY KEY (subscription_id, alert_key))
            """,
            """
            CREATE TABLE IF NOT EXISTS digest_alert_baseline (
                subscription_id TEXT NOT NULL PRIMARY KEY, baseline TEXT NOT NULL, updated_at BIGINT NOT NULL)
            """,
        ],
    };
}
