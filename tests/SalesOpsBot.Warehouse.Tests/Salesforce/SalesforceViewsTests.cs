using Dapper;
using Npgsql;
using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.TestKit;
using SalesOpsBot.Warehouse.Access;
using SalesOpsBot.Warehouse.Connections;
using SalesOpsBot.Warehouse.Doctor;
using SalesOpsBot.Warehouse.Insights;
using SalesOpsBot.Warehouse.Querying;

namespace SalesOpsBot.Warehouse.Tests.Salesforce;

/// <summary>
/// The Salesforce mapping (infra/warehouse/salesforce/postgres.sql) over the hand-written org in sfdc-sample.sql,
/// on a real PostgreSQL. Fiscal years start in February, so FY2027 Q2 is May–July 2026; as of 2026-08-15.
/// FY2027 Q2 by hand (D = deal 006_Dnn):
///   DACH (Lena): won D01 120,000 + D04 30,000 + D07 70,000 = 220,000 (D08 999,000 is deleted); quota 400,000.
///   UK&amp;I (Alex): won D10 90,000 + D12 40,000 (no history rows at all) = 130,000; quota 350,000.
///   EMEA = 350,000 against its own quota 600,000 (three monthly rows of 200,000; not DACH + UK&amp;I = 750,000).
///   EMEA slipped: D03 (due 07-20 at the start, moved to 09-15) 80,000 + D11 (due 07-15, moved to 08-20) 150,000.
///   North America: D19 60,000 (Nate, credited in NA) + United States D15 210,000 + D16 35,000 + D20 15,000
///   (no Territory2Id: the owner's territory) = 320,000 against NA's own 500,000. D16 was due 09-15 at the start: pulled in.
///   Company (synthetic root, no quota of its own) = 670,000 against EMEA 600,000 + NA 500,000 = 1,100,000.
/// </summary>
public sealed class SalesforceViewsTests(PostgresServer postgres)
{
    private static readonly FiscalCalendar Calendar = new(2);
    private static readonly FiscalPeriod Q2 = Calendar.Quarter(2027, 2);
    private static readonly DateOnly AsOf = new(2026, 8, 15);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public void TheTestQuarterIsMayToJuly()
    {
        Assert.Equal((new DateOnly(2026, 5, 1), new DateOnly(2026, 7, 31)), (Q2.Start, Q2.End));
    }

    [Fact]
    public async Task DoctorFindsNoBlockingProblemAndOnlyTheRepsWithoutTheirOwnQuota()
    {
        var warehouse = await SalesforceSample.GetAsync(postgres, Token);

        var report = await new WarehouseDoctor(warehouse.Connections, Calendar).ExamineAsync(AccessScope.Everything, AsOf, Token);

        Assert.False(report.HasBlockingProblems);
        Assert.All(report.Checks.Where(c => c.Area == "contract"), c => Assert.Equal(CheckSeverity.Ok, c.Severity));
        // Oliver (left in March) lost D06 in Q1 and Nate won D19 in Q2: neither is a leaf territory's forecast manager,
        // so neither has a rep quota. Everything else (history, references, one root) is clean.
        var warning = Assert.Single(report.Checks, c => c.Severity != CheckSeverity.Ok);
        Assert.Equal("rep-quarters with closed deals but no quota", warning.Title);
        Assert.Equal(["005_OLIVER FY2027 Q1", "005_NATE FY2027 Q2"], warning.Examples);
        // 30 deals less the deleted D08; ROOT + EMEA, DACH, UK&I, NA, US (the archived model's territory dropped);
        // seven people (not the integration user, who owns nothing, nor the partner user).
        Assert.Equal((29L, 6L, 7L), (report.Counts["opportunities"], report.Counts["territories"], report.Counts["reps"]));
    }

    [Theory]
    [InlineData("0MI_EMEA", 350_000, 600_000)]
    [InlineData("0MI_DACH", 220_000, 400_000)]
    [InlineData("0MI_UKI", 130_000, 350_000)]
    [InlineData("0MI_NA", 320_000, 500_000)]
    [InlineData("ROOT", 670_000, 1_100_000)]
    public async Task AttainmentOfATerritoryIsItsBookingsOverItsQuota(string territoryId, int bookings, int quota)
    {
        var warehouse = await SalesforceSample.GetAsync(postgres, Token);

        var view = await warehouse.Analytics.AttainmentAsync(Request(AccessScope.Everything, new AnalysisSubject(territoryId)), Token);

        Assert.Equal((bookings, quota), ((int)view.Metrics.Bookings, (int)view.Metrics.Quota));
        Assert.Equal((double)bookings / quota, view.Metrics.Attainment!.Value, 9);
    }

