using System.CommandLine;
using SalesOpsBot.Warehouse.Access;
using SalesOpsBot.Warehouse.Doctor;
using SalesOpsBot.Warehouse.Querying;

namespace SalesOpsBot.Cli.Commands;

/// <summary><c>salesops doctor</c>: connection, contract, data quality and configuration; exit 1 on a blocking problem.</summary>
internal static class DoctorCommand
{
    public static Command Create(TimeProvider time)
    {
        var rebuild = new Option<bool>("--rebuild-spans")
        {
            Description = "First rebuild the embedded warehouse's derived deal spans from its contract tables (after writing the DuckDB file with other tools).",
        };
        var command = new Command("doctor", "Check the connection, the contract tables and columns, data quality and configuration.") { rebuild };
        command.SetAction(time, async (context, parse, cancellationToken) =>
        {
            await SeedCommand.EnsureDemoAsync(context, time, cancellationToken);
            var connections = context.Connect();
            if (parse.GetValue(rebuild))
            {
                await RebuildSpansAsync(connections, context.Calendar, cancellationToken);
            }

            var access = await ResolveAccessAsync(connections, context.Principal, parse, cancellationToken);
            var report = await new WarehouseDoctor(connections, context.Calendar).ExamineAsync(access.Scope, context.AsOf, cancellationToken);

            Console.WriteLine($"Warehouse      {report.Warehouse}");
            // Whole-warehouse counts are for admins; everyone else sees only checks run under their own scope.
            if (report.Counts.Count > 0 && access.Scope.All)
            {
                Console.WriteLine($"Data           {N(report, "opportunities")} opportunities, {N(report, "opportunity_history")} history rows, " +
                    $"{N(report, "reps")} reps, {N(report, "territories")} territories, {N(report, "accounts")} accounts, {N(report, "quotas")} quota rows");
            }

            Console.WriteLine($"Configuration  fiscal year starts in month {context.Calendar.StartMonth}; checking as {context.Principal} ({access.Scope.Description}); " +
                $"language model: {Conversation.Llm.LlmSettings.FromEnvironment()}");
            if (access.Denial is { } denial)
            {
                Console.WriteLine($"               {denial}");
            }
            foreach (var area in report.Checks.GroupBy(c => c.Area))
            {
                Console.WriteLine();
                Console.WriteLine(area.Key);
                foreach (var check in area)
                {
                    var mark = check.Severity switch { CheckSeverity.Ok => "ok  ", CheckSeverity.Warning => "warn", _ => "FAIL" };
                    var count = check.Count > 0 ? $"{check.Count:N0} " : "";
                    var examples = check.Examples is { Count: > 0 } e ? $" (e.g. {string.Join(", ", e)})" : "";
                    Console.WriteLine($"  {mark} {count}{check.Title}{examples}");
                }
            }

            var blocking = report.Checks.Count(c => c.Severity == CheckSeverity.Blocking);
            var warnings = report.Checks.Count(c => c.Severity == CheckSeverity.Warning);
            Console.WriteLine();
            Console.WriteLine($"{blocking} blocking problem(s), {warnings} warning(s).");
            return report.HasBlockingProblems ? CommandRunner.UserError : CommandRunner.Answered;
        });
        return command;
    }

    private static async Task RebuildSpansAsync(Warehouse.Connections.IWarehouseConnectionFactory connections, Analysis.Calendar.FiscalCalendar calendar, CancellationToken cancellationToken)
    {
        if (connections.Dialect != Warehouse.Connections.WarehouseDialect.DuckDb)
        {
            throw new UserErrorException("--rebuild-spans applies to the embedded DuckDB warehouse only; server warehouses have no derived tables.");
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await using (var connection = await connections.OpenWritableAsync(cancellationToken))
        {
            await Warehouse.Derived.DealSpans.RebuildAsync(connection, connections.Dialect, calendar, cancellationToken);
        }

        Console.WriteLine($"Rebuilt the derived deal spans in {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s.");
    }

    private static async Task<AccessResolution> ResolveAccessAsync(
        Warehouse.Connections.IWarehouseConnectionFactory connections, string principal, ParseResult parse, CancellationToken cancellationToken)
    {
        try
        {
            // The same resolver as every other command: the warehouse's user_access, else the --access rules.
            return await AssistantSetup.Access(new SqlRunner(connections), parse).ResolveAsync(principal, cancellationToken);
        }
        catch (Exception exception) when (exception is System.Data.Common.DbException or Warehouse.Connections.WarehouseUnavailableException)
        {
            // The doctor itself reports what is wrong with the connection or the contract.
            return new AccessResolution(principal, AccessScope.Nothing, [], "access rules could not be read");
        }
    }

    private static string N(DoctorReport report, string table) => report.Counts.GetValueOrDefault(table).ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
}
