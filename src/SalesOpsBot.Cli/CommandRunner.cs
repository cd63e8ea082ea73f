using System.CommandLine;
using System.Data.Common;
using SalesOpsBot.Warehouse.Connections;
using SalesOpsBot.Warehouse.Import;

namespace SalesOpsBot.Cli;

/// <summary>Runs a command body and turns failures into the spec's exit codes and one-line messages.</summary>
internal static class CommandRunner
{
    public const int Answered = 0;
    public const int UserError = 1;
    public const int InternalFailure = 2;

    public static void SetAction(this Command command, TimeProvider time, Func<CliContext, ParseResult, CancellationToken, Task<int>> body) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                return await body(CliContext.From(parse, time), parse, cancellationToken);
            }
            catch (Exception exception) when (exception is UserErrorException or WarehouseConfigurationException or WarehouseUnavailableException)
            {
                await Console.Error.WriteLineAsync(exception.Message);
                return UserError;
            }
            catch (ImportFailedException failure)
            {
                foreach (var error in failure.Errors)
                {
                    await Console.Error.WriteLineAsync(error.ToString());
                }

                if (failure.TotalErrors > failure.Errors.Count)
                {
                    await Console.Error.WriteLineAsync($"… and {failure.TotalErrors - failure.Errors.Count} more error(s).");
                }

                await Console.Error.WriteLineAsync(failure.Message);
                return UserError;
            }
            catch (OperationCanceledException)
            {
                await Console.Error.WriteLineAsync("Cancelled.");
                return UserError;
            }
            catch (DbException exception)
            {
                await Console.Error.WriteLineAsync($"The warehouse refused the request: {exception.Message.Split('\n')[0]}");
                return InternalFailure;
            }
            catch (Exception exception)
            {
                await Console.Error.WriteLineAsync($"Internal error: {exception.Message.Split('\n')[0]}");
                if (Environment.GetEnvironmentVariable("SALESOPS_DEBUG") == "1")
                {
                    await Console.Error.WriteLineAsync(exception.ToString());
                }

                return InternalFailure;
            }
        });
}
