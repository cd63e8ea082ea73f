using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace SalesOpsBot.Conversation.State;

public enum AppStateKind
{
    Sqlite,
    Postgres,
    SqlServer,
}

/// <summary>
/// The app-state store (conversation state; in production shared by every bot instance): SQLite by default
/// (<c>Data Source=FILE</c> or <c>sqlite:Data Source=FILE</c>), <c>postgres:&lt;Npgsql connection string&gt;</c> or
/// <c>sqlserver:&lt;SqlClient connection string&gt;</c>. Separate from the warehouse, which is only ever read.
/// </summary>
public sealed record AppStateDatabase(AppStateKind Kind, string ConnectionString)
{
    public static AppStateDatabase Parse(string value)
    {
        var text = value.Trim();
        return text switch
        {
            _ when text.StartsWith("postgres:", StringComparison.OrdinalIgnoreCase) => new(AppStateKind.Postgres, text["postgres:".Length..]),
            _ when text.StartsWith("sqlserver:", StringComparison.OrdinalIgnoreCase) => new(AppStateKind.SqlServer, text["sqlserver:".Length..]),
            _ when text.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) => new(AppStateKind.Sqlite, text["sqlite:".Length..]),
            _ => new(AppStateKind.Sqlite, text),
        };
    }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        DbConnection connection = Kind switch
        {
            AppStateKind.Postgres => new NpgsqlConnection(ConnectionString),
            AppStateKind.SqlServer => new SqlConnection(ConnectionString),
            _ => new SqliteConnection(ConnectionString),
        };
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
