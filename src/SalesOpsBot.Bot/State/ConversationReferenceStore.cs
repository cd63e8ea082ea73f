using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using SalesOpsBot.Bot.Hosting;

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

/// <summary>SQLite through Dapper; the schema is created on first use.</summary>
public sealed class SqliteConversationReferenceStore(IOptions<BotOptions> options, TimeProvider timeProvider) : IConversationReferenceStore, IDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS conversation_reference (
            conversation_id     TEXT NOT NULL PRIMARY KEY,
            channel_id          TEXT NOT NULL,
            service_url         TEXT NOT NULL,
            tenant_id           TEXT NULL,
            conversation_type   TEXT NULL,
            bot_id              TEXT NULL,
            bot_name            TEXT NULL,
            user_id             TEXT NULL,
            user_aad_object_id  TEXT NULL,
            user_name           TEXT NULL,
            is_active           INTEGER NOT NULL,
            deactivation_reason TEXT NULL,
            welcomed_at         TEXT NULL,
            updated_at          TEXT NOT NULL
        );
        """;

    private const string SelectColumns = """
        SELECT conversation_id AS ConversationId, channel_id AS ChannelId, service_url AS ServiceUrl,
               tenant_id AS TenantId, conversation_type AS ConversationType, bot_id AS BotId, bot_name AS BotName,
               user_id AS UserId, user_aad_object_id AS UserAadObjectId, user_name AS UserName,
               is_active AS IsActive, deactivation_reason AS DeactivationReason,
               welcomed_at AS WelcomedAt, updated_at AS UpdatedAt
        FROM conversation_reference
        """;

    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private volatile bool _schemaReady;

    static SqliteConversationReferenceStore()
    {
        SqlMapper.AddTypeHandler(new DateTimeOffsetHandler());
    }

    public async Task UpsertAsync(ConversationReference reference, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        // A new inbound activity revives a deactivated reference: the user wrote or reinstalled.
        const string sql = """
            INSERT INTO conversation_reference (conversation_id, channel_id, service_url, tenant_id, conversation_type,
                bot_id, bot_name, user_id, user_aad_object_id, user_name, is_active, deactivation_reason, welcomed_at, updated_at)
            VALUES (@ConversationId, @ChannelId, @ServiceUrl, @TenantId, @ConversationType, @BotId, @BotName, @UserId,
                @UserAadObjectId, @UserName, 1, NULL, NULL, @UpdatedAt)
            ON CONFLICT (conversation_id) DO UPDATE SET
                channel_id = excluded.channel_id,
                service_url = excluded.service_url,
                tenant_id = COALESCE(excluded.tenant_id, tenant_id),
                conversation_type = COALESCE(excluded.conversation_type, conversation_type),
                bot_id = COALESCE(excluded.bot_id, bot_id),
                bot_name = COALESCE(excluded.bot_name, bot_name),
                user_id = COALESCE(excluded.user_id, user_id),
                user_aad_object_id = COALESCE(excluded.user_aad_object_id, user_aad_object_id),
                user_name = COALESCE(excluded.user_name, user_name),
                is_active = 1,
                deactivation_reason = NULL,
                updated_at = excluded.updated_at;
            """;
        await connection.ExecuteAsync(new CommandDefinition(sql, reference with { UpdatedAt = timeProvider.GetUtcNow() }, cancellationToken: cancellationToken));
    }

    public async Task<ConversationReference?> GetAsync(string conversationId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ConversationReference>(new CommandDefinition(
            SelectColumns + " WHERE conversation_id = @conversationId", new { conversationId }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<ConversationReference>> ListActiveAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ConversationReference>(new CommandDefinition(
            SelectColumns + " WHERE is_active = 1 ORDER BY conversation_id", cancellationToken: cancellationToken));
        return [.. rows];
    }

    public async Task DeactivateAsync(string conversationId, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE conversation_reference SET is_active = 0, deactivation_reason = @reason, updated_at = @now WHERE conversation_id = @conversationId",
            new { conversationId, reason, now = timeProvider.GetUtcNow() }, cancellationToken: cancellationToken));
    }

    public async Task<bool> TryMarkWelcomedAsync(string conversationId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE conversation_reference SET welcomed_at = @at WHERE conversation_id = @conversationId AND welcomed_at IS NULL",
            new { conversationId, at }, cancellationToken: cancellationToken));
        return changed == 1;
    }

    public void Dispose() => _schemaLock.Dispose();

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(options.Value.StateConnectionString);
        await connection.OpenAsync(cancellationToken);
        if (!_schemaReady)
        {
            await _schemaLock.WaitAsync(cancellationToken);
            try
            {
                if (!_schemaReady)
                {
                    await connection.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode = WAL;" + Schema, cancellationToken: cancellationToken));
                    _schemaReady = true;
                }
            }
            finally
            {
                _schemaLock.Release();
            }
        }

        return connection;
    }

    // SQLite stores text; round-trip instants as ISO 8601 with offset.
    private sealed class DateTimeOffsetHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override void SetValue(System.Data.IDbDataParameter parameter, DateTimeOffset value) =>
            parameter.Value = value.ToString("O", System.Globalization.CultureInfo.InvariantCulture);

        public override DateTimeOffset Parse(object value) =>
            DateTimeOffset.Parse((string)value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind);
    }
}
