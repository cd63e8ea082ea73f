using System.Data.Common;
using Dapper;
using SalesOpsBot.Conversation.State;

namespace SalesOpsBot.Bot.State;

/// <summary>
/// What the bot needs to message a conversation later (botframework-protocol.md §3.4): where (service URL,
/// conversation id, tenant), as whom (bot id) and to whom (user ids). Deactivated references are kept so a
/// later install or message can revive them.
/// </summary>
public sealed record ConversationReference
{
    public required string ConversationId { get; init; }
    public required string ChannelId { get; init; }
    public required string ServiceUrl { get; init; }
    public string? TenantId { get; init; }
    public string? ConversationType { get; init; }
    public string? BotId { get; init; }
    public string? BotName { get; init; }
    public string? UserId { get; init; }
    public string? UserAadObjectId { get; init; }
    public string? UserName { get; init; }
    public bool IsActive { get; init; } = true;
    public string? DeactivationReason { get; init; }
    public DateTimeOffset? WelcomedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

public interface IConversationReferenceStore
{
    /// <summary>Inserts or refreshes a reference and marks it active (the service URL can change, security-anchors §5.2).</summary>
    Task UpsertAsync(ConversationReference reference, CancellationToken cancellationToken);

    Task<ConversationReference?> GetAsync(string conversationId, CancellationToken cancellationToken);

    Task<IReadOnlyList<ConversationReference>> ListActiveAsync(CancellationToken cancellationToken);

    /// <summary>Stops proactive sends to a conversation (403 roster/blocked, 404, uninstall).</summary>
    Task DeactivateAsync(string conversationId, string reason, CancellationToken cancellationToken);

    /// <summary>Records the welcome; false when one was already recorded (Teams sends both install events).</summary>
    Task<bool> TryMarkWelcomedAsync(string conversationId, DateTimeOffset at, CancellationToken cancellationToken);
}

/// <summary>
/// Conversation references in the app-state store (SQLite, PostgreSQL or SQL Server; <c>Bot:StateConnectionString</c>),
/// shared by every bot instance on that database. Instants are Unix milliseconds and flags 0/1, as in the digest tables,
/// so one mapping serves the three databases. The table is created when missing.
/// </summary>
public sealed class ConversationReferenceStore(AppStateDatabase database, TimeProvider timeProvider) : IConversationReferenceStore
{
    private const string Table = "bot_conversation_reference";

    private const string SelectColumns = $"""
        SELECT conversation_id AS ConversationId, channel_id AS ChannelId, service_url AS ServiceUrl,
               tenant_id AS TenantId, conversation_type AS ConversationType, bot_id AS BotId, bot_name AS BotName,
               user_id AS UserId, user_aad_object_id AS UserAadObjectId, user_name AS UserName,
               is_active AS IsActive, deactivation_reason AS DeactivationReason,
               welcomed_at AS WelcomedAt, updated_at AS UpdatedAt
        FROM {Table}
        """;

    // Only the columns an inbound activity can refresh; a null keeps what an earlier activity stored (group chats
    // and install events carry no user).
    private const string SqlServerUpsert = $"""
        MERGE {Table} WITH (HOLDLOCK) AS target
        USING (SELECT @ConversationId AS conversation_id) AS source ON target.conversation_id = source.conversation_id
        WHEN MATCHED THEN UPDATE SET
            channel_id = @ChannelId, service_url = @ServiceUrl,
            tenant_id = COALESCE(@TenantId, target.tenant_id),
            conversation_type = COALESCE(@ConversationType, target.conversation_type),
            bot_id = COALESCE(@BotId, target.bot_id), bot_name = COALESCE(@BotName, target.bot_name),
            user_id = COALESCE(@UserId, target.user_id),
            user_aad_object_id = COALESCE(@UserAadObjectId, target.user_aad_object_id),
            user_name = COALESCE(@UserName, target.user_name),
            is_active = 1, deactivation_reason = NULL, updated_at = @UpdatedAt
        WHEN NOT MATCHED THEN INSERT (conversation_id, channel_id, service_url, tenant_id, conversation_type, bot_id, bot_name,
            user_id, user_aad_object_id, user_name, is_active, deactivation_reason, welcomed_at, updated_at)
            VALUES (@ConversationId, @ChannelId, @ServiceUrl, @TenantId, @ConversationType, @BotId, @BotName, @UserId,
            @UserAadObjectId, @UserName, 1, NULL, NULL, @UpdatedAt);
        """;

    private const string Upsert = $"""
        INSERT INTO {Table} (conversation_id, channel_id, service_url, tenant_id, conversation_type,
            bot_id, bot_name, user_id, user_aad_object_id, user_name, is_active, deactivation_reason, welcomed_at, updated_at)
        VALUES (@ConversationId, @ChannelId, @ServiceUrl, @TenantId, @ConversationType, @BotId, @BotName, @UserId,
            @UserAadObjectId, @UserName, 1, NULL, NULL, @UpdatedAt)
        ON CONFLICT (conversation_id) DO UPDATE SET
            channel_id = excluded.channel_id,
            service_url = excluded.service_url,
            tenant_id = COALESCE(excluded.tenant_id, {Table}.tenant_id),
            conversation_type = COALESCE(excluded.conversation_type, {Table}.conversation_type),
            bot_id = COALESCE(excluded.bot_id, {Table}.bot_id),
            bot_name = COALESCE(excluded.bot_name, {Table}.bot_name),
            user_id = COALESCE(excluded.user_id, {Table}.user_id),
            user_aad_object_id = COALESCE(excluded.user_aad_object_id, {Table}.user_aad_object_id),
            user_name = COALESCE(excluded.user_name, {Table}.user_name),
            is_active = 1,
            deactivation_reason = NULL,
            updated_at = excluded.updated_at
        """;

