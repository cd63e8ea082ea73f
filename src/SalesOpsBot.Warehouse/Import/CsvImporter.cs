using System.Data.Common;
using System.Text;
using Dapper;
using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Warehouse.Connections;
using SalesOpsBot.Warehouse.Contract;
using SalesOpsBot.Warehouse.Loading;
using SalesOpsBot.Warehouse.Querying;

namespace SalesOpsBot.Warehouse.Import;

/// <summary>
/// Loads the contract CSV files of a folder (<c>&lt;table&gt;.csv</c>, see docs/warehouse-contract.md). Each file
/// present replaces its table. Types, required columns, references and rules are checked while the rows stream
/// into the warehouse inside one transaction; any error rolls the whole import back, so the warehouse is exactly
/// as before, and every error (up to <see cref="ErrorLimit"/>) is reported as <c>file:line: column: reason</c>.
/// </summary>
public static class CsvImporter
{
    public const int ErrorLimit = 100;

    public static async Task<ImportReport> ImportAsync(
        IWarehouseConnectionFactory connections, DirectoryInfo folder, FiscalCalendar calendar,
        IProgress<double>? progress, CancellationToken cancellationToken)
    {
        if (!folder.Exists)
        {
            throw new ImportFailedException([new ImportIssue(folder.FullName, 0, "folder", "does not exist")], 1);
        }

        var issues = new IssueLog(ErrorLimit);
        var present = ContractTables.All.Where(t => File.Exists(Path.Combine(folder.FullName, t.FileName))).ToList();
        foreach (var stray in folder.GetFiles("*.csv").Where(f => ContractTables.All.All(t => !string.Equals(t.FileName, f.Name, StringComparison.OrdinalIgnoreCase))))
        {
            issues.Warnings.Add($"{stray.Name}: not a contract table, ignored");
        }

        if (present.Count == 0)
        {
            throw new ImportFailedException(
                [new ImportIssue(folder.FullName, 0, "folder", "no contract CSV files (territories.csv, reps.csv, opportunities.csv, …)")], 1);
        }

        var totalBytes = Math.Max(1, present.Sum(t => new FileInfo(Path.Combine(folder.FullName, t.FileName)).Length));
        long doneBytes = 0;
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);

        try
        {
            await WarehouseLoader.ReplaceAsync(connections, calendar, present, (sink, connection, transaction) =>
            {
                var keys = new KeyRegistry(connection, transaction, connections.Dialect, present);
                var rules = new ContractRules(keys, calendar);
                foreach (var table in ContractTables.All.Where(present.Contains))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var path = Path.Combine(folder.FullName, table.FileName);
                    using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
                    using var text = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: false), detectEncodingFromByteOrderMarks: true);
                    var csv = new CsvRecordReader(text);
                    var bytesBefore = doneBytes;
                    counts[table.Name] = ReadTable(table, csv, issues, rules, sink, () =>
                    {
                        doneBytes = bytesBefore + stream.Position;
                        progress?.Report((double)doneBytes / totalBytes);
                    }, cancellationToken);
                    doneBytes = bytesBefore + stream.Length;
                }

                rules.CheckDeferred(issues);
                if (issues.Count == 0)
                {
                    // Rows kept from tables not in this import must still point at rows that exist.
                    CheckKeptReferences(connection, transaction, connections.Dialect, present, issues);
                }

                if (issues.Count > 0)
                {
                    throw new ImportFailedException(issues.Errors, issues.Count);
                }

                return 0;
            }, cancellationToken);
        }
        catch (DbException exception)
        {
            throw new ImportFailedException([new ImportIssue(folder.Name, 0, "database", exception.Message.Split('\n')[0])], 1);
        }

        progress?.Report(1);
        return new ImportReport(counts, issues.Warnings);
    }

    private static long ReadTable(ContractTable table, CsvRecordReader csv, IssueLog issues, ContractRules rules,
        IContractRowSink sink, Action reportProgress, CancellationToken cancellationToken)
    {
        if (!csv.Read())
        {
            issues.Add(table.FileName, 1, "header", "the file is empty (a header row is required)");
            return 0;
        }

        var header = Enumerable.Range(0, csv.FieldCount).Select(i => csv.Field(i).Trim().ToString()).ToList();
        var headerOk = true;
        foreach (var column in table.Columns.Where(c => c.Required && !header.Contains(c.Name, StringComparer.OrdinalIgnoreCase)))
        {
            issues.Add(table.FileName, 1, column.Name, "required column is missing from the header");
            headerOk = false;
        }

        foreach (var extra in header.Where(h => table.Column(h) is null))
        {
            issues.Warnings.Add($"{table.FileName}: column '{extra}' is not in the contract, ignored");
        }

        if (!headerOk)
        {
            return 0;
        }

        var row = new CsvRow(csv, table, header, issues);
        long rows = 0;
        while (csv.Read())
        {
            row.Begin();
            if (csv.UnterminatedQuote)
            {
                row.Error("record", "a quoted field is never closed");
                break;
            }

            if (csv.FieldCount != header.Count)
            {
                row.Error("record", $"has {csv.FieldCount} fields, the header has {header.Count}");
                continue;
            }

            rules.Read(row, sink);
            rows++;
            if ((rows & 0x3FFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                reportProgress();
            }
        }

        return rows;
    }

    private static void CheckKeptReferences(DbConnection connection, DbTransaction transaction, WarehouseDialect dialect,
        IReadOnlyCollection<ContractTable> replaced, IssueLog issues)
    {
        var kept = IntegrityChecks.All
            .Where(r => replaced.Contains(r.Referenced) && !replaced.Contains(r.Referencing))
            .ToDictionary(r => r.Name, StringComparer.Ordinal);
        if (kept.Count == 0)
        {
            return;
        }

        var sql = SqlCatalog.Default.Get(IntegrityChecks.StatementName, dialect).Text;
        foreach (var dangling in connection.Query<DanglingReference>(sql, transaction: transaction))
        {
            if (dangling.Dangling > 0 && kept.TryGetValue(dangling.Reference, out var reference))
            {
                issues.Add(reference.Referenced.FileName, 0, reference.Column,
                    $"{dangling.Dangling} existing {reference.Referencing.Name} row(s) refer to ids this file no longer has " +
                    $"(e.g. '{dangling.Example}'); import {reference.Referencing.FileName} too");
            }
        }
    }
}
