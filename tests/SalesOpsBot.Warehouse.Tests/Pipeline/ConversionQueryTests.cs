using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Analysis.Forecast;
using SalesOpsBot.TestKit;
using SalesOpsBot.Warehouse.Access;
using SalesOpsBot.Warehouse.Connections;
using SalesOpsBot.Warehouse.Insights;
using SalesOpsBot.Warehouse.Querying;
using SalesOpsBot.Warehouse.Tests.Dialects;

namespace SalesOpsBot.Warehouse.Tests.Pipeline;

public abstract class ConversionQueryTests(PostgresServer postgres) : WarehouseKind(postgres)
{
    [Fact]
    public async Task BucketsAtAPointInTheQuarterAndWhatTheyBecame()
    {
        await using var warehouse = await CreateSampleAsync();
        var q3 = new FiscalCalendar(1).Quarter(2026, 3);

        var conversion = await new ForecastQueries(new SqlRunner(warehouse.Connections)).ConversionAsync(
            AccessScope.Everything, QueryFocus.Everything, q3, new DateOnly(2026, 8, 15), q3.End, DealFilters.None, TestContext.Current.CancellationToken);

        // At the end of 15 August, open and due in Q3: O-2 (Discovery, Pipeline, 50; lost), O-4 (Discovery, Pipeline, 300;
        // slipped), O-5 (Discovery, Pipeline, 400; won). Already won: O-3 (200, July) and O-1 (100, 10 August).
        // Won later from elsewhere: O-6 (80, pulled in on 20 August).
        var bucket = Assert.Single(conversion.Buckets);
        Assert.Equal(new ConversionBucket("Pipeline", "Discovery", 750m, 400m), bucket);
        Assert.Equal(300m, conversion.WonAtPoint);
        Assert.Equal(780m, conversion.WonByEnd);
        Assert.Equal(80m, conversion.LateBookings);
    }
}

public sealed class DuckDbConversionQueryTests(PostgresServer postgres) : ConversionQueryTests(postgres)
{
    public override WarehouseDialect Dialect => WarehouseDialect.DuckDb;
}

public sealed class PostgresConversionQueryTests(PostgresServer postgres) : ConversionQueryTests(postgres)
{
    public override WarehouseDialect Dialect => WarehouseDialect.Postgres;
}

public sealed class SqlServerConversionQueryTests(PostgresServer postgres) : ConversionQueryTests(postgres)
{
    public override WarehouseDialect Dialect => WarehouseDialect.SqlServer;
}
