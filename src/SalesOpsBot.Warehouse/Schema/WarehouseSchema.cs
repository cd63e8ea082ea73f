using System.Data.Common;
using System.Text;
using Dapper;
using SalesOpsBot.Warehouse.Connections;
using SalesOpsBot.Warehouse.Contract;

namespace SalesOpsBot.Warehouse.Schema;

/// <summary>Creates and clears the contract tables (the DDL lives in <c>Schema/&lt;dialect&gt;.sql</c>).</summary>
public static class WarehouseSchema
{
    /// <summary>The statements of a dialect's DDL script, in order.</summary>
    public static IReadOnlyList<string> Statements(WarehouseDialect dialect)
    {
        var script = Script(dialect);
        // SQL Server scripts are batches separated by GO lines; the others are plain statements.
        return dialect == WarehouseDialect.SqlServer
            ? script.Split('\n').Aggregate(new List<StringBuilder> { new() }, (batches, line) =>
            {
                if (line.Trim().Equals("GO", StringComparison.OrdinalIgnoreCase))
                {
                    batches.Add(new StringBuilder());
                }
                else
                {
                    batches[^1].AppendLine(line);
                }

                return batches;
            }).Select(b => b.ToString().Trim()).Where(IsStatement).ToList()
            : SplitStatements(script);
    }

    /// <summary>The statements of a plain script: each ends with a semicolon at the end of a line; comment-only parts are dropped.</summary>
    internal static List<string> SplitStatements(string script) =>
        script.Split(";\n").Select(s => s.Trim().TrimEnd(';')).Where(IsStatement).ToList();

    public static string Script(WarehouseDialect dialect)
    {
        using var stream = typeof(WarehouseSchema).Assembly.GetManifestResourceStream($"Schema/{dialect.FileSuffix()}.sql")
            ?? throw new InvalidOperationException($"No DDL for {dialect}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    public static async Task CreateAsync(DbConnection connection, WarehouseDialect dialect, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        foreach (var statement in Statements(dialect))
        {
            await connection.ExecuteAsync(new CommandDefinition(statement, transaction: transaction, cancellationToken: cancellationToken));
        }
    }

    /// <summary>The table's name as SQL text: contract objects live in schema salesops on servers.</summary>
    public static string QualifiedName(ContractTable table, WarehouseDialect dialect) =>
        dialect == WarehouseDialect.DuckDb ? table.Name : "salesops." + table.Name;

    /// <summary>Deletes every row of the given tables inside the caller's transaction.</summary>
    public static async Task ClearAsync(DbConnection connection, WarehouseDialect dialect, IEnumerable<ContractTable> tables, DbTransaction transaction, CancellationToken cancellationToken)
    {
        // Table names come from the fixed contract list, never from input.
        foreach (var table in tables.Reverse())
        {
            await connection.ExecuteAsync(new CommandDefinition(
                $"DELETE FROM {QualifiedName(table, dialect)}", transaction: transaction, cancellationToken: cancellationToken));
        }
    }

    private static bool IsStatement(string text) =>
        text.Split('\n').Any(line => line.Trim().Length > 0 && !line.TrimStart().StartsWith("--", StringComparison.Ordinal));
}
