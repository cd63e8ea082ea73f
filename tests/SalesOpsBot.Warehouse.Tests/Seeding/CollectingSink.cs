using SalesOpsBot.Warehouse.Contract;

namespace SalesOpsBot.Warehouse.Tests.Seeding;

/// <summary>Keeps every row in memory, in arrival order (fine at the default scale).</summary>
internal sealed class CollectingSink : IContractRowSink
{
    public List<TerritoryRow> Territories { get; } = [];
    public List<RepRow> Reps { get; } = [];
    public List<AccountRow> Accounts { get; } = [];
    public List<ProductRow> Products { get; } = [];
    public List<OpportunityRow> Opportunities { get; } = [];
    public List<OpportunityHistoryRow> History { get; } = [];
    public List<QuotaRow> Quotas { get; } = [];
    public List<UserAccessRow> Access { get; } = [];

    public void Add(TerritoryRow row) => Territories.Add(row);

    public void Add(RepRow row) => Reps.Add(row);

    public void Add(AccountRow row) => Accounts.Add(row);

    public void Add(ProductRow row) => Products.Add(row);

    public void Add(OpportunityRow row) => Opportunities.Add(row);

    public void Add(OpportunityHistoryRow row) => History.Add(row);

    public void Add(QuotaRow row) => Quotas.Add(row);

    public void Add(UserAccessRow row) => Access.Add(row);
}

/// <summary>Counts rows only: for measuring generation on its own.</summary>
internal sealed class CountingSink : IContractRowSink
{
    public long Rows { get; private set; }

    public void Add(TerritoryRow row) => Rows++;

    public void Add(RepRow row) => Rows++;

    public void Add(AccountRow row) => Rows++;

    public void Add(ProductRow row) => Rows++;

    public void Add(OpportunityRow row) => Rows++;

    public void Add(OpportunityHistoryRow row) => Rows++;

    public void Add(QuotaRow row) => Rows++;

    public void Add(UserAccessRow row) => Rows++;
}
