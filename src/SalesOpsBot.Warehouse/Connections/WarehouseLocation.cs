using System.Data.Common;

namespace SalesOpsBot.Warehouse.Connections;

/// <summary>
/// Where the warehouse is: <c>duckdb:PATH</c>, <c>postgres:&lt;Npgsql connection string&gt;</c> or
/// <c>sqlserver:&lt;SqlClient connection string&gt;</c> (the <c>--db</c> option and <c>SALESOPS_DB</c>).
/// </summary>
public sealed record WarehouseLocation(WarehouseDialect Dialect, string ProviderConnectionString)
{
    public const string Default = "duckdb:salesops.duckdb";

    /// <summary>For DuckDB, the database file; null for servers.</summary>
    public string? DuckDbPath => Dialect == WarehouseDialect.DuckDb ? ProviderConnectionString : null;

    public static WarehouseLocation Parse(string? value)
    {
        var text = string.IsNullOrWhiteSpace(value) ? Default : value.Trim();
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw new WarehouseConfigurationException(
                $"'{Describe(text)}' is not a warehouse location: use duckdb:PATH, postgres:<connection string> or sqlserver:<connection string>.");
        }

        var scheme = text[..colon].ToLowerInvariant();
        var rest = text[(colon + 1)..].Trim();
        var dialect = scheme switch
        {
            "duckdb" => WarehouseDialect.DuckDb,
            "postgres" or "postgresql" => WarehouseDialect.Postgres,
            "sqlserver" or "mssql" => WarehouseDialect.SqlServer,
            _ => throw new WarehouseConfigurationException(
                $"Unknown warehouse kind '{scheme}': use duckdb:, postgres: or sqlserver:."),
        };

        if (rest.Length == 0)
        {
            throw new WarehouseConfigurationException($"The {scheme}: warehouse location has nothing after the colon.");
        }

        if (dialect != WarehouseDialect.DuckDb)
        {
            try
            {
                _ = new DbConnectionStringBuilder { ConnectionString = rest };
            }
            catch (ArgumentException)
            {
                throw new WarehouseConfigurationException($"The {scheme}: connection string is malformed.");
            }
        }

        return new WarehouseLocation(dialect, rest);
    }

    /// <summary>A description safe to print: the kind and, for servers, host and database only (never a password).</summary>
    public override string ToString()
    {
        if (Dialect == WarehouseDialect.DuckDb)
        {
            return $"duckdb:{ProviderConnectionString}";
        }

        var builder = new DbConnectionStringBuilder { ConnectionString = ProviderConnectionString };
        string? Read(params string[] keys) =>
            keys.Select(k => builder.TryGetValue(k, out var v) ? v?.ToString() : null).FirstOrDefault(v => v is not null);
        var host = Read("Host", "Server", "Data Source") ?? "?";
        var database = Read("Database", "Initial Catalog") ?? "?";
        return $"{Dialect.FileSuffix()}:{host}/{database}";
    }

    private static string Describe(string text) => text.Length > 40 ? text[..40] + "…" : text;
}

/// <summary>A setting is wrong; the message is for the person who set it.</summary>
public sealed class WarehouseConfigurationException(string message) : Exception(message);
