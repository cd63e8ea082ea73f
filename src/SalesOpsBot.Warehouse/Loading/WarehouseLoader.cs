using System.Data.Common;
using DuckDB.NET.Data;
using Microsoft.Data.SqlClient;
using Npgsql;
using SalesOpsBot.Warehouse.Connections;
using SalesOpsBot.Warehouse.Contract;
using SalesOpsBot.Warehouse.Schema;

namespace SalesOpsBot.Warehouse.Loading;

/// <summary>
/// Writes contract rows into a warehouse all-or-nothing: the tables are created if missing, the replaced
/// tables are emptied and refilled inside one transaction, and any failure (including a validation error
/// the producer raises) rolls everything back, leaving the warehouse exactly as it was.
/// </summary>
public static class WarehouseLoader
{
    /// <summary>Runs <paramref name="produce"/> against a sink writing into <paramref name="replacedTables"/>.</summary>
    public static async Task<T> ReplaceAsync<T>(
        IWarehouseConnectionFactory connections,
        IReadOnlyCollection<ContractTable> replacedTables,
        Func<IContractRowSink, DbConnection, DbTransaction, T> produce,
        CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenWritableAsync(cancellationToken);
        await WarehouseSchema.CreateAsync(connection, connections.Dialect, transaction: null, cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await WarehouseSchema.ClearAsync(connection, connections.Dialect, replacedTables, transaction, cancellationToken);
            T result;
            using (var sink = CreateSink(connection, transaction))
            {
                result = produce((IContractRowSink)sink, connection, transaction);
            }

            cancellationToken.ThrowIfCancellationRequested();
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        catch
        {
            await transaction.RollbackAsync(CancellationToken.None);
            throw;
        }
    }

    private static IDisposable CreateSink(DbConnection connection, DbTransaction transaction) => connection switch
    {
        DuckDBConnection duck => new DuckDbBulkSink(duck),
        NpgsqlConnection npgsql => new PostgresBulkSink(npgsql),
        SqlConnection sql => new SqlServerBulkSink(sql, (SqlTransaction)transaction),
        _ => throw new NotSupportedException($"No bulk loader for {connection.GetType().Name}."),
    };
}
