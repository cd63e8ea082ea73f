using System.CommandLine;
using System.Globalization;
using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Warehouse.Connections;

namespace SalesOpsBot.Cli;

/// <summary>
/// The options every command takes (../shared/specs/cli-and-answer.md), resolved from the command line first
/// and the environment second: <c>--db</c>/<c>SALESOPS_DB</c>, <c>--as</c>/<c>SALESOPS_USER</c>, <c>--as-of</c>,
/// and the fiscal year's start month from <c>SALESOPS_FISCAL_YEAR_START_MONTH</c>.
/// </summary>
internal sealed record CliContext(WarehouseLocation Warehouse, string Principal, DateOnly AsOf, bool AsOfGiven, FiscalCalendar Calendar)
{
    public const string DemoAdmin = "admin@example.com";

    public static readonly Option<string?> DbOption = new("--db")
    {
        Description = "Warehouse: duckdb:PATH, postgres:<Npgsql connection string> or sqlserver:<SqlClient connection string> (env SALESOPS_DB; default duckdb:salesops.duckdb).",
        Recursive = true,
    };

    public static readonly Option<string?> AsOption = new("--as")
    {
        Description = "Whose access rules apply: an email or Entra object id (env SALESOPS_USER; default the demo admin).",
        Recursive = true,
    };

    public static readonly Option<string?> AsOfOption = new("--as-of")
    {
        Description = "Evaluate \"now\" at this date (YYYY-MM-DD); default today.",
        Recursive = true,
    };

    public static CliContext From(ParseResult parse, TimeProvider time)
    {
        var location = WarehouseLocation.Parse(parse.GetValue(DbOption) ?? Environment.GetEnvironmentVariable("SALESOPS_DB"));
        var principal = parse.GetValue(AsOption) ?? Environment.GetEnvironmentVariable("SALESOPS_USER") ?? DemoAdmin;
        var asOfText = parse.GetValue(AsOfOption);
        DateOnly asOf;
        if (asOfText is null)
        {
            asOf = DateOnly.FromDateTime(time.GetLocalNow().Date);
        }
        else if (!DateOnly.TryParseExact(asOfText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out asOf))
        {
            throw new UserErrorException($"--as-of '{asOfText}' is not a date (YYYY-MM-DD).");
        }

        var monthText = Environment.GetEnvironmentVariable("SALESOPS_FISCAL_YEAR_START_MONTH");
        var month = 1;
        if (!string.IsNullOrWhiteSpace(monthText) && (!int.TryParse(monthText, CultureInfo.InvariantCulture, out month) || month is < 1 or > 12))
        {
            throw new UserErrorException($"SALESOPS_FISCAL_YEAR_START_MONTH '{monthText}' must be a month number from 1 to 12.");
        }

        return new CliContext(location, principal.Trim(), asOf, asOfText is not null, new FiscalCalendar(month));
    }

    public IWarehouseConnectionFactory Connect() => WarehouseConnectionFactory.Create(Warehouse);
}

/// <summary>A mistake of the person running the command: one line on stderr, exit code 1.</summary>
internal sealed class UserErrorException(string message) : Exception(message);
