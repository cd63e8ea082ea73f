using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using SalesOpsBot.TestKit;
using SalesOpsBot.Warehouse.Connections;
using SalesOpsBot.Warehouse.Derived;
using SalesOpsBot.Warehouse.Querying;
using SalesOpsBot.Warehouse.Schema;

namespace SalesOpsBot.Warehouse.Tests.Dialects;

/// <summary>Every SQL file runs on every dialect available here, gives the same rows on each, parses as T-SQL, and is used.</summary>
public sealed partial class SqlCatalogTests(PostgresServer postgres)
{
    /// <summary>A value for every parameter name the SQL files use; a new parameter must be added here.</summary>
    private static readonly Dictionary<string, object?> ParameterValues = new(StringComparer.Ordinal)
    {
        ["periodStart"] = SampleSales.Q3Start,
        ["periodEnd"] = SampleSales.Q3End,
        ["asOf"] = SampleSales.AsOf,
        ["principals"] = new[] { "emea.vp@example.com" },
        ["startAt"] = new DateTime(2026, 7, 1),
        ["endAt"] = new DateTime(2026, 10, 1),
        ["restStart"] = SampleSales.AsOf,
        ["asOfEnd"] = new DateTime(2026, 10, 16),
        ["segment"] = null,
        ["productId"] = null,
        ["type"] = null,
        ["leadSource"] = null,
        ["perList"] = 50,
        ["fromAt"] = new DateTime(2026, 8, 2),
        ["toAt"] = new DateTime(2026, 9, 27),
        ["toDate"] = new DateOnly(2026, 9, 26),
        // Forecast/ConversionBuckets: Q3 seen at 15 August and followed to its end, Q2 at 15 May, Q1 at 15 February; slots
        // 3 and 4 are filled but beyond conversionCount, so they must not show.
        ["conversionCount"] = 3,
        ["q0Start"] = SampleSales.Q3Start,
        ["q0End"] = SampleSales.Q3End,
        ["q0PointAt"] = new DateTime(2026, 8, 16),
        ["q0EndAt"] = new DateTime(2026, 10, 1),
        ["q1Start"] = new DateOnly(2026, 4, 1),
        ["q1End"] = new DateOnly(2026, 6, 30),
        ["q1PointAt"] = new DateTime(2026, 5, 16),
        ["q1EndAt"] = new DateTime(2026, 7, 1),
        ["q2Start"] = new DateOnly(2026, 1, 1),
        ["q2End"] = new DateOnly(2026, 3, 31),
        ["q2PointAt"] = new DateTime(2026, 2, 16),
        ["q2EndAt"] = new DateTime(2026, 4, 1),
        ["q3Start"] = new DateOnly(2026, 10, 1),
        ["q3End"] = new DateOnly(2026, 12, 31),
        ["q3PointAt"] = new DateTime(2026, 10, 16),
        ["q3EndAt"] = new DateTime(2026, 10, 16),
        ["q4Start"] = new DateOnly(2025, 10, 1),
        ["q4End"] = new DateOnly(2025, 12, 31),
        ["q4PointAt"] = new DateTime(2025, 11, 16),
        ["q4EndAt"] = new DateTime(2026, 1, 1),
        // Reps/RepPeriodFacts: leavers of the year before Q3, quota rows four quarters either side.
        ["lookbackStart"] = new DateOnly(2025, 7, 1),
        ["quotaFrom"] = new DateOnly(2025, 7, 1),
        ["quotaTo"] = new DateOnly(2027, 7, 1),
        ["bestCaseShare"] = 0.5m,
        // PeriodMeasuresByCell: Q3 alone (group 0), then Q2 and Q1 summed (group 1), Q4 at the as-of date (group 2);
        // slot 5 is filled but beyond periodCount, so it must not show.
        ["periodCount"] = 5,
        ["leafCells"] = 1,
        ["p0Start"] = SampleSales.Q3Start,
        ["p0End"] = SampleSales.Q3End,
        ["p0StartAt"] = new DateTime(2026, 7, 1),
        ["p0EndAt"] = new DateTime(2026, 10, 1),
        ["p0RestStart"] = SampleSales.AsOf,
        ["p0Group"] = 0,
        ["p1Start"] = new DateOnly(2026, 4, 1),
        ["p1End"] = new DateOnly(2026, 6, 30),
        ["p1StartAt"] = new DateTime(2026, 4, 1),
        ["p1EndAt"] = new DateTime(2026, 7, 1),
        ["p1RestStart"] = SampleSales.AsOf,
        ["p1Group"] = 1,
        ["p2Start"] = new DateOnly(2026, 1, 1),
        ["p2End"] = new DateOnly(2026, 3, 31),
        ["p2StartAt"] = new DateTime(2026, 1, 1),
        ["p2EndAt"] = new DateTime(2026, 4, 1),
        ["p2RestStart"] = SampleSales.AsOf,
        ["p2Group"] = 1,
        ["p3Start"] = new DateOnly(2026, 10, 1),
        ["p3End"] = new DateOnly(2026, 12, 31),
        ["p3StartAt"] = new DateTime(2026, 10, 1),
        ["p3EndAt"] = new DateTime(2026, 10, 16),
        ["p3RestStart"] = SampleSales.AsOf,
        ["p3Group"] = 2,
        ["p4Start"] = SampleSales.Q3Start,
        ["p4End"] = SampleSales.Q3End,
        ["p4StartAt"] = new DateTime(2026, 7, 1),
        ["p4EndAt"] = new DateTime(2026, 10, 1),
        ["p4RestStart"] = SampleSales.AsOf,
        ["p4Group"] = 3,
        ["p5Start"] = new DateOnly(2025, 10, 1),
        ["p5End"] = new DateOnly(2025, 12, 31),
        ["p5StartAt"] = new DateTime(2025, 10, 1),
        ["p5EndAt"] = new DateTime(2026, 1, 1),
        ["p5RestStart"] = SampleSales.AsOf,
        ["p5Group"] = 4,
    };