    private int _created;

    public AppStateDatabase Database => database;

    public async Task UpsertAsync(ConversationReference reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        await using var connection = await OpenAsync(cancellationToken);
        // A new inbound activity revives a deactivated reference: the user wrote or reinstalled.
        await connection.ExecuteAsync(new CommandDefinition(database.Kind == AppStateKind.SqlServer ? SqlServerUpsert : Upsert, new
        {
            reference.ConversationId,
            reference.ChannelId,
            reference.ServiceUrl,
            reference.TenantId,
            reference.ConversationType,
            reference.BotId,
            reference.BotName,
            reference.UserId,
            reference.UserAadObjectId,
            reference.UserName,
            UpdatedAt = timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
        }, cancellationToken: cancellationToken));
    }

    public async Task<ConversationReference?> GetAsync(string conversationId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            SelectColumns + " WHERE conversation_id = @conversationId", new { conversationId }, cancellationToken: cancellationToken));
        return row?.ToReference();
    }

    public async Task<IReadOnlyList<ConversationReference>> ListActiveAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            SelectColumns + " WHERE is_active = 1 ORDER BY conversation_id", cancellationToken: cancellationToken));
        return [.. rows.Select(row => row.ToReference())];
    }

    public async Task DeactivateAsync(string conversationId, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE {Table} SET is_active = 0, deactivation_reason = @reason, updated_at = @now WHERE conversation_id = @conversationId",
            new { conversationId, reason, now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
    }

    public async Task<bool> TryMarkWelcomedAsync(string conversationId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        // One conditional update: with several instances receiving the two install events, exactly one wins.
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE {Table} SET welcomed_at = @at WHERE conversation_id = @conversationId AND welcomed_at IS NULL",
            new { conversationId, at = at.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
        return changed == 1;
    }

    /// <summary>Opens the store (creating the table when missing); readiness checks use it as the reachability probe.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken);
        if (Volatile.Read(ref _created) == 0)
        {
            try
            {
                if (database.Kind == AppStateKind.Sqlite)
                {
                    // Readers do not block the writer: several workers answer at once.
                    await connection.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode = WAL", cancellationToken: cancellationToken));
                }

                await connection.ExecuteAsync(new CommandDefinition(CreateTable(database.Kind), cancellationToken: cancellationToken));
            }
            catch (DbException) when (database.Kind == AppStateKind.Postgres)
            {
                // CREATE TABLE IF NOT EXISTS can lose a race on PostgreSQL's catalogue when two instances start together;
                // the other instance created the table.
            }

            Volatile.Write(ref _created, 1);
        }

        return connection;
    }

    private static string CreateTable(AppStateKind kind) => kind == AppStateKind.SqlServer
        ? $"""
           IF OBJECT_ID(N'{Table}') IS NULL CREATE TABLE {Table} (
               conversation_id nvarchar(400) NOT NULL PRIMARY KEY, channel_id nvarchar(100) NOT NULL, service_url nvarchar(1000) NOT NULL,
               tenant_id nvarchar(100) NULL, conversation_type nvarchar(50) NULL, bot_id nvarchar(400) NULL, bot_name nvarchar(400) NULL,
               user_id nvarchar(400) NULL, user_aad_object_id nvarchar(100) NULL, user_name nvarchar(400) NULL, is_active bigint NOT NULL,
               deactivation_reason nvarchar(400) NULL, welcomed_at bigint NULL, updated_at bigint NOT NULL)
           """
        : $"""
           CREATE TABLE IF NOT EXISTS {Table} (
               conversation_id TEXT NOT NULL PRIMARY KEY, channel_id TEXT NOT NULL, service_url TEXT NOT NULL, tenant_id TEXT NULL,
               conversation_type TEXT NULL, bot_id TEXT NULL, bot_name TEXT NULL, user_id TEXT NULL, user_aad_object_id TEXT NULL,
               user_name TEXT NULL, is_active BIGINT NOT NULL, deactivation_reason TEXT NULL, welcomed_at BIGINT NULL, updated_at BIGINT NOT NULL)
           """;

    private sealed record Row(
        string ConversationId, string ChannelId, string ServiceUrl, string? TenantId, string? ConversationType, string? BotId, string? BotName,
        string? UserId, string? UserAadObjectId, string? UserName, long IsActive, string? DeactivationReason, long? WelcomedAt, long UpdatedAt)
    {
        public ConversationReference ToReference() => new()
        {
            ConversationId = ConversationId,
            ChannelId = ChannelId,
            ServiceUrl = ServiceUrl,
            TenantId = TenantId,
            ConversationType = ConversationType,
            BotId = BotId,
            BotName = BotName,
            UserId = UserId,
            UserAadObjectId = UserAadObjectId,
            UserName = UserName,
            IsActive = IsActive == 1,
            DeactivationReason = DeactivationReason,
            WelcomedAt = WelcomedAt is { } welcomed ? DateTimeOffset.FromUnixTimeMilliseconds(welcomed) : null,
            UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(UpdatedAt),
        };
    }
}
