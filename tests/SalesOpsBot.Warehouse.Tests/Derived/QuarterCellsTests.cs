using Dapper;
using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Analysis.Metrics;
using SalesOpsBot.TestKit;
using SalesOpsBot.Warehouse.Access;
using SalesOpsBot.Warehouse.Contract;
using SalesOpsBot.Warehouse.Derived;
using SalesOpsBot.Warehouse.Insights;
using SalesOpsBot.Warehouse.Querying;
using SalesOpsBot.Warehouse.Seeding;

namespace SalesOpsBot.Warehouse.Tests.Derived;

/// <summary>
/// Whole fiscal quarters seen after their end are read from the cells stored at load (quarter_cells); every other period
/// is computed from the spans. Each test changes the stored cells behind the runner's back, so it shows which path ran.
/// </summary>
public sealed class QuarterCellsTests
{
    private static readonly DateOnly AsOf = new(2026, 11, 15);

    private static readonly FiscalCalendar Calendar = new(1);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AQuarterSeenAfterItsEndIsReadFromTheStoredCells()
    {
        await using var warehouse = await SeededAsync();
        var q3 = Calendar.Quarter(2026, 3);
        var portable = await BookingsAsync(warehouse, q3, useDerivedTables: false);
        var before = await BookingsAsync(warehouse, q3);

        var changed = await AddOneToStoredWonAmountsAsync(warehouse, "period_start = DATE '2026-07-01'");
        var after = await BookingsAsync(warehouse, q3);

        Assert.True(portable > 0);
        Assert.Equal(portable, before);
        Assert.True(changed > 0);
        Assert.Equal(portable + changed, after);
    }

    [Fact]
    public async Task AQuarterNotOverAtTheAsOfDateIsComputedFromTheSpans()
    {
        await using var warehouse = await SeededAsync();
        var q4 = Calendar.Quarter(2026, 4);
        var portable = await BookingsAsync(warehouse, q4, useDerivedTables: false);

        var changed = await AddOneToStoredWonAmountsAsync(warehouse, "TRUE");
        var spans = await BookingsAsync(warehouse, q4);

        Assert.True(changed > 0);
        Assert.True(portable > 0);
        Assert.Equal(portable, spans);
    }

    [Fact]
    public async Task QuartersOfAnotherFiscalCalendarAreComputedFromTheSpans()
    {
        await using var warehouse = await SeededAsync();
        var february = new FiscalCalendar(2);
        var quarter = february.QuarterContaining(new DateOnly(2026, 6, 15));
        var portable = await BookingsAsync(warehouse, quarter, useDerivedTables: false);

        var changed = await AddOneToStoredWonAmountsAsync(warehouse, "TRUE");
        var spans = await BookingsAsync(warehouse, quarter);

        Assert.Equal(new DateOnly(2026, 5, 1), quarter.Start);
        Assert.True(changed > 0);
        Assert.True(portable > 0);
        Assert.Equal(portable, spans);
    }

    [Fact]
    public async Task EveryQuarterFromTheFirstDealToTheLastCloseDateIsStored()
    {
        await using var warehouse = await SeededAsync();
        await using var connection = await warehouse.Connections.OpenReadOnlyAsync(Token);
        var range = await connection.QuerySingleAsync<(DateTime First, DateTime Last)>(
            "SELECT CAST(MIN(created_date) AS TIMESTAMP), CAST(MAX(close_date) AS TIMESTAMP) FROM opportunities");
        var stored = (await connection.QueryAsync<DateTime>("SELECT DISTINCT CAST(period_start AS TIMESTAMP) FROM quarter_cells ORDER BY 1"))
            .Select(DateOnly.FromDateTime).ToList();

        // Calendar quarters from the one holding the first creation date to the one holding the last close date, no gap
        // (a quarter without any activity stores no cell; in the demo world every quarter of the range has some).
        var first = new DateOnly(range.First.Year, ((range.First.Month - 1) / 3 * 3) + 1, 1);
        var last = new DateOnly(range.Last.Year, ((range.Last.Month - 1) / 3 * 3) + 1, 1);
        Assert.Equal(first, stored[0]);
        Assert.Equal(last, stored[^1]);
        Assert.All(stored.Zip(stored.Skip(1)), pair => Assert.Equal(pair.First.AddMonths(3), pair.Second));
    }

    [Fact]
    public async Task AWarehouseWithoutDealsGetsEmptyDerivedTablesThatAreCurrent()
    {
        await using var warehouse = TestWarehouse.CreateDuckDb();
        await warehouse.LoadAsync(sink => sink.Add(new TerritoryRow("T-ROOT", "Company", null, "Company")), Token);

        await using var connection = await warehouse.Connections.OpenReadOnlyAsync(Token);
        var stored = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM quarter_cells");
        var spans = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM deal_spans");

        Assert.Equal((0L, 0L), (stored, spans));
        Assert.True(await DealSpans.AreCurrentAsync(warehouse.Connections, Token));
        Assert.Equal(0m, await BookingsAsync(warehouse, Calendar.Quarter(2026, 3)));
    }

    private static async Task<decimal> BookingsAsync(TestWarehouse warehouse, FiscalPeriod period, bool useDerivedTables = true)
    {
        var queries = new AnalysisQueries(new SqlRunner(warehouse.Connections) { UseDerivedTables = useDerivedTables });
        var cells = await queries.PeriodMeasuresByCellAsync(AccessScope.Everything, QueryFocus.Everything, period, AsOf, DealFilters.None, Token);
        return PeriodMeasures.Sum(cells.Select(c => c.Measures)).WonAmount;
    }

    /// <summary>Adds 1 to the stored won amount of every cell matching <paramref name="where"/>; the count of cells changed.</summary>
    private static async Task<int> AddOneToStoredWonAmountsAsync(TestWarehouse warehouse, string where)
    {
        await using var connection = await warehouse.Connections.OpenWritableAsync(Token);
        return await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE quarter_cells SET won_amount = won_amount + 1 WHERE {where}", cancellationToken: Token));
    }

    private static async Task<TestWarehouse> SeededAsync()
    {
        var warehouse = TestWarehouse.CreateDuckDb();
        await DemoWarehouse.SeedAsync(warehouse.Location, new SeedOptions(SeedOptions.MinimumOpportunities, SeedOptions.DefaultSeed, AsOf), null, Token);
        return warehouse;
    }
}
