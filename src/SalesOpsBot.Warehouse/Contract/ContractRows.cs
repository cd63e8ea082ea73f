namespace SalesOpsBot.Warehouse.Contract;

// One record per contract table, with the contract's columns in the contract's order
// (../shared/specs/warehouse-contract.md, mirrored in docs/warehouse-contract.md).
// Seed, import and bulk loading all speak these types.

public sealed record TerritoryRow(string TerritoryId, string Name, string? ParentId, string? LevelName);

public sealed record RepRow(
    string RepId,
    string Name,
    string Email,
    string? ManagerId,
    string TerritoryId,
    string Role,
    DateOnly HireDate,
    DateOnly? EndDate);

public sealed record AccountRow(string AccountId, string Name, string Segment, string? Industry, string? Country);

public sealed record ProductRow(string ProductId, string Name, string? Family);

public sealed record OpportunityRow(
    string OpportunityId,
    string Name,
    string AccountId,
    string OwnerId,
    string TerritoryId,
    string? ProductId,
    string Type,
    string? LeadSource,
    DateOnly CreatedDate,
    DateOnly CloseDate,
    string Stage,
    string ForecastCategory,
    decimal Amount,
    bool IsClosed,
    bool IsWon,
    string? LossReason);

/// <summary>The whole forecast-relevant state of a deal from <see cref="ChangedAt"/> (UTC) until its next row.</summary>
public sealed record OpportunityHistoryRow(
    string OpportunityId,
    DateTime ChangedAt,
    string Stage,
    string ForecastCategory,
    decimal Amount,
    DateOnly CloseDate,
    bool IsClosed,
    bool IsWon);

/// <summary>A quota row: <see cref="RepId"/> set is the rep's quota; null is the territory's own (leader's) number.</summary>
public sealed record QuotaRow(string TerritoryId, string? RepId, DateOnly PeriodStart, decimal Amount);

public sealed record UserAccessRow(string Principal, string Role, string? TerritoryId, string? RepId);

/// <summary>
/// Receives contract rows in any order and any volume; implementations stream them into a database
/// (DuckDB appender, PostgreSQL binary COPY, SqlBulkCopy) or collect them for tests.
/// </summary>
public interface IContractRowSink
{
    void Add(TerritoryRow row);

    void Add(RepRow row);

    void Add(AccountRow row);

    void Add(ProductRow row);

    void Add(OpportunityRow row);

    void Add(OpportunityHistoryRow row);

    void Add(QuotaRow row);

    void Add(UserAccessRow row);
}

/// <summary>Standard values of the contract's enumerated text columns.</summary>
public static class ContractValues
{
    public const string ForecastPipeline = "Pipeline";
    public const string ForecastBestCase = "Best Case";
    public const string ForecastCommit = "Commit";
    public const string ForecastClosed = "Closed";
    public const string ForecastOmitted = "Omitted";

    public static readonly IReadOnlyList<string> ForecastCategories =
        [ForecastPipeline, ForecastBestCase, ForecastCommit, ForecastClosed, ForecastOmitted];

    public const string RoleAdmin = "admin";
    public const string RoleLeader = "leader";
    public const string RoleManager = "manager";
    public const string RoleRep = "rep";

    public static readonly IReadOnlyList<string> AccessRoles = [RoleAdmin, RoleLeader, RoleManager, RoleRep];
}
