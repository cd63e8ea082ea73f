using Microsoft.Data.Sqlite;
using SalesOpsBot.Conversation.State;
using SalesOpsBot.TestKit;

namespace SalesOpsBot.Digests.Tests;

/// <summary>A fresh app-state database of one kind for a test: a SQLite file (deleted afterwards) or a PostgreSQL database.</summary>
public sealed class TestAppState : IAsyncDisposable
{
    private readonly string? _file;

    private TestAppState(AppStateDatabase database, string? file)
    {
        Database = database;
        _file = file;
    }

    public AppStateDatabase Database { get; }

    public static TestAppState Sqlite()
    {
        var file = Path.Combine(Path.GetTempPath(), $"salesops-digests-{Guid.NewGuid():N}.db");
        return new TestAppState(new AppStateDatabase(AppStateKind.Sqlite, $"Data Source={file}"), file);
    }

    public static async Task<TestAppState> PostgresAsync(PostgresServer server, CancellationToken cancellationToken) =>
        new(new AppStateDatabase(AppStateKind.Postgres, await server.CreateDatabaseAsync(cancellationToken)), null);

    public ValueTask DisposeAsync()
    {
        if (_file is not null)
        {
            SqliteConnection.ClearAllPools();
            File.Delete(_file);
        }

        return ValueTask.CompletedTask;
    }
}
