using System.Text.Json;
using Dapper;
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

/// <summary>The conversation table of the app-state store (SQLite, PostgreSQL or SQL Server); rows are JSON routing contexts.</summary>
public class ConversationStateStore(AppStateDatabase database, TimeProvider time, TimeSpan expiry) : IConversationStateStore
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
        var upsert = database.Kind == AppStateKind.SqlServer
            ? """
              MERGE conversation_state WITH (HOLDLOCK) AS target
              USING (SELECT @conversationId AS conversation_id, @principal AS principal) AS source
              ON target.conversation_id = source.conversation_id AND target.principal = source.principal
              WHEN MATCHED THEN UPDATE SET context = @context, updated_at = @updatedAt
              WHEN NOT MATCHED THEN INSERT (conversation_id, principal, context, updated_at) VALUES (@conversationId, @principal, @context, @updatedAt);
              """
            : """
              INSERT INTO conversation_state (conversation_id, principal, context, updated_at)
              VALUES (@conversationId, @principal, @context, @updatedAt)
              ON CONFLICT (conversation_id, principal) DO UPDATE SET context = excluded.context, updated_at = excluded.updated_at
              """;
        await connection.ExecuteAsync(new CommandDefinition(upsert,
            new { conversationId, principal = principal.ToLowerInvariant(), context = JsonSerializer.Serialize(context, Json), updatedAt = time.GetUtcNow().ToUnixTimeSeconds() },
            cancellationToken: cancellationToken));
    }

    private async Task<System.Data.Common.DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken);
        if (Volatile.Read(ref _created) == 0)
        {
            // Idempotent, so two first callers racing here is harmless.
            await connection.ExecuteAsync(database.Kind switch
            {
                AppStateKind.SqlServer => "IF OBJECT_ID(N'conversation_state') IS NULL CREATE TABLE conversation_state (conversation_id nvarchar(200) NOT NULL, principal nvarchar(320) NOT NULL, context nvarchar(max) NOT NULL, updated_at bigint NOT NULL, PRIMARY KEY (conversation_id, principal))",
                AppStateKind.Postgres => "CREATE TABLE IF NOT EXISTS conversation_state (conversation_id text NOT NULL, principal text NOT NULL, context text NOT NULL, updated_at bigint NOT NULL, PRIMARY KEY (conversation_id, principal))",
                _ => "CREATE TABLE IF NOT EXISTS conversation_state (conversation_id TEXT NOT NULL, principal TEXT NOT NULL, context TEXT NOT NULL, updated_at INTEGER NOT NULL, PRIMARY KEY (conversation_id, principal))",
            });
            Volatile.Write(ref _created, 1);
        }

        return connection;
    }
}

/// <summary>The default app-state store: a SQLite file (or memory for one-shot use).</summary>
public sealed class SqliteConversationStateStore(string connectionString, TimeProvider time, TimeSpan expiry)
    : ConversationStateStore(new AppStateDatabase(AppStateKind.Sqlite, connectionString), time, expiry);
