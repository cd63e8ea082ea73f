using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.TestKit;
using SalesOpsBot.Warehouse.Access;
using SalesOpsBot.Warehouse.Insights;
using SalesOpsBot.Warehouse.Connections;
using SalesOpsBot.Warehouse.Contract;
using SalesOpsBot.Warehouse.Import;
using SalesOpsBot.Warehouse.Querying;
using SalesOpsBot.Warehouse.Tests.Dialects;

namespace SalesOpsBot.Warehouse.Tests.Import;

public abstract class CsvImporterTests(PostgresServer postgres) : WarehouseKind(postgres)
{
    private static readonly FiscalCalendar Calendar = new(1);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ImportsTheContractFilesAndAnswersLikeTheSource()
    {
        await using var warehouse = await CreateAsync();
        using var csv = ContractCsvFolder.Of(SampleSales.Write);

        var report = await CsvImporter.ImportAsync(warehouse.Connections, csv.Folder, Calendar, null, Token);

        Assert.Equal(7, report.RowsByTable["opportunities"]);
        Assert.Equal(13, report.RowsByTable["opportunity_history"]);
        var cells = await new AnalysisQueries(new SqlRunner(warehouse.Connections)).PeriodMeasuresByCellAsync(AccessScope.Everything,
            QueryFocus.Everything, new FiscalCalendar(1).Quarter(2026, 3), SampleSales.AsOf, DealFilters.None, Token);
        Assert.Equal(SampleSales.Expected.GlobalBookings, cells.Sum(c => c.Measures.WonAmount));
    }

    [Fact]
    public async Task ReportsEveryBadValueWithFileLineAndColumnAndChangesNothing()
    {
        await using var warehouse = await CreateSampleAsync();
        var before = await WarehouseFingerprint.OfAsync(warehouse.Connections, Token);
        using var csv = ContractCsvFolder.Of(SampleSales.Write);
        var path = csv.PathOf(ContractTables.Opportunities);
        var lines = File.ReadAllLines(path);
        lines[2] = lines[2].Replace("2026-06-01", "2026-13-01", StringComparison.Ordinal);   // line 3: bad date
        lines[4] = lines[4].Replace(",300,", ",-300,", StringComparison.Ordinal);           // line 5: negative amount
        lines[5] = lines[5].Replace("A-3", "A-404", StringComparison.Ordinal);              // line 6: unknown account
        File.WriteAllLines(path, lines);

        var failure = await Assert.ThrowsAsync<ImportFailedException>(() =>
            CsvImporter.ImportAsync(warehouse.Connections, csv.Folder, Calendar, null, Token));

        var messages = failure.Errors.Select(e => e.ToString()).ToList();
        Assert.Contains(messages, m => m.StartsWith("opportunities.csv:3: created_date: '2026-13-01' is not a date", StringComparison.Ordinal));
        Assert.Contains("opportunities.csv:5: amount: must not be negative", messages);
        Assert.Contains("opportunities.csv:6: account_id: 'A-404' is not a accounts key", messages);
        Assert.Equal(before, await WarehouseFingerprint.OfAsync(warehouse.Connections, Token));
    }

