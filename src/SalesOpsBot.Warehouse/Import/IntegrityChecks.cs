using SalesOpsBot.Warehouse.Contract;

namespace SalesOpsBot.Warehouse.Import;

/// <summary>A contract reference: <see cref="Referencing"/>.<see cref="Column"/> points at a key of <see cref="Referenced"/>.</summary>
public sealed record ContractReference(string Name, ContractTable Referencing, string Column, ContractTable Referenced);

/// <summary>The contract's references, as reported by <c>Sql/Integrity/DanglingReferences.sql</c> (one row each).</summary>
public static class IntegrityChecks
{
    public const string StatementName = "Integrity/DanglingReferences";

    public static IReadOnlyList<ContractReference> All { get; } =
    [
        new("territories.parent_id", ContractTables.Territories, "parent_id", ContractTables.Territories),
        new("reps.territory_id", ContractTables.Reps, "territory_id", ContractTables.Territories),
        new("reps.manager_id", ContractTables.Reps, "manager_id", ContractTables.Reps),
        new("opportunities.account_id", ContractTables.Opportunities, "account_id", ContractTables.Accounts),
        new("opportunities.owner_id", ContractTables.Opportunities, "owner_id", ContractTables.Reps),
        new("opportunities.territory_id", ContractTables.Opportunities, "territory_id", ContractTables.Territories),
        new("opportunities.product_id", ContractTables.Opportunities, "product_id", ContractTables.Products),
        new("opportunity_history.opportunity_id", ContractTables.OpportunityHistory, "opportunity_id", ContractTables.Opportunities),
        new("quotas.territory_id", ContractTables.Quotas, "territory_id", ContractTables.Territories),
        new("quotas.rep_id", ContractTables.Quotas, "rep_id", ContractTables.Reps),
        new("user_access.territory_id", ContractTables.UserAccess, "territory_id", ContractTables.Territories),
        new("user_access.rep_id", ContractTables.UserAccess, "rep_id", ContractTables.Reps),
    ];
}

/// <summary>A row of <c>Integrity/DanglingReferences</c>.</summary>
public sealed record DanglingReference(string Reference, long Dangling, string? Example);
