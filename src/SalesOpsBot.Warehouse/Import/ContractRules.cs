using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Warehouse.Contract;

namespace SalesOpsBot.Warehouse.Import;

/// <summary>
/// Turns validated CSV records into contract rows. Checks types (in <see cref="CsvRow"/>), then the contract's
/// rules and references; a record with any error is reported and not written. References that may point
/// forward within the same file (a territory's parent, a rep's manager) are checked when the file is done.
/// </summary>
internal sealed class ContractRules(KeyRegistry keys, FiscalCalendar calendar)
{
    private readonly List<(string File, int Line, string Column, string Id, ContractTable Target)> _deferred = [];
    private readonly HashSet<string> _emails = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, DateTime> _lastChange = new(StringComparer.Ordinal);
    private int _roots;
    private int _territoryRows;

    public void Read(CsvRow row, IContractRowSink sink)
    {
        switch (row.Table.Name)
        {
            case "territories": Territory(row, sink); break;
            case "products": Product(row, sink); break;
            case "accounts": Account(row, sink); break;
            case "reps": Rep(row, sink); break;
            case "opportunities": Opportunity(row, sink); break;
            case "opportunity_history": History(row, sink); break;
            case "quotas": Quota(row, sink); break;
            case "user_access": Access(row, sink); break;
            default: throw new ArgumentException($"Unknown contract table {row.Table.Name}", nameof(row));
        }
    }

    /// <summary>Checks what could only be checked once whole files were read.</summary>
    public void CheckDeferred(IssueLog issues)
    {
        foreach (var (file, line, column, id, target) in _deferred)
        {
            if (!keys.Of(target).Contains(id))
            {
                issues.Add(file, line, column, $"'{id}' is not a {target.Name} key");
            }
        }

        if (keys.IsReplaced(ContractTables.Territories) && _territoryRows > 0 && _roots != 1)
        {
            issues.Add(ContractTables.Territories.FileName, 0, "parent_id",
                $"exactly one territory must have no parent (the root); found {_roots}");
        }
    }

    private void Territory(CsvRow row, IContractRowSink sink)
    {
        var id = row.Key(0);
        var name = row.Key(1);
        var parent = row.Text(2);
        var level = row.Text(3);
        _territoryRows++;
        if (parent is null)
        {
            _roots++;
        }
        else if (parent == id)
        {
            row.Error("parent_id", "a territory cannot be its own parent");
        }
        else
        {
            _deferred.Add((row.File, row.Line, "parent_id", parent, ContractTables.Territories));
        }

        if (Unique(row, ContractTables.Territories, id, "territory_id"))
        {
            sink.Add(new TerritoryRow(id, name, parent, level));
        }
    }

    private void Product(CsvRow row, IContractRowSink sink)
    {
        var id = row.Key(0);
        var product = new ProductRow(id, row.Key(1), row.Text(2));
        if (Unique(row, ContractTables.Products, id, "product_id"))
        {
            sink.Add(product);
        }
    }

    private void Account(CsvRow row, IContractRowSink sink)
    {
        var id = row.Key(0);
        var account = new AccountRow(id, row.Key(1), row.Key(2), row.Text(3), row.Text(4));
        if (Unique(row, ContractTables.Accounts, id, "account_id"))
        {
            sink.Add(account);
        }
    }

    private void Rep(CsvRow row, IContractRowSink sink)
    {
        var id = row.Key(0);
        var name = row.Key(1);
        var email = row.Key(2);
        var manager = row.Text(3);
        var territory = row.Key(4);
        var role = row.Key(5);
        var hired = row.Date(6);
        var ended = row.Date(7);
        if (email.Length > 0 && !email.Contains('@', StringComparison.Ordinal))
        {
            row.Error("email", $"'{email}' is not an email address");
        }
        else if (email.Length > 0 && !_emails.Add(email))
        {
            row.Error("email", $"'{email}' is used by another rep (emails are unique, compared case-insensitively)");
        }

        if (hired is { } h && ended is { } e && e < h)
        {
            row.Error("end_date", "is before hire_date");
        }

        Reference(row, "territory_id", territory, ContractTables.Territories);
        if (manager is not null)
        {
            if (manager == id)
            {
                row.Error("manager_id", "a rep cannot be their own manager");
            }
            else
            {
                _deferred.Add((row.File, row.Line, "manager_id", manager, ContractTables.Reps));
            }
        }

        if (Unique(row, ContractTables.Reps, id, "rep_id"))
        {
            sink.Add(new RepRow(id, name, email, manager, territory, role, hired!.Value, ended));
        }
    }

