using SalesOpsBot.Warehouse.Contract;

namespace SalesOpsBot.Warehouse.Tests.Seeding;

/// <summary>Counts rows that arrive before a row they refer to (a loader with foreign keys checked per row would reject them).</summary>
internal sealed class ReferenceOrderSink : IContractRowSink
{
    private readonly HashSet<string> _territories = [];
    private readonly HashSet<string> _reps = [];
    private readonly HashSet<string> _accounts = [];
    private readonly HashSet<string> _products = [];
    private readonly HashSet<string> _opportunities = [];

    public List<string> Problems { get; } = [];

    public void Add(TerritoryRow row)
    {
        Require(_territories, row.ParentId, row);
        _territories.Add(row.TerritoryId);
    }

    public void Add(RepRow row)
    {
        Require(_territories, row.TerritoryId, row);
        Require(_reps, row.ManagerId, row);
        _reps.Add(row.RepId);
    }

    public void Add(AccountRow row) => _accounts.Add(row.AccountId);

    public void Add(ProductRow row) => _products.Add(row.ProductId);

    public void Add(OpportunityRow row)
    {
        Require(_accounts, row.AccountId, row);
        Require(_reps, row.OwnerId, row);
        Require(_territories, row.TerritoryId, row);
        Require(_products, row.ProductId, row);
        _opportunities.Add(row.OpportunityId);
    }

    public void Add(OpportunityHistoryRow row) => Require(_opportunities, row.OpportunityId, row);

    public void Add(QuotaRow row)
    {
        Require(_territories, row.TerritoryId, row);
        Require(_reps, row.RepId, row);
    }

    public void Add(UserAccessRow row)
    {
        Require(_territories, row.TerritoryId, row);
        Require(_reps, row.RepId, row);
    }

    private void Require(HashSet<string> seen, string? key, object row)
    {
        if (key is not null && !seen.Contains(key) && Problems.Count < 10)
        {
            Problems.Add($"{row} arrived before {key}");
        }
    }
}
