using SalesOpsBot.Warehouse.Contract;

namespace SalesOpsBot.TestKit;

/// <summary>Passes every contract row through except <c>user_access</c> rows: a warehouse whose access comes from configuration.</summary>
public sealed class WithoutAccessRules(IContractRowSink inner) : IContractRowSink
{
    public void Add(TerritoryRow row) => inner.Add(row);

    public void Add(RepRow row) => inner.Add(row);

    public void Add(AccountRow row) => inner.Add(row);

    public void Add(ProductRow row) => inner.Add(row);

    public void Add(OpportunityRow row) => inner.Add(row);

    public void Add(OpportunityHistoryRow row) => inner.Add(row);

    public void Add(QuotaRow row) => inner.Add(row);

    public void Add(UserAccessRow row)
    {
    }
}
