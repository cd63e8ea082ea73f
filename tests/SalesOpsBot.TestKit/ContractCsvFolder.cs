using System.Globalization;
using SalesOpsBot.Warehouse.Contract;

namespace SalesOpsBot.TestKit;

/// <summary>Writes contract rows as the CSV files of the contract, into a temporary folder deleted on dispose.</summary>
public sealed class ContractCsvFolder : IContractRowSink, IDisposable
{
    private readonly Dictionary<string, List<string>> _lines = new(StringComparer.Ordinal);

    public ContractCsvFolder()
    {
        Folder = Directory.CreateTempSubdirectory("salesops-csv-");
    }

    public DirectoryInfo Folder { get; }

    public string PathOf(ContractTable table) => Path.Combine(Folder.FullName, table.FileName);

    public static ContractCsvFolder Of(Action<IContractRowSink> write)
    {
        var folder = new ContractCsvFolder();
        write(folder);
        folder.Flush();
        return folder;
    }

    public void Add(TerritoryRow row) => Line(ContractTables.Territories, row.TerritoryId, row.Name, row.ParentId, row.LevelName);

    public void Add(RepRow row) => Line(ContractTables.Reps, row.RepId, row.Name, row.Email, row.ManagerId, row.TerritoryId, row.Role, D(row.HireDate), D(row.EndDate));

    public void Add(AccountRow row) => Line(ContractTables.Accounts, row.AccountId, row.Name, row.Segment, row.Industry, row.Country);

    public void Add(ProductRow row) => Line(ContractTables.Products, row.ProductId, row.Name, row.Family);

    public void Add(OpportunityRow row) => Line(ContractTables.Opportunities, row.OpportunityId, row.Name, row.AccountId, row.OwnerId,
        row.TerritoryId, row.ProductId, row.Type, row.LeadSource, D(row.CreatedDate), D(row.CloseDate), row.Stage, row.ForecastCategory,
        M(row.Amount), B(row.IsClosed), B(row.IsWon), row.LossReason);

    public void Add(OpportunityHistoryRow row) => Line(ContractTables.OpportunityHistory, row.OpportunityId,
        row.ChangedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), row.Stage, row.ForecastCategory, M(row.Amount),
        D(row.CloseDate), B(row.IsClosed), B(row.IsWon));

    public void Add(QuotaRow row) => Line(ContractTables.Quotas, row.TerritoryId, row.RepId, D(row.PeriodStart), M(row.Amount));

    public void Add(UserAccessRow row) => Line(ContractTables.UserAccess, row.Principal, row.Role, row.TerritoryId, row.RepId);

    /// <summary>Writes the files (header + rows, CRLF-free, quoted where needed).</summary>
    public void Flush()
    {
        foreach (var table in ContractTables.All)
        {
            if (_lines.TryGetValue(table.Name, out var lines))
            {
                File.WriteAllLines(PathOf(table), [string.Join(",", table.Columns.Select(c => c.Name)), .. lines]);
            }
        }
    }

    public void Dispose() => Folder.Delete(recursive: true);

    private void Line(ContractTable table, params string?[] values)
    {
        if (!_lines.TryGetValue(table.Name, out var lines))
        {
            lines = [];
            _lines[table.Name] = lines;
        }

        lines.Add(string.Join(",", values.Select(Quote)));
    }

    private static string Quote(string? value) =>
        value is null ? "" : value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static string? D(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string M(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static string B(bool value) => value ? "true" : "false";
}
