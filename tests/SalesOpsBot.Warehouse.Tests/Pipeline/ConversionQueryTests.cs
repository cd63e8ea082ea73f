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

    [Fact]
    public async Task SeveralQuartersInOneStatementAreFollowedEachFromItsOwnPoint()
    {
        await using var warehouse = await CreateSampleAsync();
        var q3 = new FiscalCalendar(1).Quarter(2026, 3);
        var trace = new SqlTrace();

        var conversions = await new ForecastQueries(new SqlRunner(warehouse.Connections)).ConversionsAsync(
            AccessScope.Everything, QueryFocus.Everything,
            [new ConversionWindow(q3, new DateOnly(2026, 8, 15), q3.End), new ConversionWindow(q3, new DateOnly(2026, 7, 20), new DateOnly(2026, 8, 15))],
            DealFilters.None, TestContext.Current.CancellationToken, trace);

        Assert.Single(trace.Statements);
        // The first window as in the test above.
        Assert.Equal(new ConversionBucket("Pipeline", "Discovery", 750m, 400m), Assert.Single(conversions[0].Buckets));
        Assert.Equal((300m, 780m), (conversions[0].WonAtPoint, conversions[0].WonByEnd));
        // At the end of 20 July, open and due in Q3: O-1 (100), O-2 (50), O-4 (300), O-5 (400), all Discovery/Pipeline; by the
        // end of 15 August only O-1 was won (10 August). Already won: O-3 (200, 15 July). O-6 was due in November then.
        Assert.Equal(new ConversionBucket("Pipeline", "Discovery", 850m, 100m), Assert.Single(conversions[1].Buckets));
        Assert.Equal((200m, 300m, 0m), (conversions[1].WonAtPoint, conversions[1].WonByEnd, conversions[1].LateBookings));
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