    [Fact]
    public async Task BrokenRulesAndDuplicatesAreErrors()
    {
        await using var warehouse = await CreateAsync();
        using var csv = ContractCsvFolder.Of(SampleSales.Write);
        File.AppendAllLines(csv.PathOf(ContractTables.Opportunities),
        [
            "O-8,Won but open,A-1,R-1,T-DACH,P-CORE,New Business,Inbound,2026-01-01,2026-02-01,Closed Won,Closed,10,false,true,",
            "O-1,Duplicate,A-1,R-1,T-DACH,P-CORE,New Business,Inbound,2026-01-01,2026-02-01,Discovery,Pipeline,10,false,false,",
            "O-9,Lost in commit,A-1,R-1,T-DACH,P-CORE,New Business,Inbound,2026-01-01,2026-02-01,Closed Lost,Closed,10,true,false,Price",
        ]);
        File.AppendAllLines(csv.PathOf(ContractTables.Quotas), ["T-NA,R-3,2026-08-01,100"]);
        File.AppendAllLines(csv.PathOf(ContractTables.Reps), ["R-9,Copy Cat,LENA.VOGEL@example.com,,T-DACH,AE,2025-01-01,"]);

        var failure = await Assert.ThrowsAsync<ImportFailedException>(() =>
            CsvImporter.ImportAsync(warehouse.Connections, csv.Folder, Calendar, null, Token));

        var messages = failure.Errors.Select(e => e.ToString()).ToList();
        Assert.Contains("opportunities.csv:9: is_won: a won deal must be closed (is_closed = true)", messages);
        Assert.Contains("opportunities.csv:10: opportunity_id: 'O-1' appears more than once", messages);
        Assert.Contains("opportunities.csv:11: forecast_category: only won deals have forecast category 'Closed'", messages);
        Assert.Contains(messages, m => m.StartsWith("quotas.csv:6: period_start: 2026-08-01 is not the first day of a fiscal quarter", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("reps.csv:6: email: 'LENA.VOGEL@example.com' is used by another rep", StringComparison.Ordinal));
    }

    [Fact]
    public async Task QuotedFieldsWithCommasNewlinesBomAndCrlfAreRead()
    {
        await using var warehouse = await CreateAsync();
        using var csv = ContractCsvFolder.Of(SampleSales.Write);
        var path = csv.PathOf(ContractTables.Accounts);
        var text = File.ReadAllText(path).Replace("Harbour Foods", "\"Harbour, Foods \"\"UK\"\"\nLimited\"", StringComparison.Ordinal);
        File.WriteAllText(path, "\uFEFF" + text.Replace("\n", "\r\n", StringComparison.Ordinal), new System.Text.UTF8Encoding(true));
        File.AppendAllLines(csv.PathOf(ContractTables.Products), ["P-X,\"Ignored, extra\",Family"]);
        var reps = csv.PathOf(ContractTables.Reps);
        File.WriteAllLines(reps, File.ReadAllLines(reps).Select((l, i) => l + (i == 0 ? ",nickname" : ",x")));

        var report = await CsvImporter.ImportAsync(warehouse.Connections, csv.Folder, Calendar, null, Token);

        Assert.Equal(3, report.RowsByTable["accounts"]);
        Assert.Contains(report.Warnings, w => w.Contains("'nickname' is not in the contract", StringComparison.Ordinal));
        await using var connection = await warehouse.Connections.OpenReadOnlyAsync(Token);
        var table = warehouse.Dialect == WarehouseDialect.DuckDb ? "accounts" : "salesops.accounts";
        var name = await Dapper.SqlMapper.ExecuteScalarAsync<string>(connection, $"SELECT name FROM {table} WHERE account_id = 'A-2'");
        Assert.Equal("Harbour, Foods \"UK\"\r\nLimited", name);
    }

    [Fact]
    public async Task MissingRequiredColumnIsReportedAgainstTheHeader()
    {
        await using var warehouse = await CreateAsync();
        using var csv = ContractCsvFolder.Of(SampleSales.Write);
        var path = csv.PathOf(ContractTables.Territories);
        File.WriteAllLines(path, File.ReadAllLines(path).Select(l => string.Join(",", l.Split(',').Take(1).Concat(l.Split(',').Skip(2)))));

        var failure = await Assert.ThrowsAsync<ImportFailedException>(() =>
            CsvImporter.ImportAsync(warehouse.Connections, csv.Folder, Calendar, null, Token));

        Assert.Contains("territories.csv:1: name: required column is missing from the header", failure.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public async Task ReplacingATableThatKeptRowsStillReferenceFailsAndKeepsTheWarehouse()
    {
        await using var warehouse = await CreateSampleAsync();
        var before = await WarehouseFingerprint.OfAsync(warehouse.Connections, Token);
        using var csv = new ContractCsvFolder();
        File.WriteAllLines(csv.PathOf(ContractTables.Accounts), ["account_id,name,segment,industry,country", "A-1,Bergmann Logistik,Enterprise,,DE"]);

        var failure = await Assert.ThrowsAsync<ImportFailedException>(() =>
            CsvImporter.ImportAsync(warehouse.Connections, csv.Folder, Calendar, null, Token));

        Assert.Contains(failure.Errors, e => e.File == "accounts.csv" && e.Reason.Contains("existing opportunities row(s)", StringComparison.Ordinal));
        Assert.Equal(before, await WarehouseFingerprint.OfAsync(warehouse.Connections, Token));
    }

    [Fact]
    public async Task AnEmptyFolderIsAClearError()
    {
        await using var warehouse = await CreateAsync();
        using var csv = new ContractCsvFolder();

        var failure = await Assert.ThrowsAsync<ImportFailedException>(() =>
            CsvImporter.ImportAsync(warehouse.Connections, csv.Folder, Calendar, null, Token));

        Assert.Contains("no contract CSV files", failure.Errors[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ErrorsAreCappedButAllAreCounted()
    {
        await using var warehouse = await CreateAsync();
        using var csv = ContractCsvFolder.Of(SampleSales.Write);
        File.AppendAllLines(csv.PathOf(ContractTables.Products), Enumerable.Range(0, 250).Select(i => $"P-{i},,"));

        var failure = await Assert.ThrowsAsync<ImportFailedException>(() =>
            CsvImporter.ImportAsync(warehouse.Connections, csv.Folder, Calendar, null, Token));

        Assert.Equal(CsvImporter.ErrorLimit, failure.Errors.Count);
        Assert.Equal(250, failure.TotalErrors);
    }
}

public sealed class DuckDbCsvImporterTests(PostgresServer postgres) : CsvImporterTests(postgres)
{
    public override WarehouseDialect Dialect => WarehouseDialect.DuckDb;
}

public sealed class PostgresCsvImporterTests(PostgresServer postgres) : CsvImporterTests(postgres)
{
    public override WarehouseDialect Dialect => WarehouseDialect.Postgres;
}

public sealed class SqlServerCsvImporterTests(PostgresServer postgres) : CsvImporterTests(postgres)
{
    public override WarehouseDialect Dialect => WarehouseDialect.SqlServer;
}
