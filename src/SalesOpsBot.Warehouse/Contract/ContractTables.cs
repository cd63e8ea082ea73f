namespace SalesOpsBot.Warehouse.Contract;

/// <summary>The kinds of value a contract column holds (CSV parsing, doctor's type checks).</summary>
public enum ColumnKind
{
    Text,
    Date,
    Timestamp,
    Money,
    Boolean,
}

public sealed record ContractColumn(string Name, ColumnKind Kind, bool Required);

public sealed record ContractTable(string Name, IReadOnlyList<ContractColumn> Columns, bool Optional = false)
{
    public string FileName => Name + ".csv";

    public ContractColumn? Column(string name) =>
        Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>The contract's tables and columns, in load order (referenced tables before the tables that refer to them).</summary>
public static class ContractTables
{
    private static ContractColumn Text(string name, bool required = true) => new(name, ColumnKind.Text, required);

    public static ContractTable Territories { get; } = new("territories",
        [Text("territory_id"), Text("name"), Text("parent_id", false), Text("level_name", false)]);

    public static ContractTable Products { get; } = new("products",
        [Text("product_id"), Text("name"), Text("family", false)]);

    public static ContractTable Accounts { get; } = new("accounts",
        [Text("account_id"), Text("name"), Text("segment"), Text("industry", false), Text("country", false)]);

    public static ContractTable Reps { get; } = new("reps",
    [
        Text("rep_id"), Text("name"), Text("email"), Text("manager_id", false), Text("territory_id"), Text("role"),
        new("hire_date", ColumnKind.Date, true), new("end_date", ColumnKind.Date, false),
    ]);

    public static ContractTable Opportunities { get; } = new("opportunities",
    [
        Text("opportunity_id"), Text("name"), Text("account_id"), Text("owner_id"), Text("territory_id"),
        Text("product_id", false), Text("type"), Text("lead_source", false),
        new("created_date", ColumnKind.Date, true), new("close_date", ColumnKind.Date, true),
        Text("stage"), Text("forecast_category"), new("amount", ColumnKind.Money, true),
        new("is_closed", ColumnKind.Boolean, true), new("is_won", ColumnKind.Boolean, true), Text("loss_reason", false),
    ]);

    public static ContractTable OpportunityHistory { get; } = new("opportunity_history",
    [
        Text("opportunity_id"), new("changed_at", ColumnKind.Timestamp, true), Text("stage"), Text("forecast_category"),
        new("amount", ColumnKind.Money, true), new("close_date", ColumnKind.Date, true),
        new("is_closed", ColumnKind.Boolean, true), new("is_won", ColumnKind.Boolean, true),
    ]);

    public static ContractTable Quotas { get; } = new("quotas",
        [Text("territory_id"), Text("rep_id", false), new("period_start", ColumnKind.Date, true), new("amount", ColumnKind.Money, true)]);

    public static ContractTable UserAccess { get; } = new("user_access",
        [Text("principal"), Text("role"), Text("territory_id", false), Text("rep_id", false)], Optional: true);

    public static IReadOnlyList<ContractTable> All { get; } =
        [Territories, Products, Accounts, Reps, Opportunities, OpportunityHistory, Quotas, UserAccess];
}
