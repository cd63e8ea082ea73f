using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Warehouse.Contract;
using SalesOpsBot.Warehouse.Seeding;

namespace SalesOpsBot.Warehouse.Tests.Seeding;

/// <summary>
/// A generated demo warehouse in memory, with the contract's metric definitions written out in small LINQ
/// (independent of the generator) so the tests read the stories the way the product will.
/// </summary>
internal sealed class SeededWarehouse
{
    private readonly Dictionary<string, TerritoryRow> _territories;
    private readonly Dictionary<string, AccountRow> _accounts;
    private readonly Dictionary<string, OpportunityHistoryRow[]> _history;

    public SeededWarehouse(SeedOptions options)
    {
        Options = options;
        Calendar = new FiscalCalendar(options.FiscalYearStartMonth);
        Rows = new CollectingSink();
        Summary = DemoDataGenerator.Generate(options, Rows);
        _territories = Rows.Territories.ToDictionary(t => t.TerritoryId);
        _accounts = Rows.Accounts.ToDictionary(a => a.AccountId);
        _history = Rows.History.GroupBy(h => h.OpportunityId).ToDictionary(g => g.Key, g => g.ToArray());
        Deals = Rows.Opportunities.ToDictionary(o => o.OpportunityId);
    }

    public SeedOptions Options { get; }

    public FiscalCalendar Calendar { get; }

    public CollectingSink Rows { get; }

    public SeedSummary Summary { get; }

    public Dictionary<string, OpportunityRow> Deals { get; }

    /// <summary>0 = the quarter containing the as-of date, -1 = the last completed quarter.</summary>
    public FiscalPeriod Quarter(int offset) => Calendar.QuarterOffset(Options.AsOf, offset);

    public IReadOnlyList<FiscalPeriod> Quarters(params int[] offsets) => [.. offsets.Select(Quarter)];

    public string Segment(OpportunityRow deal) => _accounts[deal.AccountId].Segment;

    public OpportunityHistoryRow[] HistoryOf(string opportunityId) => _history[opportunityId];

    public RepRow Rep(string name) => Rows.Reps.Single(r => r.Name == name);

    public bool InSubtree(string territoryId, string rootId)
    {
        for (string? current = territoryId; current is not null; current = _territories[current].ParentId)
        {
            if (current == rootId)
            {
                return true;
            }
        }

        return false;
    }

    public Func<OpportunityRow, bool> In(string territoryId, string? segment = null) =>
        deal => InSubtree(deal.TerritoryId, territoryId) && (segment is null || Segment(deal) == segment);

    public decimal Bookings(FiscalPeriod period, Func<OpportunityRow, bool> scope) =>
        Rows.Opportunities.Where(o => o.IsWon && period.Contains(o.CloseDate) && scope(o)).Sum(o => o.Amount);

    /// <summary>Own row when there is one, else children's quotas plus rep rows attached to the territory.</summary>
    public decimal TerritoryQuota(string territoryId, FiscalPeriod quarter)
    {
        var rows = Rows.Quotas.Where(q => q.TerritoryId == territoryId && q.PeriodStart == quarter.Start).ToList();
        var own = rows.Where(q => q.RepId is null).ToList();
        if (own.Count > 0)
        {
            return own.Sum(q => q.Amount);
        }

        return rows.Sum(q => q.Amount)
            + Rows.Territories.Where(t => t.ParentId == territoryId).Sum(t => TerritoryQuota(t.TerritoryId, quarter));
    }

    public double Attainment(string territoryId, FiscalPeriod quarter) =>
        (double)(Bookings(quarter, In(territoryId)) / TerritoryQuota(territoryId, quarter));

    public decimal RepQuota(string repId, FiscalPeriod quarter) =>
        Rows.Quotas.Where(q => q.RepId == repId && q.PeriodStart == quarter.Start).Sum(q => q.Amount);

    public double RepAttainment(string repId, FiscalPeriod quarter) =>
        (double)(Bookings(quarter, o => o.OwnerId == repId) / RepQuota(repId, quarter));

    public double WinRate(FiscalPeriod period, Func<OpportunityRow, bool> scope)
    {
        var closed = Rows.Opportunities.Where(o => o.IsClosed && period.Contains(o.CloseDate) && scope(o)).ToList();
        return closed.Count(o => o.IsWon) / (double)closed.Count;
    }

    /// <summary>Amount at creation (first history row) of deals created in the period.</summary>
    public decimal PipelineCreated(FiscalPeriod period, Func<OpportunityRow, bool> scope) =>
        Rows.Opportunities.Where(o => period.Contains(o.CreatedDate) && scope(o)).Sum(o => _history[o.OpportunityId][0].Amount);