    /// <summary>Statements every dialect runs; a <c>.spans</c> form reads DuckDB's derived tables and is compared with its
    /// portable statement instead (<see cref="SpansFormGivesTheSameRowsAsItsStatement"/>).</summary>
    public static TheoryData<string> StatementNames => new(SqlCatalog.Default.Names.Where(n => !IsSpansForm(n)));

    public static TheoryData<string> SpansForms => new(SqlCatalog.Default.Names.Where(IsSpansForm));

    [Theory]
    [MemberData(nameof(StatementNames))]
    public async Task StatementGivesTheSameRowsOnDuckDbAndPostgres(string name)
    {
        var token = TestContext.Current.CancellationToken;
        await using var duck = TestWarehouse.CreateDuckDb();
        await using var pg = await TestWarehouse.CreatePostgresAsync(postgres, token);
        await duck.LoadAsync(SampleSales.Write, token);
        await pg.LoadAsync(SampleSales.Write, token);

        var duckRows = await RunAsync(duck, name, token);
        var pgRows = await RunAsync(pg, name, token);

        Assert.Equal(duckRows, pgRows);
    }

    [Theory]
    [MemberData(nameof(SpansForms))]
    public async Task SpansFormGivesTheSameRowsAsItsStatement(string name)
    {
        var token = TestContext.Current.CancellationToken;
        await using var duck = TestWarehouse.CreateDuckDb();
        await duck.LoadAsync(SampleSales.Write, token);
        var portable = name[..^DealSpans.FormSuffix.Length];

        var spansRows = await RunAsync(duck, name, token);
        var portableRows = await RunAsync(duck, portable, token);

        Assert.NotEmpty(portableRows);
        Assert.Equal(portableRows, spansRows);
    }

    [Fact]
    public void EverySqlServerStatementAndTheSchemaParseAsTSql()
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        var problems = new List<string>();
        foreach (var batch in WarehouseSchema.Statements(WarehouseDialect.SqlServer))
        {
            Parse(parser, "Schema/sqlserver.sql", batch, problems);
        }

        foreach (var name in SqlCatalog.Default.Names.Where(n => !IsSpansForm(n)))
        {
            // Dapper expands a list parameter into (@p1, @p2, ...) before SQL Server sees it.
            var text = ListParameter().Replace(SqlCatalog.Default.Get(name, WarehouseDialect.SqlServer).Text, "IN (@$1_1, @$1_2)");
            Parse(parser, name, text, problems);
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void TheTSqlCheckCatchesSyntaxOtherDialectsAccept()
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        var problems = new List<string>();

        Parse(parser, "probe", "SELECT o.amount FROM opportunities o LIMIT 5", problems);

        Assert.NotEmpty(problems);
    }

