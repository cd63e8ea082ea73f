using System.Data.Common;
using DuckDB.NET.Data;
using Microsoft.Data.SqlClient;
using Npgsql;
using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Warehouse.Connections;
using SalesOpsBot.Warehouse.Contract;
using SalesOpsBot.Warehouse.Derived;
using SalesOpsBot.Warehouse.Schema;

namespace SalesOpsBot.Warehouse.Loading;

/// <summary>
/// Writes contract rows into a warehouse all-or-nothing: the tables are created if missing, the replaced
/// tables are emptied and refilled inside one transaction, and any failure (including a validation error
/// the producer raises) rolls everything back, leaving the warehouse exactly as it was. The embedded warehouse's
/// derived tables (<see cref="DealSpans"/>) are rebuilt right after, in a transaction of their own; until it commits
/// their fingerprint does not match, so no question reads them stale.
/// </summary>
public static class WarehouseLoader
{
    /// <summary>Runs <paramref name="produce"/> against a sink writing into <paramref name="replacedTables"/>.</summary>
    public static async Task<T> ReplaceAsync<T>(
        IWarehouseConnectionFactory connections,
        FiscalCalendar calendar,
        IReadOnlyCollection<ContractTable> replacedTables,
        Func<IContractRowSink, DbConnection, DbTransaction, T> produce,
        CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenWritableAsync(cancellationToken);
        await WarehouseSchema.CreateAsync(connection, connections.Dialect, transaction: null, cancellationToken);
        var result = await LoadAsync(connection, connections.Dialect, replacedTables, produce, cancellationToken);

        // In its own transaction: inside the load's, DuckDB took four times as long (uncommitted rows are not yet in
        // compressed, indexed row groups). Until it commits, the derived tables' fingerprint does not match the new rows,
        // so questions run the portable statements; if it fails, they keep doing so until the next load.
        // Not cancelled, and a failure does not fail the load: its rows have committed, and without the derived tables the
        // answers are only slower (`salesops doctor` says so and rebuilds them with --rebuild-spans).
        try
        {
            await DealSpans.RebuildAsync(connection, connections.Dialect, calendar, CancellationToken.None);
        }
        catch (DbException)
        {
        }

        return result;
    }

    private static async Task<T> LoadAsync<T>(
        DbConnection connection,
        WarehouseDialect dialect,
        IReadOnlyCollection<ContractTable> replacedTables,
        Func<IContractRowSink, DbConnection, DbTransaction, T> produce,
        CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await WarehouseSchema.ClearAsync(connection, dialect, replacedTables, transaction, cancellationToken);
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
