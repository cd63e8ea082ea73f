using System.Text.RegularExpressions;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using SalesOpsBot.Warehouse.Connections;
using SalesOpsBot.Warehouse.Contract;

namespace SalesOpsBot.Warehouse.Tests.Salesforce;

/// <summary>The two Salesforce scripts: the T-SQL one parses, and both define the same views with the same columns.</summary>
public sealed partial class SalesforceScriptTests
{
    [Fact]
    public void TheSqlServerScriptParsesAsTSqlWithoutErrors()
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        var problems = new List<string>();

        foreach (var batch in SalesforceScripts.SqlServerBatches())
        {
            using var reader = new StringReader(batch);
            parser.Parse(reader, out var errors);
            problems.AddRange(errors.Select(e => $"{e.Line}: {e.Message}"));
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void TheParseCheckCatchesPostgresSyntax()
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader("CREATE VIEW salesops.x (a) AS SELECT CAST(o.CreatedDate AT TIME ZONE 'UTC' AS date) FROM t o LIMIT 1");

        parser.Parse(reader, out var errors);

        Assert.NotEmpty(errors);
    }

    [Fact]
    public void BothScriptsDefineTheSameViewsWithTheSameColumns()
    {
        var postgres = PostgresViews(SalesforceScripts.Read(WarehouseDialect.Postgres));
        var sqlServer = SqlServerViews();

        Assert.Equal(12, postgres.Count);
        Assert.Equal(postgres, sqlServer);
    }

    [Fact]
    public void EveryContractTableIsAViewWithTheContractColumnsInOrder()
    {
        var postgres = PostgresViews(SalesforceScripts.Read(WarehouseDialect.Postgres));

        Assert.All(ContractTables.All, table =>
        {
            Assert.True(postgres.TryGetValue(table.Name, out var columns), $"{table.Name} is not mapped");
            Assert.Equal(table.Columns.Select(c => c.Name), columns);
        });
    }

    [Fact]
    public void TheViewExtractionReadsNamesAndColumnLists()
    {
        var views = PostgresViews("-- x\nCREATE VIEW salesops.alpha (a, b,\n    c) AS SELECT 1, 2, 3;\nCREATE VIEW salesops.beta (d) AS SELECT 4;");

        Assert.Equal(["a", "b", "c"], views["alpha"]);
        Assert.Equal(["d"], views["beta"]);
    }

    private static SortedDictionary<string, IReadOnlyList<string>> PostgresViews(string script)
    {
        var views = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (Match match in PostgresView().Matches(script))
        {
            views.Add(match.Groups[1].Value, [.. match.Groups[2].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)]);
        }

        return views;
    }

    private static SortedDictionary<string, IReadOnlyList<string>> SqlServerViews()
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        var collector = new ViewCollector();
        foreach (var batch in SalesforceScripts.SqlServerBatches())
        {
            using var reader = new StringReader(batch);
            parser.Parse(reader, out _).Accept(collector);
        }

        return collector.Views;
    }

    [GeneratedRegex(@"CREATE\s+VIEW\s+salesops\.(\w+)\s*\(([^)]*)\)\s*AS", RegexOptions.IgnoreCase)]
    private static partial Regex PostgresView();

    private sealed class ViewCollector : TSqlFragmentVisitor
    {
        public SortedDictionary<string, IReadOnlyList<string>> Views { get; } = new(StringComparer.Ordinal);

        public override void ExplicitVisit(CreateOrAlterViewStatement node)
        {
            Assert.Equal("salesops", node.SchemaObjectName.SchemaIdentifier?.Value);
            Views.Add(node.SchemaObjectName.BaseIdentifier.Value, [.. node.Columns.Select(c => c.Value)]);
        }
    }
}

/// <summary>Where the scripts and the sample live in the repository.</summary>
internal static class SalesforceScripts
{
    public static string SamplePath => Path.Combine(RepositoryRoot(), "tests", "SalesOpsBot.Warehouse.Tests", "Salesforce", "sfdc-sample.sql");

    public static string Read(WarehouseDialect dialect) =>
        File.ReadAllText(Path.Combine(RepositoryRoot(), "infra", "warehouse", "salesforce", dialect.FileSuffix() + ".sql"));

    /// <summary>The T-SQL script's batches (separated by GO lines, as sqlcmd and SSMS run them).</summary>
    public static IReadOnlyList<string> SqlServerBatches() =>
        [.. Regex.Split(Read(WarehouseDialect.SqlServer), @"^\s*GO\s*$", RegexOptions.Multiline | RegexOptions.IgnoreCase)
            .Where(b => b.Split('\n').Any(line => line.Trim().Length > 0 && !line.TrimStart().StartsWith("--", StringComparison.Ordinal)))];

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SalesOpsBot.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Run the tests from inside the repository.");
    }
}
