using System.Data.Common;

namespace SalesOpsBot.Warehouse.Connections;

/// <summary>
/// Tells the database whose question a connection serves, for the row-level security of <c>infra/sql/</c> (defence in
/// depth behind the scope every statement applies itself): SQL Server <c>SESSION_CONTEXT(N'salesops_principal')</c>, set
/// read-only so later statements cannot change it; PostgreSQL the setting <c>salesops.principal</c>. The value is the
/// caller's identities (lower-cased, comma-separated); an empty value (the unscoped lookups) makes the policies show no
/// sales rows. DuckDB has no row-level security, so nothing is set there.
/// </summary>
public static class SessionPrincipal
{
    public const string SqlServerKey = "salesops_principal";

    public const string PostgresSetting = "salesops.principal";

    public static string Value(IReadOnlyList<string> principals) =>
        string.Join(",", principals.Select(p => p.Trim().ToLowerInvariant()).Where(p => p.Length > 0 && !p.Contains(',', StringComparison.Ordinal)));

    public static async Task ApplyAsync(DbConnection connection, WarehouseDialect dialect, IReadOnlyList<string> principals, CancellationToken cancellationToken)
    {
        var text = dialect switch
        {
            WarehouseDialect.SqlServer => $"EXEC sp_set_session_context @key = N'{SqlServerKey}', @value = @principal, @read_only = 1",
            // Session-wide (is_local false): the read-only connection runs each statement in its own transaction.
            WarehouseDialect.Postgres => $"SELECT set_config('{PostgresSetting}', @principal, false)",
            _ => null,
        };
        if (text is null)
        {
            return;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = text;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "principal";
        parameter.Value = Value(principals);
        command.Parameters.Add(parameter);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
