using DuckDB.NET.Data;
using SalesOpsBot.Warehouse.Contract;

namespace SalesOpsBot.Warehouse.Loading;

/// <summary>
/// Streams contract rows into DuckDB through its appender (the fastest way in: no SQL per row). Appenders
/// join the connection's open transaction, so a rollback discards everything appended.
/// </summary>
internal sealed class DuckDbBulkSink(DuckDBConnection connection) : IContractRowSink, IDisposable
{
    private readonly Dictionary<string, DuckDBAppender> _appenders = new(StringComparer.Ordinal);

    public void Add(TerritoryRow row) =>
        Appender(ContractTables.Territories).CreateRow()
            .AppendValue(row.TerritoryId).AppendValue(row.Name).AppendValue(row.ParentId).AppendValue(row.LevelName)
            .EndRow();

    public void Add(RepRow row) =>
        Appender(ContractTables.Reps).CreateRow()
            .AppendValue(row.RepId).AppendValue(row.Name).AppendValue(row.Email).AppendValue(row.ManagerId)
            .AppendValue(row.TerritoryId).AppendValue(row.Role).AppendValue((DateOnly?)row.HireDate).AppendValue(row.EndDate)
            .EndRow();

    public void Add(AccountRow row) =>
        Appender(ContractTables.Accounts).CreateRow()
            .AppendValue(row.AccountId).AppendValue(row.Name).AppendValue(row.Segment).AppendValue(row.Industry).AppendValue(row.Country)
            .EndRow();

    public void Add(ProductRow row) =>
        Appender(ContractTables.Products).CreateRow()
            .AppendValue(row.ProductId).AppendValue(row.Name).AppendValue(row.Family)
            .EndRow();

    public void Add(OpportunityRow row) =>
        Appender(ContractTables.Opportunities).CreateRow()
            .AppendValue(row.OpportunityId).AppendValue(row.Name).AppendValue(row.AccountId).AppendValue(row.OwnerId)
            .AppendValue(row.TerritoryId).AppendValue(row.ProductId).AppendValue(row.Type).AppendValue(row.LeadSource)
            .AppendValue((DateOnly?)row.CreatedDate).AppendValue((DateOnly?)row.CloseDate).AppendValue(row.Stage)
            .AppendValue(row.ForecastCategory).AppendValue((decimal?)row.Amount).AppendValue((bool?)row.IsClosed)
            .AppendValue((bool?)row.IsWon).AppendValue(row.LossReason)
            .EndRow();

    public void Add(OpportunityHistoryRow row) =>
        Appender(ContractTables.OpportunityHistory).CreateRow()
            .AppendValue(row.OpportunityId).AppendValue((DateTime?)row.ChangedAt).AppendValue(row.Stage)
            .AppendValue(row.ForecastCategory).AppendValue((decimal?)row.Amount).AppendValue((DateOnly?)row.CloseDate)
            .AppendValue((bool?)row.IsClosed).AppendValue((bool?)row.IsWon)
            .EndRow();

    public void Add(QuotaRow row) =>
        Appender(ContractTables.Quotas).CreateRow()
            .AppendValue(row.TerritoryId).AppendValue(row.RepId).AppendValue((DateOnly?)row.PeriodStart).AppendValue((decimal?)row.Amount)
            .EndRow();

    public void Add(UserAccessRow row) =>
        Appender(ContractTables.UserAccess).CreateRow()
            .AppendValue(row.Principal).AppendValue(row.Role).AppendValue(row.TerritoryId).AppendValue(row.RepId)
            .EndRow();

    /// <summary>Flushes and closes every appender; call before committing.</summary>
    public void Dispose()
    {
        foreach (var appender in _appenders.Values)
        {
            appender.Dispose();
        }

        _appenders.Clear();
    }

    private DuckDBAppender Appender(ContractTable table)
    {
        if (!_appenders.TryGetValue(table.Name, out var appender))
        {
            appender = connection.CreateAppender(table.Name);
            _appenders[table.Name] = appender;
        }

        return appender;
    }
}
