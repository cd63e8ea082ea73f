using System.Globalization;
using System.Text;
using SalesOpsBot.Warehouse.Contract;

namespace SalesOpsBot.Warehouse.Loading;

/// <summary>
/// Streams contract rows into the contract's CSV files (one per table, header first, RFC 4180 quoting), e.g. to
/// hand the demo data to another warehouse or to measure import. Rows are written as they arrive.
/// </summary>
public sealed class CsvContractSink(DirectoryInfo folder) : IContractRowSink, IDisposable
{
    private readonly Dictionary<ContractTable, StreamWriter> _writers = [];

    public void Add(TerritoryRow row) => Line(ContractTables.Territories, row.TerritoryId, row.Name, row.ParentId, row.LevelName);

    public void Add(RepRow row) => Line(ContractTables.Reps, row.RepId, row.Name, row.Email, row.ManagerId, row.TerritoryId, row.Role, Date(row.HireDate), Date(row.EndDate));

    public void Add(AccountRow row) => Line(ContractTables.Accounts, row.AccountId, row.Name, row.Segment, row.Industry, row.Country);

    public void Add(ProductRow row) => Line(ContractTables.Products, row.ProductId, row.Name, row.Family);

    public void Add(OpportunityRow row) => Line(ContractTables.Opportunities, row.OpportunityId, row.Name, row.AccountId, row.OwnerId,
        row.TerritoryId, row.ProductId, row.Type, row.LeadSource, Date(row.CreatedDate), Date(row.CloseDate), row.Stage,
        row.ForecastCategory, Money(row.Amount), Flag(row.IsClosed), Flag(row.IsWon), row.LossReason);

    public void Add(OpportunityHistoryRow row) => Line(ContractTables.OpportunityHistory, row.OpportunityId,
        row.ChangedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), row.Stage, row.ForecastCategory,
        Money(row.Amount), Date(row.CloseDate), Flag(row.IsClosed), Flag(row.IsWon));

    public void Add(QuotaRow row) => Line(ContractTables.Quotas, row.TerritoryId, row.RepId, Date(row.PeriodStart), Money(row.Amount));

    public void Add(UserAccessRow row) => Line(ContractTables.UserAccess, row.Principal, row.Role, row.TerritoryId, row.RepId);

    public void Dispose()
    {
        foreach (var writer in _writers.Values)
        {
            writer.Dispose();
        }

        _writers.Clear();
    }

    private void Line(ContractTable table, params ReadOnlySpan<string?> values)
    {
        if (!_writers.TryGetValue(table, out var writer))
        {
            writer = new StreamWriter(Path.Combine(folder.FullName, table.FileName), append: false, new UTF8Encoding(false), 1 << 16);
            writer.Write(string.Join(',', table.Columns.Select(c => c.Name)));
            writer.Write('\n');
            _writers[table] = writer;
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }

            Write(writer, values[i]);
        }

        writer.Write('\n');
    }

    private static void Write(StreamWriter writer, string? value)
    {
        if (value is null)
        {
            return;
        }

        if (value.AsSpan().IndexOfAny(",\"\n\r") < 0)
        {
            writer.Write(value);
            return;
        }

        writer.Write('"');
        writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        writer.Write('"');
    }

    private static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Money(decimal amount) => amount.ToString(CultureInfo.InvariantCulture);

    private static string Flag(bool value) => value ? "true" : "false";
}
