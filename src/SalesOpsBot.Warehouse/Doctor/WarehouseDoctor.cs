using System.Data;
using System.Data.Common;
using Dapper;
using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Warehouse.Access;
using SalesOpsBot.Warehouse.Connections;
using SalesOpsBot.Warehouse.Contract;
using SalesOpsBot.Warehouse.Derived;
using SalesOpsBot.Warehouse.Import;
using SalesOpsBot.Warehouse.Querying;
using SalesOpsBot.Warehouse.Schema;

namespace SalesOpsBot.Warehouse.Doctor;

public enum CheckSeverity
{
    Ok,
    Warning,
    Blocking,
}

/// <summary>One finding: what was checked, how bad it is, how many rows, and a few examples.</summary>
public sealed record DoctorCheck(string Area, string Title, CheckSeverity Severity, long Count = 0, IReadOnlyList<string>? Examples = null);

public sealed record DoctorReport(string Warehouse, IReadOnlyList<DoctorCheck> Checks, IReadOnlyDictionary<string, long> Counts)
{
    public bool HasBlockingProblems => Checks.Any(c => c.Severity == CheckSeverity.Blocking);
}

/// <summary>
/// Checks that a warehouse can answer questions: the connection, the contract's tables and columns with usable
/// types, and data quality (contract rules, stale close dates, missing or inconsistent history, reps without
/// quota in quarters they sold, dangling references). Only a missing connection, table or column blocks.
/// </summary>
public sealed class WarehouseDoctor(IWarehouseConnectionFactory connections, FiscalCalendar calendar)
{
    private const int ExampleCount = 5;

    public async Task<DoctorReport> ExamineAsync(AccessScope scope, DateOnly asOf, CancellationToken cancellationToken)
    {
        DapperSetup.EnsureConfigured();
        var checks = new List<DoctorCheck>();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        DbConnection connection;
        try
        {
            connection = await connections.OpenReadOnlyAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is DbException or WarehouseUnavailableException or InvalidOperationException)
        {
            checks.Add(new DoctorCheck("connection", $"cannot connect: {FirstLine(exception.Message)}", CheckSeverity.Blocking));
            return new DoctorReport(connections.Location.ToString(), checks, counts);
        }

        await using (connection)
        {
            checks.Add(new DoctorCheck("connection", $"connected read-only to {connections.Location}", CheckSeverity.Ok));
            var contractOk = await CheckContractAsync(connection, checks, cancellationToken);
            if (contractOk)
            {
                await CheckDataAsync(connection, scope, asOf, checks, counts, cancellationToken);
                await CheckDerivedTablesAsync(checks, cancellationToken);
            }
        }

        return new DoctorReport(connections.Location.ToString(), checks, counts);
    }

    private async Task CheckDerivedTablesAsync(List<DoctorCheck> checks, CancellationToken cancellationToken)
    {
        if (connections.Dialect != WarehouseDialect.DuckDb)
        {
            return;
        }

        checks.Add(await DealSpans.AreCurrentAsync(connections, cancellationToken)
            ? new DoctorCheck("performance", "the derived deal spans match the contract tables: the heavy questions read them", CheckSeverity.Ok)
            : new DoctorCheck("performance", "the derived deal spans are missing or older than the data: answers stay right but are slower; " +
                "run 'salesops doctor --rebuild-spans' (seed and import rebuild them too)", CheckSeverity.Warning));
    }

    private async Task<bool> CheckContractAsync(DbConnection connection, List<DoctorCheck> checks, CancellationToken cancellationToken)
    {
        var ok = true;
        foreach (var table in ContractTables.All)
        {
            var problems = new List<string>();
            try
            {
                // Table names come from the fixed contract list.
                await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
                    $"SELECT * FROM {WarehouseSchema.QualifiedName(table, connections.Dialect)} WHERE 1 = 0", cancellationToken: cancellationToken));
                var columns = Enumerable.Range(0, reader.FieldCount)
                    .ToDictionary(i => reader.GetName(i), reader.GetFieldType, StringComparer.OrdinalIgnoreCase);
                foreach (var column in table.Columns)
                {
                    if (!columns.TryGetValue(column.Name, out var type))
                    {
                        problems.Add($"column {column.Name} is missing");
                    }
                    else if (!Usable(column.Kind, type))
                    {
                        problems.Add($"column {column.Name} is {type.Name}, expected {column.Kind.ToString().ToLowerInvariant()}");
                    }
                }
            }
            catch (DbException)
            {
                if (table.Optional)
                {
                    checks.Add(new DoctorCheck("contract", $"{table.Name}: absent (optional; access then comes from configuration)", CheckSeverity.Warning));
                    continue;
                }

                problems.Add("table or view is missing");
            }