    /// <summary>The deal's state recorded in history just before <paramref name="day"/> begins (null if it did not exist yet).</summary>
    public OpportunityHistoryRow? StateAtStartOf(string opportunityId, DateOnly day)
    {
        var instant = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        return _history[opportunityId].LastOrDefault(h => h.ChangedAt < instant);
    }

    /// <summary>Contract: close date at the start of P was in P, and at the end of P not won or lost in P.</summary>
    public List<(OpportunityRow Deal, decimal AmountAtStart)> Slipped(FiscalPeriod period, Func<OpportunityRow, bool> scope)
    {
        var slipped = new List<(OpportunityRow, decimal)>();
        foreach (var deal in Rows.Opportunities.Where(scope))
        {
            var atStart = StateAtStartOf(deal.OpportunityId, period.Start);
            if (atStart is null || atStart.IsClosed || !period.Contains(atStart.CloseDate))
            {
                continue;
            }

            var atEnd = StateAtStartOf(deal.OpportunityId, period.End.AddDays(1))!;
            if (!(atEnd.IsClosed && period.Contains(atEnd.CloseDate)))
            {
                slipped.Add((deal, atStart.Amount));
            }
        }

        return slipped;
    }

    /// <summary>Contract: close date at the start of P was after P, and the deal closed in P (here: won).</summary>
    public List<OpportunityRow> PulledInAndWon(FiscalPeriod period, Func<OpportunityRow, bool> scope) =>
        [.. Rows.Opportunities.Where(scope).Where(deal =>
        {
            var atStart = StateAtStartOf(deal.OpportunityId, period.Start);
            var atEnd = StateAtStartOf(deal.OpportunityId, period.End.AddDays(1));
            return atStart is { IsClosed: false } && atStart.CloseDate > period.End
                && atEnd is { IsWon: true } && period.Contains(atEnd.CloseDate);
        })];

    /// <summary>How many times the deal's close date moved later while it was open.</summary>
    public int Pushes(string opportunityId)
    {
        var rows = _history[opportunityId];
        var pushes = 0;
        for (var i = 1; i < rows.Length; i++)
        {
            if (!rows[i].IsClosed && rows[i].CloseDate > rows[i - 1].CloseDate)
            {
                pushes++;
            }
        }

        return pushes;
    }
}

/// <summary>Generated once per test run and shared: the data sets are read-only.</summary>
internal static class SeededWarehouses
{
    /// <summary>The demo's as-of date: mid FY2026 Q4, so the last completed quarter is FY2026 Q3 (July–September).</summary>
    public static readonly DateOnly DemoAsOf = new(2026, 11, 15);

    private static readonly Lazy<SeededWarehouse> DefaultWarehouse = new(() =>
        new SeededWarehouse(new SeedOptions(SeedOptions.DefaultOpportunities, SeedOptions.DefaultSeed, DemoAsOf)));

    private static readonly Lazy<SeededWarehouse> LargerWarehouse = new(() =>
        new SeededWarehouse(new SeedOptions(SeedOptions.DefaultOpportunities * 3, SeedOptions.DefaultSeed, DemoAsOf)));

    // A July fiscal year and an as-of date early in a quarter that straddles a calendar year end.
    private static readonly Lazy<SeededWarehouse> JulyYearWarehouse = new(() =>
        new SeededWarehouse(new SeedOptions(SeedOptions.DefaultOpportunities, 7, new DateOnly(2027, 1, 20), 7)));

    // Small data sets for calendar edges: as of the first or last day of a quarter, a leap day, a December year.
    private static readonly Dictionary<string, Lazy<SeededWarehouse>> EdgeWarehouses = new()
    {
        ["first day of a quarter"] = Small(new DateOnly(2026, 10, 1), 1),
        ["last day of a quarter"] = Small(new DateOnly(2026, 12, 31), 1),
        ["leap day, December fiscal year"] = Small(new DateOnly(2028, 2, 29), 12),
    };

    public static SeededWarehouse Default => DefaultWarehouse.Value;

    public static SeededWarehouse Get(string name) => name switch
    {
        "default" => DefaultWarehouse.Value,
        "triple scale" => LargerWarehouse.Value,
        "July fiscal year" => JulyYearWarehouse.Value,
        _ when EdgeWarehouses.TryGetValue(name, out var edge) => edge.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    private static Lazy<SeededWarehouse> Small(DateOnly asOf, int fiscalYearStartMonth) =>
        new(() => new SeededWarehouse(new SeedOptions(5_000, 11, asOf, fiscalYearStartMonth)));
}
