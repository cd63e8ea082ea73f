using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SalesOpsBot.Warehouse.Telemetry;

/// <summary>
/// Spans and metrics of warehouse queries (System.Diagnostics only; the host decides what is exported). Tags carry the
/// catalogue name of the statement and the dialect, never parameters or rows: those hold sales data.
/// </summary>
public static class WarehouseTelemetry
{
    public const string Name = "SalesOpsBot.Warehouse";

    public static ActivitySource Source { get; } = new(Name);

    public static Meter Meter { get; } = new(Name);

    /// <summary><c>salesops.sql.duration</c> (s): one catalogue statement, opening the connection to the last row read.</summary>
    public static Histogram<double> SqlDuration { get; } = Meter.CreateHistogram<double>(
        "salesops.sql.duration", "s", "Duration of one warehouse statement, by query name, dialect and outcome.");
}
