using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using SalesOpsBot.Conversation.Routing;

namespace SalesOpsBot.Conversation.State;

/// <summary>
/// What a conversation established so far (per conversation and user), so follow-ups inherit it. Entries expire:
/// a question asked the next morning starts afresh.
/// </summary>
public interface IConversationStateStore
{
    Task<RoutingContext?> LoadAsync(string conversationId, string principal, CancellationToken cancellationToken);

    Task SaveAsync(string conversationId, string principal, RoutingContext context, CancellationToken cancellationToken);
}

/// <summary>The app-state store's conversation table on SQLite (the default; a file, or memory for one-shot use).</summary>
public sealed class SqliteConversationStateStore(string connectionString, TimeProvider time, TimeSpan expiry) : IConversationStateStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private int _created;

    public async Task<RoutingContext?> LoadAsync(string conversationId, string principal, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(string Context, long UpdatedAt)?>(new CommandDefinition(
            "SELECT context, updated_at FROM conversation_state WHERE conversation_id = @conversationId AND principal = @principal",
            new { conversationId, principal = principal.ToLowerInvariant() }, cancellationToken: cancellationToken));
        if (row is not { } found || time.GetUtcNow().ToUnixTimeSeconds() - found.UpdatedAt > expiry.TotalSeconds)
        {
            return null;
        }

        return JsonSerializer.Deserialize<RoutingContext>(found.Context, Json);
    }

    public async Task SaveAsync(string conversationId, string principal, RoutingContext context, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO conversation_state (conversation_id, principal, context, updated_at)
            VALUES (@conversationId, @principal, @context, @updatedAt)
            ON CONFLICT (conversation_id, principal) DO UPDATE SET context = excluded.context, updated_at = excluded.updated_at
            """,
            new { conversationId, principal = principal.ToLowerInvariant(), context = JsonSerializer.Serialize(context, Json), updatedAt = time.GetUtcNow().ToUnixTimeSeconds() },
            cancellationToken: cancellationToken));
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        if (Volatile.Read(ref _created) == 0)
        {
            // Idempotent, so two first callers racing here is harmless.
            await connection.ExecuteAsync(
                "CREATE TABLE IF NOT EXISTS conversation_state (conversation_id TEXT NOT NULL, principal TEXT NOT NULL, context TEXT NOT NULL, updated_at INTEGER NOT NULL, PRIMARY KEY (conversation_id, principal))");
            Volatile.Write(ref _created, 1);
        }

        return connection;
    }
}