    [Fact]
    public async Task SlippedAndPulledInDealsFollowTheHistory()
    {
        var warehouse = await SalesforceSample.GetAsync(postgres, Token);

        var emea = await warehouse.Analytics.AttainmentAsync(Request(AccessScope.Everything, new AnalysisSubject("0MI_EMEA")), Token);
        var na = await warehouse.Analytics.AttainmentAsync(Request(AccessScope.Everything, new AnalysisSubject("0MI_NA")), Token);

        Assert.Equal(230_000m, emea.Metrics.Slipped);
        Assert.Equal((0m, 35_000m), (na.Metrics.Slipped, na.Metrics.PulledIn));
    }

    [Fact]
    public async Task TheDealListOfUkAndIrelandHoldsTheSlippedDealAndTheDealWithoutHistory()
    {
        var warehouse = await SalesforceSample.GetAsync(postgres, Token);

        var deals = await warehouse.Analytics.DealsAsync(Request(AccessScope.Everything, new AnalysisSubject("0MI_UKI")), Token);

        var slipped = Assert.Single(deals.Lists.Slipped);
        Assert.Equal(("006_D11", 150_000m, new DateOnly(2026, 7, 15)), (slipped.Deal.OpportunityId, slipped.Deal.AmountAtStart, slipped.Deal.CloseDateAtStart!.Value));
        var thames = Assert.Single(deals.Deals, d => d.OpportunityId == "006_D12");
        Assert.Equal((true, 40_000m, "Unknown"), (thames.IsWon, thames.Amount, thames.Segment));
        Assert.Contains(deals.Lists.LargestWon, d => d.Deal.OpportunityId == "006_D10");
    }

    [Fact]
    public async Task ALeaderDerivedFromTheTerritoryForecastManagerSeesOnlyTheirSubtree()
    {
        var warehouse = await SalesforceSample.GetAsync(postgres, Token);
        var resolver = new AccessResolver(new SqlRunner(warehouse.Connections));

        // Vera's Salesforce e-mail is mixed case; the principal is compared in lower case.
        var vera = await resolver.ResolveAsync("Vera.Lind@Example.com", Token);
        var view = await warehouse.Analytics.AttainmentAsync(Request(vera.Scope, AnalysisSubject.Everything), Token);
        var deals = await warehouse.Analytics.DealsAsync(Request(vera.Scope, AnalysisSubject.Everything), Token);

        Assert.Equal(["0MI_DACH", "0MI_EMEA", "0MI_UKI"], vera.Scope.TerritoryIds);
        Assert.Equal(("EMEA", 350_000m), (view.SubjectName, view.Metrics.Bookings));
        Assert.Contains(deals.Deals, d => d.OpportunityId == "006_D11");
        Assert.DoesNotContain(deals.Deals, d => d.TerritoryId is "0MI_NA" or "0MI_US");
    }

    [Fact]
    public async Task ARepSeesTheirOwnDealsAndAGrantedAdminSeesEverything()
    {
        var warehouse = await SalesforceSample.GetAsync(postgres, Token);
        var resolver = new AccessResolver(new SqlRunner(warehouse.Connections));

        var sam = await resolver.ResolveAsync("sam.ortiz@example.com", Token);
        var oliver = await resolver.ResolveAsync("oliver.brandt@example.com", Token);
        var cro = await resolver.ResolveAsync("cro@example.com", Token);

        // Sam leads the United States territory (its forecast manager) and is a rep.
        Assert.Equal(["0MI_US"], sam.Scope.TerritoryIds);
        Assert.Equal(["005_SAM"], sam.Scope.RepIds);
        // Oliver left: no derived rule, so no data.
        Assert.True(oliver.Scope.IsEmpty);
        // The CRO has a hand-written row in salesops.user_access_grants.
        Assert.True(cro.Scope.All);
    }

