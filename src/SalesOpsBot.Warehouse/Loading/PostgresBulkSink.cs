using Npgsql;
using NpgsqlTypes;
using SalesOpsBot.Warehouse.Contract;

namespace SalesOpsBot.Warehouse.Loading;

/// <summary>
/// Streams contract rows into PostgreSQL with binary COPY. A connection runs one COPY at a time while rows of
/// several tables arrive interleaved, so rows are buffered per table and flushed in batches; every COPY joins
/// the connection's transaction.
/// </summary>
internal sealed class PostgresBulkSink(NpgsqlConnection connection) : IContractRowSink, IDisposable
{
    private const int BatchSize = 50_000;
    private readonly Dictionary<ContractTable, List<object>> _buffers = [];

    public void Add(TerritoryRow row) => Buffer(ContractTables.Territories, row);

    public void Add(RepRow row) => Buffer(ContractTables.Reps, row);

    public void Add(AccountRow row) => Buffer(ContractTables.Accounts, row);

    public void Add(ProductRow row) => Buffer(ContractTables.Products, row);

    public void Add(OpportunityRow row) => Buffer(ContractTables.Opportunities, row);

    public void Add(OpportunityHistoryRow row) => Buffer(ContractTables.OpportunityHistory, row);

    public void Add(QuotaRow row) => Buffer(ContractTables.Quotas, row);

    public void Add(UserAccessRow row) => Buffer(ContractTables.UserAccess, row);

    /// <summary>Writes what is still buffered; call before committing.</summary>
    public void Dispose()
    {
        foreach (var table in ContractTables.All)
        {
            Flush(table);
        }
    }

    private void Buffer(ContractTable table, object row)
    {
        if (!_buffers.TryGetValue(table, out var rows))
        {
            rows = new List<object>(1024);
            _buffers[table] = rows;
        }

        rows.Add(row);
        if (rows.Count >= BatchSize)
        {
            Flush(table);
        }
    }

    private void Flush(ContractTable table)
    {
        if (!_buffers.TryGetValue(table, out var rows) || rows.Count == 0)
        {
            return;
        }

        var columns = string.Join(", ", table.Columns.Select(c => c.Name));
        using (var writer = connection.BeginBinaryImport($"COPY salesops.{table.Name} ({columns}) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var row in rows)
            {
                writer.StartRow();
                Write(writer, row);
            }

            writer.Complete();
        }

        rows.Clear();
    }

    private static void Write(NpgsqlBinaryImporter writer, object row)
    {
        switch (row)
        {
            case TerritoryRow t:
                Text(writer, t.TerritoryId, t.Name, t.ParentId, t.LevelName);
                break;
            case RepRow r:
                Text(writer, r.RepId, r.Name, r.Email, r.ManagerId, r.TerritoryId, r.Role);
                writer.Write(r.HireDate, NpgsqlDbType.Date);
                Date(writer, r.EndDate);
                break;
            case AccountRow a:
                Text(writer, a.AccountId, a.Name, a.Segment, a.Industry, a.Country);
                break;
            case ProductRow p:
                Text(writer, p.ProductId, p.Name, p.Family);
                break;
            case OpportunityRow o:
                Text(writer, o.OpportunityId, o.Name, o.AccountId, o.OwnerId, o.TerritoryId, o.ProductId, o.Type, o.LeadSource);
                writer.Write(o.CreatedDate, NpgsqlDbType.Date);
                writer.Write(o.CloseDate, NpgsqlDbType.Date);
                Text(writer, o.Stage, o.ForecastCategory);
                writer.Write(o.Amount, NpgsqlDbType.Numeric);
                writer.Write(o.IsClosed, NpgsqlDbType.Boolean);
                writer.Write(o.IsWon, NpgsqlDbType.Boolean);
                Text(writer, o.LossReason);
                break;
            case OpportunityHistoryRow h:
                Text(writer, h.OpportunityId);
                writer.Write(DateTime.SpecifyKind(h.ChangedAt, DateTimeKind.Unspecified), NpgsqlDbType.Timestamp);
                Text(writer, h.Stage, h.ForecastCategory);
                writer.Write(h.Amount, NpgsqlDbType.Numeric);
                writer.Write(h.CloseDate, NpgsqlDbType.Date);
                writer.Write(h.IsClosed, NpgsqlDbType.Boolean);
                writer.Write(h.IsWon, NpgsqlDbType.Boolean);
                break;
            case QuotaRow q:
                Text(writer, q.TerritoryId, q.RepId);
                writer.Write(q.PeriodStart, NpgsqlDbType.Date);
                writer.Write(q.Amount, NpgsqlDbType.Numeric);
                break;
            case UserAccessRow u:
                Text(writer, u.Principal, u.Role, u.TerritoryId, u.RepId);
                break;
            default:
                throw new ArgumentException($"Not a contract row: {row.GetType().Name}", nameof(row));
        }
    }

    private static void Text(NpgsqlBinaryImporter writer, params ReadOnlySpan<string?> values)
    {
        foreach (var value in values)
        {
            if (value is null)
            {
                writer.WriteNull();
            }
            else
            {
                writer.Write(value, NpgsqlDbType.Text);
            }
        }
    }

    private static void Date(NpgsqlBinaryImporter writer, DateOnly? value)
    {
        if (value is { } date)
        {
            writer.Write(date, NpgsqlDbType.Date);
        }
        else
        {
            writer.WriteNull();
        }
    }
}
