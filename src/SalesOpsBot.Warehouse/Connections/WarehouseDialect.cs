namespace SalesOpsBot.Warehouse.Connections;

/// <summary>The SQL dialects a warehouse can speak. File suffixes of SQL overrides use <see cref="WarehouseDialects.FileSuffix"/>.</summary>
public enum WarehouseDialect
{
    DuckDb,
    Postgres,
    SqlServer,
}

public static class WarehouseDialects
{
    public static string FileSuffix(this WarehouseDialect dialect) => dialect switch
    {
        WarehouseDialect.DuckDb => "duckdb",
        WarehouseDialect.Postgres => "postgres",
        WarehouseDialect.SqlServer => "sqlserver",
        _ => throw new ArgumentOutOfRangeException(nameof(dialect), dialect, null),
    };
}
