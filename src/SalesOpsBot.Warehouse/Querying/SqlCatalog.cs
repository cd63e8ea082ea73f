using System.Collections.Frozen;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using SalesOpsBot.Warehouse.Connections;

namespace SalesOpsBot.Warehouse.Querying;

/// <summary>A named SQL statement as a dialect runs it.</summary>
public sealed record SqlStatement(string Name, string Text, WarehouseDialect Dialect);

/// <summary>
/// Every SQL statement of the warehouse layer, loaded once from the embedded <c>Sql/**/*.sql</c> files.
/// A file <c>Name.sql</c> is the portable text; a sibling <c>Name.&lt;dialect&gt;.sql</c> overrides it for one
/// dialect where the dialects really differ. Files use <c>@name</c> parameters (PostgreSQL and SQL Server
/// syntax, runnable as they are in a query tool); for DuckDB the markers are rewritten to <c>$name</c>.
/// </summary>
public sealed class SqlCatalog
{
    private const string Prefix = "Sql/";

    private readonly FrozenDictionary<(string Name, WarehouseDialect Dialect), SqlStatement> _statements;

    private SqlCatalog(FrozenDictionary<(string, WarehouseDialect), SqlStatement> statements, IReadOnlyList<string> names, IReadOnlyList<string> files)
    {
        _statements = statements;
        Names = names;
        Files = files;
    }

    public static SqlCatalog Default { get; } = Load(typeof(SqlCatalog).Assembly);

    /// <summary>Logical statement names, e.g. <c>Metrics/Bookings</c>.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Every embedded file, overrides included, e.g. <c>Metrics/SalesCycle.sqlserver.sql</c>.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>True when the catalogue holds a statement named <paramref name="name"/>.</summary>
    public bool Contains(string name) => _statements.ContainsKey((name, WarehouseDialect.DuckDb));

    public SqlStatement Get(string name, WarehouseDialect dialect) =>
        _statements.TryGetValue((name, dialect), out var statement)
            ? statement
            : throw new KeyNotFoundException($"No SQL statement named '{name}'.");

    /// <summary>The raw text of an embedded file (for tests and tooling), without dialect rewriting.</summary>
    public static string ReadFile(string file)
    {
        using var stream = typeof(SqlCatalog).Assembly.GetManifestResourceStream(Prefix + file)
            ?? throw new KeyNotFoundException($"No embedded SQL file '{file}'.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static SqlCatalog Load(Assembly assembly)
    {
        var files = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => n[Prefix.Length..])
            .Order(StringComparer.Ordinal)
            .ToList();

        var portable = new Dictionary<string, string>(StringComparer.Ordinal);
        var overrides = new Dictionary<(string, WarehouseDialect), string>();
        foreach (var file in files)
        {
            var withoutExtension = file[..^".sql".Length];
            var dialect = Enum.GetValues<WarehouseDialect>()
                .Cast<WarehouseDialect?>()
                .FirstOrDefault(d => withoutExtension.EndsWith("." + d!.Value.FileSuffix(), StringComparison.Ordinal));
            if (dialect is { } d)
            {
                overrides[(withoutExtension[..^(d.FileSuffix().Length + 1)], d)] = ReadFile(file);
            }
            else
            {
                portable[withoutExtension] = ReadFile(file);
            }
        }

        var orphan = overrides.Keys.FirstOrDefault(k => !portable.ContainsKey(k.Item1));
        if (orphan != default)
        {
            throw new InvalidOperationException($"SQL override for '{orphan.Item1}' has no portable file beside it.");
        }

        var statements = new Dictionary<(string, WarehouseDialect), SqlStatement>();
        foreach (var (name, text) in portable)
        {
            foreach (var dialect in Enum.GetValues<WarehouseDialect>())
            {
                var source = overrides.GetValueOrDefault((name, dialect)) ?? text;
                var runnable = SqlParameterMarkers.ForDialect(source, dialect);
                statements[(name, dialect)] = new SqlStatement(name, runnable.Trim(), dialect);
            }
        }

        return new SqlCatalog(statements.ToFrozenDictionary(), portable.Keys.Order(StringComparer.Ordinal).ToList(), files);
    }
}

/// <summary>
/// Adapts the portable parameter syntax of the SQL files to a provider, outside string literals, quoted
/// identifiers and comments: DuckDB takes <c>$name</c>; Npgsql binds a list as one array parameter, so a
/// list test <c>IN @names</c> becomes <c>= ANY(@names)</c> there (SqlClient and DuckDB expand the list). On SQL
/// Server the contract tables are qualified with schema <c>salesops</c>, because a login's default schema cannot
/// be relied on (administrators always resolve to dbo); PostgreSQL gets the schema from its search path.
/// Whole days between two dates are written <c>DATEDIFF(day, a, b)</c> (SQL Server's form, with plain column
/// references): DuckDB gets <c>date_diff('day', a, b)</c>, PostgreSQL <c>(b - a)</c>, so one file serves all three
/// instead of a per-dialect copy of a long statement.
/// </summary>
public static partial class SqlParameterMarkers
{
    public static string ForDialect(string sql, WarehouseDialect dialect) => dialect switch
    {
        WarehouseDialect.DuckDb => RewriteCode(sql, code => AtMarker().Replace(DaysBetween().Replace(code, "date_diff('day', $1, $2)"), "$$$1")),
        WarehouseDialect.Postgres => RewriteCode(sql, code => InList().Replace(DaysBetween().Replace(code, "($2 - $1)"), "= ANY(@$1)")),
        WarehouseDialect.SqlServer => RewriteCode(sql, code => ContractTable().Replace(code, "$1 salesops.$2")),
        _ => sql,
    };

    /// <summary>Applies <paramref name="rewrite"/> to the code between literals and comments.</summary>
    private static string RewriteCode(string sql, Func<string, string> rewrite)
    {
        var result = new StringBuilder(sql.Length);
        var code = new StringBuilder();
        var i = 0;
        while (i < sql.Length)
        {
            var end = SkipInert(sql, i);
            if (end == i)
            {
                code.Append(sql[i++]);
                continue;
            }

            result.Append(rewrite(code.ToString())).Append(sql, i, end - i);
            code.Clear();
            i = end;
        }

        return result.Append(rewrite(code.ToString())).ToString();
    }

    /// <summary>The end of a literal or comment starting at <paramref name="i"/>, or <paramref name="i"/> itself.</summary>
    private static int SkipInert(string sql, int i)
    {
        var c = sql[i];
        var next = i + 1 < sql.Length ? sql[i + 1] : '\0';
        int end;
        if (c is '\'' or '"')
        {
            end = sql.IndexOf(c, i + 1);
            return end < 0 ? sql.Length : end + 1;
        }

        if (c == '-' && next == '-')
        {
            end = sql.IndexOf('\n', i);
            return end < 0 ? sql.Length : end;
        }

        if (c == '/' && next == '*')
        {
            end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
            return end < 0 ? sql.Length : end + 2;
        }

        return i;
    }

    [GeneratedRegex(@"@([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex AtMarker();

    [GeneratedRegex(@"\bDATEDIFF\(\s*day\s*,\s*([A-Za-z_][A-Za-z0-9_.]*)\s*,\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\)", RegexOptions.IgnoreCase)]
    private static partial Regex DaysBetween();

    [GeneratedRegex(@"\bIN\s+@([A-Za-z_][A-Za-z0-9_]*)", RegexOptions.IgnoreCase)]
    private static partial Regex InList();

    [GeneratedRegex(@"\b(FROM|JOIN)\s+(territories|reps|accounts|products|opportunities|opportunity_history|quotas|user_access)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ContractTable();
}