    [Fact]
    public void EveryStatementIsUsedBySourceCode()
    {
        var root = RepositoryRoot();
        var source = string.Join("\n", Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal))
            .Select(File.ReadAllText));

        // A statement is used when its name appears as a string literal (or as a constant's value) in src/.
        // A .spans form is run in place of its statement (SqlRunner), so it is used when that statement is.
        var unused = SqlCatalog.Default.Names
            .Select(n => IsSpansForm(n) ? n[..^DealSpans.FormSuffix.Length] : n)
            .Where(n => !source.Contains($"\"{n}\"", StringComparison.Ordinal)).ToList();

        Assert.Empty(unused);
    }

    [Fact]
    public void ParameterMarkersAreRewrittenOnlyInCode()
    {
        const string sql = "SELECT '@literal', \"@quoted\" -- @comment\nFROM t WHERE a = @value AND b IN @list /* @block */";

        var duck = SqlParameterMarkers.ForDialect(sql, WarehouseDialect.DuckDb);
        var postgres = SqlParameterMarkers.ForDialect(sql, WarehouseDialect.Postgres);

        Assert.Equal("SELECT '@literal', \"@quoted\" -- @comment\nFROM t WHERE a = $value AND b IN $list /* @block */", duck);
        Assert.Equal("SELECT '@literal', \"@quoted\" -- @comment\nFROM t WHERE a = @value AND b = ANY(@list) /* @block */", postgres);
        Assert.Equal(sql, SqlParameterMarkers.ForDialect(sql, WarehouseDialect.SqlServer));
        Assert.Equal("SELECT o.amount FROM salesops.opportunities o JOIN salesops.accounts a ON a.account_id = o.account_id -- FROM reps",
            SqlParameterMarkers.ForDialect("SELECT o.amount FROM opportunities o JOIN accounts a ON a.account_id = o.account_id -- FROM reps", WarehouseDialect.SqlServer));
    }

    [Fact]
    public void DaysBetweenDatesIsSpelledForEachDialect()
    {
        const string sql = "SELECT DATEDIFF(day, o.created_date, o.close_date), 'DATEDIFF(day, a, b)' FROM t o";

        Assert.Equal("SELECT date_diff('day', o.created_date, o.close_date), 'DATEDIFF(day, a, b)' FROM t o", SqlParameterMarkers.ForDialect(sql, WarehouseDialect.DuckDb));
        Assert.Equal("SELECT (o.close_date - o.created_date), 'DATEDIFF(day, a, b)' FROM t o", SqlParameterMarkers.ForDialect(sql, WarehouseDialect.Postgres));
        Assert.Equal(sql, SqlParameterMarkers.ForDialect(sql, WarehouseDialect.SqlServer));
    }

    private static bool IsSpansForm(string name) => name.EndsWith(DealSpans.FormSuffix, StringComparison.Ordinal);

    [Fact]
    public void EverySpansFormHasItsPortableStatement()
    {
        var orphans = SqlCatalog.Default.Names.Where(IsSpansForm)
            .Where(n => !SqlCatalog.Default.Contains(n[..^DealSpans.FormSuffix.Length])).ToList();

        Assert.Empty(orphans);
        Assert.NotEmpty(SpansForms);
    }

    private static async Task<List<string>> RunAsync(TestWarehouse warehouse, string name, CancellationToken token)
    {
        var statement = SqlCatalog.Default.Get(name, warehouse.Dialect);
        var arguments = SqlRunner.ScopedParameters(Warehouse.Access.AccessScope.Everything, null);
        foreach (Match marker in ParameterName().Matches(SqlCatalog.Default.Get(name, WarehouseDialect.SqlServer).Text))
        {
            var parameter = marker.Groups[1].Value;
            if (!parameter.StartsWith("scope", StringComparison.Ordinal) && !parameter.StartsWith("focus", StringComparison.Ordinal))
            {
                Assert.True(ParameterValues.TryGetValue(parameter, out var value), $"{name}: add a test value for @{parameter}");
                arguments.Add(parameter, value, value is null ? System.Data.DbType.String : null);
            }
        }

        await using var connection = await warehouse.Connections.OpenReadOnlyAsync(token);
        var rows = await connection.QueryAsync(new CommandDefinition(statement.Text, arguments, cancellationToken: token));
        return rows.Select(r => string.Join("|", ((IDictionary<string, object?>)r).Select(kv => $"{kv.Key}={Normalize(kv.Value)}")))
            .Order(StringComparer.Ordinal).ToList();
    }

    private static string Normalize(object? value) => value switch
    {
        null => "null",
        decimal d => d.ToString("0.00##", CultureInfo.InvariantCulture),
        double d => d.ToString("0.00##", CultureInfo.InvariantCulture),
        DateTime dt when dt.TimeOfDay == TimeSpan.Zero => dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime dt => dt.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        int or long or short or System.Numerics.BigInteger => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null",
    };

    private static void Parse(TSql160Parser parser, string name, string text, List<string> problems)
    {
        using var reader = new StringReader(text);
        parser.Parse(reader, out var errors);
        problems.AddRange(errors.Select(e => $"{name}:{e.Line}: {e.Message}"));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SalesOpsBot.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Run the tests from inside the repository.");
    }

    [GeneratedRegex(@"\bIN\s+@([A-Za-z_][A-Za-z0-9_]*)", RegexOptions.IgnoreCase)]
    private static partial Regex ListParameter();

    [GeneratedRegex(@"@([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex ParameterName();
}