            ok &= problems.Count == 0 || table.Optional;
            checks.Add(problems.Count == 0
                ? new DoctorCheck("contract", $"{table.Name}: all {table.Columns.Count} columns present", CheckSeverity.Ok)
                : new DoctorCheck("contract", $"{table.Name}: {string.Join("; ", problems)}", table.Optional ? CheckSeverity.Warning : CheckSeverity.Blocking));
        }

        return ok;
    }

    private async Task CheckDataAsync(DbConnection connection, AccessScope scope, DateOnly asOf, List<DoctorCheck> checks,
        Dictionary<string, long> counts, CancellationToken cancellationToken)
    {
        var dialect = connections.Dialect;
        var totals = await connection.QuerySingleAsync(new CommandDefinition(
            SqlCatalog.Default.Get("Doctor/TableCounts", dialect).Text, cancellationToken: cancellationToken));
        foreach (var (name, value) in (IDictionary<string, object?>)totals)
        {
            if (value is not null and not DateTime)
            {
                counts[name] = Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        if (counts.GetValueOrDefault("opportunities") == 0)
        {
            checks.Add(new DoctorCheck("data", "there are no opportunities: nothing to answer from", CheckSeverity.Blocking));
            return;
        }

        var roots = counts.GetValueOrDefault("root_territories");
        checks.Add(roots == 1
            ? new DoctorCheck("data", "the territory tree has one root", CheckSeverity.Ok)
            : new DoctorCheck("data", $"the territory tree needs exactly one root; found {roots}", CheckSeverity.Blocking));

        var runner = new SqlRunner(connections);
        var asOfArgument = new { asOf };
        await ListAsync(runner, "Doctor/WonDealsNotClosed", scope, null, "won deals not closed with forecast category 'Closed'", checks, cancellationToken);
        await ListAsync(runner, "Doctor/OpenDealsPastCloseDate", scope, asOfArgument, $"open deals with a close date before {asOf:yyyy-MM-dd}", checks, cancellationToken);
        await ListAsync(runner, "Doctor/DealsWithoutHistory", scope, null, "deals without history", checks, cancellationToken);
        await ListAsync(runner, "Doctor/HistoryNotEndingInCurrentState", scope, null, "deals whose history does not end in their current state", checks, cancellationToken);
        await CheckRepQuotasAsync(runner, scope, checks, cancellationToken);

        var dangling = (await connection.QueryAsync<DanglingReference>(new CommandDefinition(
            SqlCatalog.Default.Get(IntegrityChecks.StatementName, dialect).Text, cancellationToken: cancellationToken))).Where(d => d.Dangling > 0).ToList();
        checks.Add(dangling.Count == 0
            ? new DoctorCheck("quality", "every reference points at an existing row", CheckSeverity.Ok)
            : new DoctorCheck("quality", "orphaned references: " + string.Join(", ", dangling.Select(d => $"{d.Reference} ({d.Dangling})")),
                CheckSeverity.Warning, dangling.Sum(d => d.Dangling), dangling.Select(d => $"{d.Reference}={d.Example}").Take(ExampleCount).ToList()));
    }

    private static async Task ListAsync(SqlRunner runner, string statement, AccessScope scope, object? arguments, string title,
        List<DoctorCheck> checks, CancellationToken cancellationToken)
    {
        var result = await runner.QueryAsync<string>(statement, scope, arguments, cancellationToken);
        checks.Add(result.Rows.Count == 0
            ? new DoctorCheck("quality", "no " + title, CheckSeverity.Ok)
            : new DoctorCheck("quality", title, CheckSeverity.Warning, result.Rows.Count, result.Rows.Take(ExampleCount).ToList()));
    }

    private async Task CheckRepQuotasAsync(SqlRunner runner, AccessScope scope, List<DoctorCheck> checks, CancellationToken cancellationToken)
    {
        var months = await runner.QueryAsync<(string RepId, int CloseYear, int CloseMonth)>("Doctor/RepClosingMonths", scope, null, cancellationToken);
        var quotas = await runner.QueryAsync<(string RepId, DateOnly PeriodStart)>("Doctor/RepQuotaQuarters", AccessScope.Everything, null, cancellationToken);
        var withQuota = quotas.Rows.Select(q => (q.RepId, calendar.QuarterContaining(q.PeriodStart).Start)).ToHashSet();
        var missing = months.Rows
            .Select(m => (m.RepId, Quarter: calendar.QuarterContaining(new DateOnly(m.CloseYear, m.CloseMonth, 1))))
            .Where(m => !withQuota.Contains((m.RepId, m.Quarter.Start)))
            .Distinct()
            .OrderBy(m => m.Quarter.Start).ThenBy(m => m.RepId, StringComparer.Ordinal)
            .ToList();
        checks.Add(missing.Count == 0
            ? new DoctorCheck("quality", "every rep has a quota in each quarter they closed deals", CheckSeverity.Ok)
            : new DoctorCheck("quality", "rep-quarters with closed deals but no quota", CheckSeverity.Warning, missing.Count,
                missing.Take(ExampleCount).Select(m => $"{m.RepId} {m.Quarter.Label}").ToList()));
    }

    private static bool Usable(ColumnKind kind, Type type) => kind switch
    {
        ColumnKind.Text => type == typeof(string),
        ColumnKind.Date => type == typeof(DateTime) || type == typeof(DateOnly),
        ColumnKind.Timestamp => type == typeof(DateTime) || type == typeof(DateTimeOffset),
        ColumnKind.Money => type == typeof(decimal) || type == typeof(double) || type == typeof(long) || type == typeof(int),
        ColumnKind.Boolean => type == typeof(bool),
        _ => false,
    };

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