    private void Opportunity(CsvRow row, IContractRowSink sink)
    {
        var id = row.Key(0);
        var name = row.Key(1);
        var account = row.Key(2);
        var owner = row.Key(3);
        var territory = row.Key(4);
        var product = row.Text(5);
        var type = row.Key(6);
        var leadSource = row.Text(7);
        var created = row.Date(8);
        var close = row.Date(9);
        var stage = row.Key(10);
        var category = row.Key(11);
        var amount = row.Money(12);
        var closed = row.Boolean(13);
        var won = row.Boolean(14);
        var lossReason = row.Text(15);

        Reference(row, "account_id", account, ContractTables.Accounts);
        Reference(row, "owner_id", owner, ContractTables.Reps);
        Reference(row, "territory_id", territory, ContractTables.Territories);
        if (product is not null)
        {
            Reference(row, "product_id", product, ContractTables.Products);
        }

        DealState(row, category, amount, closed, won, amountColumn: "amount");
        if (Unique(row, ContractTables.Opportunities, id, "opportunity_id"))
        {
            sink.Add(new OpportunityRow(id, name, account, owner, territory, product, type, leadSource, created!.Value,
                close!.Value, stage, category, amount!.Value, closed!.Value, won!.Value, lossReason));
        }
    }

    private void History(CsvRow row, IContractRowSink sink)
    {
        var id = row.Key(0);
        var changedAt = row.Timestamp(1);
        var stage = row.Key(2);
        var category = row.Key(3);
        var amount = row.Money(4);
        var close = row.Date(5);
        var closed = row.Boolean(6);
        var won = row.Boolean(7);

        Reference(row, "opportunity_id", id, ContractTables.Opportunities);
        DealState(row, category, amount, closed, won, amountColumn: "amount");
        if (changedAt is { } at && id.Length > 0)
        {
            if (_lastChange.TryGetValue(id, out var previous) && previous == at)
            {
                row.Error("changed_at", $"a second history row for '{id}' at the same time");
            }

            _lastChange[id] = at;
        }

        if (row.IsValid)
        {
            sink.Add(new OpportunityHistoryRow(id, changedAt!.Value, stage, category, amount!.Value, close!.Value, closed!.Value, won!.Value));
        }
    }

    private void Quota(CsvRow row, IContractRowSink sink)
    {
        var territory = row.Key(0);
        var rep = row.Text(1);
        var start = row.Date(2);
        var amount = row.Money(3);
        Reference(row, "territory_id", territory, ContractTables.Territories);
        if (rep is not null)
        {
            Reference(row, "rep_id", rep, ContractTables.Reps);
        }

        if (start is { } s && calendar.QuarterContaining(s).Start != s)
        {
            row.Error("period_start", $"{s:yyyy-MM-dd} is not the first day of a fiscal quarter (fiscal year starts in month {calendar.StartMonth})");
        }

        if (amount < 0)
        {
            row.Error("amount", "must not be negative");
        }

        if (row.IsValid)
        {
            sink.Add(new QuotaRow(territory, rep, start!.Value, amount!.Value));
        }
    }

    private void Access(CsvRow row, IContractRowSink sink)
    {
        var principal = row.Key(0);
        var role = row.Key(1).ToLowerInvariant();
        var territory = row.Text(2);
        var rep = row.Text(3);
        if (role.Length > 0 && !ContractValues.AccessRoles.Contains(role))
        {
            row.Error("role", $"'{role}' is not one of admin, leader, manager, rep");
        }
        else if (role == ContractValues.RoleLeader && territory is null)
        {
            row.Error("territory_id", "a leader rule needs a territory");
        }
        else if (role is ContractValues.RoleManager or ContractValues.RoleRep && rep is null)
        {
            row.Error("rep_id", $"a {role} rule needs a rep");
        }

        if (territory is not null)
        {
            Reference(row, "territory_id", territory, ContractTables.Territories);
        }

        if (rep is not null)
        {
            Reference(row, "rep_id", rep, ContractTables.Reps);
        }

        if (row.IsValid)
        {
            sink.Add(new UserAccessRow(principal, role, territory, rep));
        }
    }

    private static void DealState(CsvRow row, string category, decimal? amount, bool? closed, bool? won, string amountColumn)
    {
        if (amount < 0)
        {
            row.Error(amountColumn, "must not be negative");
        }

        if (category.Length > 0 && !ContractValues.ForecastCategories.Contains(category))
        {
            row.Error("forecast_category", $"'{category}' is not one of Pipeline, Best Case, Commit, Closed, Omitted");
        }

        if (won == true && closed == false)
        {
            row.Error("is_won", "a won deal must be closed (is_closed = true)");
        }

        if (won is { } w && category.Length > 0 && (category == ContractValues.ForecastClosed) != w)
        {
            row.Error("forecast_category", w ? "a won deal must have forecast category 'Closed'" : "only won deals have forecast category 'Closed'");
        }
    }

    private void Reference(CsvRow row, string column, string id, ContractTable target)
    {
        if (id.Length > 0 && !keys.Of(target).Contains(id))
        {
            row.Error(column, $"'{id}' is not a {target.Name} key");
        }
    }

    /// <summary>Registers the key (so later references to it do not cascade errors) and reports a duplicate; true when the row may be written.</summary>
    private bool Unique(CsvRow row, ContractTable table, string id, string column)
    {
        if (id.Length > 0 && !keys.Of(table).Add(id))
        {
            row.Error(column, $"'{id}' appears more than once");
        }

        return row.IsValid;
    }
}
