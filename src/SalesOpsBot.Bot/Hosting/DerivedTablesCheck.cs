using System.Data.Common;
using SalesOpsBot.Warehouse.Connections;
using SalesOpsBot.Warehouse.Derived;

namespace SalesOpsBot.Bot.Hosting;

/// <summary>
/// At start, decides once whether the embedded warehouse's derived deal spans match its data and says so in the log: the
/// first question then does not pay for the fingerprint, and an admin sees whether the heavy questions take the fast path
/// (a stale file is answered correctly by the portable statements, only slower; docs/benchmarks/performance.md).
/// </summary>
internal sealed class DerivedTablesCheck(IWarehouseConnectionFactory connections, ILogger<DerivedTablesCheck> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (connections.Dialect != WarehouseDialect.DuckDb)
        {
            return;
        }

        try
        {
            if (await DealSpans.AreCurrentAsync(connections, stoppingToken))
            {
                logger.LogInformation("The embedded warehouse's deal spans match its data: the heavy questions read them");
            }
            else
            {
                logger.LogWarning("The embedded warehouse's deal spans are missing or older than its data: answers stay right but are slower; " +
                    "run 'salesops doctor --rebuild-spans' (seed and import rebuild them too)");
            }
        }
        catch (Exception exception) when (exception is DbException or WarehouseUnavailableException or IOException)
        {
            // The readiness check reports an unreachable warehouse; this is only a warm-up.
            logger.LogInformation("Deal spans not checked at start: {Reason}", exception.GetType().Name);
        }
    }
}