    [Fact]
    public async Task TheMappingDropsDeletedRowsAndFillsWhatSalesforceLeavesEmpty()
    {
        var warehouse = await SalesforceSample.GetAsync(postgres, Token);
        await using var connection = await warehouse.Connections.OpenReadOnlyAsync(Token);

        var deleted = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM opportunity_history WHERE opportunity_id = '006_D08'");
        var noHistory = (await connection.QueryAsync<(DateTime ChangedAt, string Stage)>(
            "SELECT changed_at, stage FROM opportunity_history WHERE opportunity_id = '006_D12'")).ToList();
        var d09 = await connection.QuerySingleAsync<(decimal Amount, string Category)>(
            "SELECT amount, forecast_category FROM opportunities WHERE opportunity_id = '006_D09'");
        var d13 = await connection.QuerySingleAsync<(string Stage, string Category, bool IsClosed)>(
            "SELECT stage, forecast_category, is_closed FROM opportunities WHERE opportunity_id = '006_D13'");
        var renamed = await connection.QuerySingleAsync<(string Category, bool IsClosed)>(
            "SELECT forecast_category, is_closed FROM opportunity_history WHERE opportunity_id = '006_D14' AND stage = 'Negotiation'");
        var oliver = await connection.QuerySingleAsync<(string TerritoryId, DateTime? EndDate)>(
            "SELECT territory_id, end_date FROM reps WHERE rep_id = '005_OLIVER'");
        var d01 = await connection.QuerySingleAsync<(string? ProductId, string Type, string? LeadSource)>(
            "SELECT product_id, type, lead_source FROM opportunities WHERE opportunity_id = '006_D01'");
        var emeaQ2 = await connection.QuerySingleAsync<decimal>(
            "SELECT amount FROM quotas WHERE territory_id = '0MI_EMEA' AND rep_id IS NULL AND period_start = DATE '2026-05-01'");

        Assert.Equal(0, deleted);
        // D12 has no OpportunityHistory rows: one row at creation carries its current state.
        Assert.Equal([(new DateTime(2026, 5, 15, 9, 0, 0), "Closed Won")], noHistory);
        Assert.Equal((0m, "Pipeline"), d09);
        // The rep took D13 out of the forecast while it is still open: Omitted stays.
        Assert.Equal(("Proposal/Price Quote", "Omitted", false), d13);
        // A stage label renamed since is not in OpportunityStage: open by its probability (90), Forecast = Commit.
        Assert.Equal(("Commit", false), renamed);
        // Oliver's assignment ended with his employment: his latest deal's territory stands in; his last edit ends it.
        Assert.Equal(("0MI_DACH", new DateTime(2026, 3, 31)), (oliver.TerritoryId, oliver.EndDate));
        // D01's largest line is the platform (100,000 of 120,000); New Customer from the web.
        Assert.Equal(("01t_CORE", "New Business", "Inbound"), d01);
        Assert.Equal(600_000m, emeaQ2);
    }

    private static AnalysisRequest Request(AccessScope access, AnalysisSubject subject) =>
        new(access, subject, Q2, AsOf, Calendar);
}

/// <summary>One PostgreSQL database per test run holding the sample org and the mapping views (tests only read it).</summary>
internal sealed class SalesforceSample
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static SalesforceSample? _instance;

    private SalesforceSample(IWarehouseConnectionFactory connections)
    {
        Connections = connections;
        Analytics = new SalesAnalytics(new SqlRunner(connections));
    }

    public IWarehouseConnectionFactory Connections { get; }

    public SalesAnalytics Analytics { get; }

    public static async Task<SalesforceSample> GetAsync(PostgresServer server, CancellationToken cancellationToken)
    {
        await Gate.WaitAsync(cancellationToken);
        try
        {
            if (_instance is null)
            {
                var connectionString = await server.CreateDatabaseAsync(cancellationToken);
                await using (var connection = new NpgsqlConnection(connectionString))
                {
                    await connection.OpenAsync(cancellationToken);
                    await connection.ExecuteAsync(new CommandDefinition(File.ReadAllText(SalesforceScripts.SamplePath), cancellationToken: cancellationToken));
                    await connection.ExecuteAsync(new CommandDefinition(SalesforceScripts.Read(WarehouseDialect.Postgres), cancellationToken: cancellationToken));
                    await connection.ExecuteAsync(new CommandDefinition(
                        "INSERT INTO salesops.user_access_grants (principal, role) VALUES ('CRO@example.com', 'admin')", cancellationToken: cancellationToken));
                }

                _instance = new SalesforceSample(WarehouseConnectionFactory.Create(new WarehouseLocation(WarehouseDialect.Postgres, connectionString)));
            }

            return _instance;
        }
        finally
        {
            Gate.Release();
        }
    }
}
