using System.Data;
using Microsoft.Data.SqlClient;
using SalesOpsBot.Warehouse.Contract;

namespace SalesOpsBot.Warehouse.Loading;

/// <summary>
/// Streams contract rows into SQL Server with SqlBulkCopy inside the caller's transaction, buffering
/// each table's rows in batches because rows of several tables arrive interleaved.
/// </summary>
internal sealed class SqlServerBulkSink(SqlConnection connection, SqlTransaction transaction) : IContractRowSink, IDisposable
{
    private const int BatchSize = 50_000;
    private readonly Dictionary<ContractTable, DataTable> _buffers = [];

    public void Add(TerritoryRow row) => Buffer(ContractTables.Territories, row.TerritoryId, row.Name, row.ParentId, row.LevelName);

    public void Add(RepRow row) => Buffer(ContractTables.Reps,
        row.RepId, row.Name, row.Email, row.ManagerId, row.TerritoryId, row.Role, row.HireDate.ToDateTime(TimeOnly.MinValue),
        row.EndDate?.ToDateTime(TimeOnly.MinValue));

    public void Add(AccountRow row) => Buffer(ContractTables.Accounts, row.AccountId, row.Name, row.Segment, row.Industry, row.Country);

    public void Add(ProductRow row) => Buffer(ContractTables.Products, row.ProductId, row.Name, row.Family);

    public void Add(OpportunityRow row) => Buffer(ContractTables.Opportunities,
        row.OpportunityId, row.Name, row.AccountId, row.OwnerId, row.TerritoryId, row.ProductId, row.Type, row.LeadSource,
        row.CreatedDate.ToDateTime(TimeOnly.MinValue), row.CloseDate.ToDateTime(TimeOnly.MinValue), row.Stage,
        row.ForecastCategory, row.Amount, row.IsClosed, row.IsWon, row.LossReason);

    public void Add(OpportunityHistoryRow row) => Buffer(ContractTables.OpportunityHistory,
        row.OpportunityId, row.ChangedAt, row.Stage, row.ForecastCategory, row.Amount,
        row.CloseDate.ToDateTime(TimeOnly.MinValue), row.IsClosed, row.IsWon);

    public void Add(QuotaRow row) => Buffer(ContractTables.Quotas,
        row.TerritoryId, row.RepId, row.PeriodStart.ToDateTime(TimeOnly.MinValue), row.Amount);

    public void Add(UserAccessRow row) => Buffer(ContractTables.UserAccess, row.Principal, row.Role, row.TerritoryId, row.RepId);

    /// <summary>Writes what is still buffered; call before committing.</summary>
    public void Dispose()
    {
        foreach (var table in ContractTables.All)
        {
            Flush(table);
        }

        foreach (var buffer in _buffers.Values)
        {
            buffer.Dispose();
        }
    }

    private void Buffer(ContractTable table, params object?[] values)
    {
        if (!_buffers.TryGetValue(table, out var buffer))
        {
            buffer = new DataTable(table.Name) { Locale = System.Globalization.CultureInfo.InvariantCulture };
            foreach (var column in table.Columns)
            {
                buffer.Columns.Add(column.Name, column.Kind switch
                {
                    ColumnKind.Date or ColumnKind.Timestamp => typeof(DateTime),
                    ColumnKind.Money => typeof(decimal),
                    ColumnKind.Boolean => typeof(bool),
                    _ => typeof(string),
                });
            }

            _buffers[table] = buffer;
        }

        buffer.Rows.Add(values.Select(v => v ?? DBNull.Value).ToArray());
        if (buffer.Rows.Count >= BatchSize)
        {
            Flush(table);
        }
    }

    private void Flush(ContractTable table)
    {
        if (!_buffers.TryGetValue(table, out var buffer) || buffer.Rows.Count == 0)
        {
            return;
        }

        using var copy = new SqlBulkCopy(connection, SqlBulkCopyOptions.CheckConstraints, transaction)
        {
            DestinationTableName = "salesops." + table.Name,
            BulkCopyTimeout = 0,
        };
        foreach (DataColumn column in buffer.Columns)
        {
            copy.ColumnMappings.Add(column.ColumnName, column.ColumnName);
        }

        copy.WriteToServer(buffer);
        buffer.Rows.Clear();
    }
}
