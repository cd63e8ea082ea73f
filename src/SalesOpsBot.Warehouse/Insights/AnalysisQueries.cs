using Dapper;
using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Analysis.Deals;
using SalesOpsBot.Analysis.Forecast;
using SalesOpsBot.Analysis.Metrics;
using SalesOpsBot.Warehouse.Access;
using SalesOpsBot.Warehouse.Querying;

namespace SalesOpsBot.Warehouse.Insights;

/// <summary>
/// The aggregates the analysis engine needs, computed in SQL under the caller's access scope and the question's
/// focus. One method per statement in <c>Sql/Analysis/</c>; deal rows are read only for deal lists.
/// </summary>
public sealed class AnalysisQueries(SqlRunner runner)
{
    /// <summary>How many deals of each kind (won, lost, slipped, pulled in, open) a deal list reads at most.</summary>
    public const int DealsPerList = 50;

    /// <summary>How many periods one PeriodMeasuresByCell statement computes (the slots of its period list).</summary>
    public const int PeriodsPerStatement = 6;

    /// <summary>Leaf cells of <paramref name="period"/> (territory_id, segment, product, type, lead source, owner) with their measures.</summary>
    public async Task<IReadOnlyList<MeasureCell>> PeriodMeasuresByCellAsync(
        AccessScope scope, QueryFocus focus, FiscalPeriod period, DateOnly asOf, DealFilters filters, CancellationToken cancellationToken, SqlTrace? trace = null) =>
        (await PeriodMeasuresAsync(scope, focus, [[period]], asOf, filters, MeasureGrain.LeafCells, cancellationToken, trace))[0];

    /// <summary>
    /// The measures of each group of <paramref name="periodGroups"/> (in the same order): the sum over the group's
    /// periods, per leaf cell or as one total cell with an empty key. Up to <see cref="PeriodsPerStatement"/> periods
    /// are measured by one statement, from one scan of the history.
    /// </summary>
    public async Task<IReadOnlyList<IReadOnlyList<MeasureCell>>> PeriodMeasuresAsync(
        AccessScope scope, QueryFocus focus, IReadOnlyList<IReadOnlyList<FiscalPeriod>> periodGroups, DateOnly asOf, DealFilters filters,
        MeasureGrain grain, CancellationToken cancellationToken, SqlTrace? trace = null)
    {
        ArgumentNullException.ThrowIfNull(periodGroups);
        var slots = periodGroups.SelectMany((periods, group) => periods.Select(period => new PeriodSlot(group, PeriodWindow.Of(period, asOf), period))).ToList();
        var rows = new List<CellRow>();
        foreach (var chunk in slots.Chunk(PeriodsPerStatement))
        {
            await ReadPeriodMeasuresAsync(scope, focus, chunk, filters, grain, rows, trace, cancellationToken);
        }

        var byGroup = rows.ToLookup(r => r.GroupIndex);
        return [.. periodGroups.Select((_, group) => (IReadOnlyList<MeasureCell>)
            [.. byGroup[group].GroupBy(r => r.Key).Select(cell => new MeasureCell(cell.Key, PeriodMeasures.Sum(cell.Select(r => r.ToMeasures()))))])];
    }

    private async Task ReadPeriodMeasuresAsync(
        AccessScope scope, QueryFocus focus, PeriodSlot[] slots, DealFilters filters, MeasureGrain grain, List<CellRow> into, SqlTrace? trace,
        CancellationToken cancellationToken)
    {
        var arguments = SlotParameters(slots, filters, grain);
        var result = await runner.QueryAsync<CellRow>("Analysis/PeriodMeasuresByCell", scope, arguments, cancellationToken, trace, focus);
        if (result.Truncated && slots.Length > 1)
        {
            // Several periods of a large scope can exceed the row cap where one period alone does not.
            foreach (var slot in slots)
            {
                await ReadPeriodMeasuresAsync(scope, focus, [slot], filters, grain, into, trace, cancellationToken);
            }

            return;
        }

        into.AddRange(result.Rows);
    }

    /// <summary>
    /// The statement parameters (without scope and focus) with which <see cref="PeriodMeasuresAsync"/> measures
    /// <paramref name="periodGroups"/>, when they fit one statement (for tests and tools that run the SQL themselves).
    /// </summary>
    public static DynamicParameters PeriodMeasuresParameters(
        IReadOnlyList<IReadOnlyList<FiscalPeriod>> periodGroups, DateOnly asOf, DealFilters filters, MeasureGrain grain)
    {
        ArgumentNullException.ThrowIfNull(periodGroups);
        var slots = periodGroups.SelectMany((periods, group) => periods.Select(period => new PeriodSlot(group, PeriodWindow.Of(period, asOf), period))).ToList();
        ArgumentOutOfRangeException.ThrowIfGreaterThan(slots.Count, PeriodsPerStatement, nameof(periodGroups));
        return SlotParameters(slots, filters, grain);
    }

    /// <summary>The parameters of a PeriodMeasuresByCell statement for up to <see cref="PeriodsPerStatement"/> slots.</summary>
    internal static DynamicParameters SlotParameters(IReadOnlyList<PeriodSlot> slots, DealFilters filters, MeasureGrain grain)
    {
        ArgumentNullException.ThrowIfNull(filters);
        var arguments = new DynamicParameters(new
        {
            periodCount = slots.Count,
            leafCells = grain == MeasureGrain.LeafCells ? 1 : 0,
            segment = filters.Segment,
            productId = filters.ProductId,
            type = filters.Type,
            leadSource = filters.LeadSource,
        });
        for (var index = 0; index < PeriodsPerStatement; index++)
        {
            // Unused slots repeat the first period; the statement reads only the slots below periodCount.
            var slot = slots[index < slots.Count ? index : 0];
            arguments.Add($"p{index}Start", slot.Period.Start);
            arguments.Add($"p{index}End", slot.Period.End);
            arguments.Add($"p{index}StartAt", slot.Window.StartAt);
            arguments.Add($"p{index}EndAt", slot.Window.EndAt);
            arguments.Add($"p{index}RestStart", slot.Window.RestStart);
            arguments.Add($"p{index}Group", slot.Group);
        }

        return arguments;
    }

    /// <summary>Quota rows of the quarters starting within <paramref name="period"/>.</summary>
    public async Task<IReadOnlyList<QuotaFact>> QuotaFactsAsync(AccessScope scope, QueryFocus focus, FiscalPeriod period, CancellationToken cancellationToken, SqlTrace? trace = null)
    {
        var rows = await runner.QueryAsync<QuotaFact>("Analysis/QuotaFacts", scope,
            new { periodStart = period.Start, periodEnd = period.End }, cancellationToken, trace, focus);
        return rows.Rows;
    }

    /// <summary>Quota-carrying seats (AEs) employed at some point of <paramref name="period"/>.</summary>
    public async Task<IReadOnlyList<SeatFact>> SeatsAsync(AccessScope scope, QueryFocus focus, FiscalPeriod period, CancellationToken cancellationToken, SqlTrace? trace = null)
    {
        var rows = await runner.QueryAsync<SeatFact>("Analysis/Seats", scope,
            new { periodStart = period.Start, periodEnd = period.End }, cancellationToken, trace, focus);
        return rows.Rows;
    }

    /// <summary>Won, commit, best case and pipeline amounts per credited territory for <paramref name="period"/> at <paramref name="asOf"/>.</summary>
    public async Task<IReadOnlyList<ForecastCell>> ForecastCellsAsync(
        AccessScope scope, QueryFocus focus, FiscalPeriod period, DateOnly asOf, DealFilters filters, CancellationToken cancellationToken, SqlTrace? trace = null)
    {
        var rows = await runner.QueryAsync<ForecastRow>("Analysis/ForecastCellsByTerritory", scope, new
        {
            periodStart = period.Start,
            periodEnd = period.End,
            asOfEnd = PeriodWindow.EndOfDay(asOf),
            segment = filters.Segment,
            productId = filters.ProductId,
            type = filters.Type,
            leadSource = filters.LeadSource,
        }, cancellationToken, trace, focus);
        return [.. rows.Rows.Select(r => new ForecastCell(r.TerritoryId, r.Won, r.CommitAmount, r.BestCase, r.Pipeline))];
    }

    /// <summary>The deals of <paramref name="period"/> with their history facts, at most <see cref="DealsPerList"/> of each kind.</summary>
    public async Task<IReadOnlyList<DealRecord>> DealsForPeriodAsync(
        AccessScope scope, QueryFocus focus, FiscalPeriod period, DateOnly asOf, DealFilters filters, CancellationToken cancellationToken, SqlTrace? trace = null)
    {
        var window = PeriodWindow.Of(period, asOf);
        var rows = await runner.QueryAsync<DealRow>("Analysis/DealsForPeriod", scope, new
        {
            periodStart = period.Start,
            periodEnd = period.End,
            startAt = window.StartAt,
            asOfEnd = PeriodWindow.EndOfDay(asOf),
            segment = filters.Segment,
            productId = filters.ProductId,
            type = filters.Type,
            leadSource = filters.LeadSource,
            perList = DealsPerList,
        }, cancellationToken, trace, focus);
        return [.. rows.Rows.Select(r => r.ToRecord(asOf))];
    }

    private sealed class CellRow
    {
        public int GroupIndex { get; init; }
        public string TerritoryId { get; init; } = "";
        public string Segment { get; init; } = "";
        public string ProductId { get; init; } = "";
        public string Type { get; init; } = "";
        public string LeadSource { get; init; } = "";
        public string OwnerId { get; init; } = "";
        public long WonCount { get; init; }
        public decimal WonAmount { get; init; }
        public long LostCount { get; init; }
        public decimal LostAmount { get; init; }
        public double WonCycleDays { get; init; }
        public long CreatedCount { get; init; }
        public decimal CreatedAmount { get; init; }
        public long CreatedClosedCount { get; init; }
        public long DueAtStartCount { get; init; }
        public decimal DueAtStartAmount { get; init; }
        public long SlippedCount { get; init; }
        public decimal SlippedAmount { get; init; }
        public long PulledInCount { get; init; }
        public decimal PulledInAmount { get; init; }
        public long OpenCount { get; init; }
        public decimal OpenAmount { get; init; }

        public CellKey Key => new(TerritoryId, Segment, ProductId, Type, LeadSource, OwnerId);

        public PeriodMeasures ToMeasures() => new(
            WonCount, WonAmount, LostCount, LostAmount, WonCycleDays, CreatedCount, CreatedAmount, CreatedClosedCount,
            DueAtStartCount, DueAtStartAmount, SlippedCount, SlippedAmount, PulledInCount, PulledInAmount, OpenCount, OpenAmount);
    }

    private sealed class ForecastRow
    {
        public string TerritoryId { get; init; } = "";
        public decimal Won { get; init; }
        public decimal CommitAmount { get; init; }
        public decimal BestCase { get; init; }
        public decimal Pipeline { get; init; }
    }

    private sealed class DealRow
    {
        public string OpportunityId { get; init; } = "";
        public string Name { get; init; } = "";
        public string AccountName { get; init; } = "";
        public string OwnerId { get; init; } = "";
        public string OwnerName { get; init; } = "";
        public string TerritoryId { get; init; } = "";
        public string Segment { get; init; } = "";
        public string? ProductId { get; init; }
        public string Type { get; init; } = "";
        public DateOnly CreatedDate { get; init; }
        public DateOnly CloseDate { get; init; }
        public string Stage { get; init; } = "";
        public string ForecastCategory { get; init; } = "";
        public decimal Amount { get; init; }
        public int IsClosed { get; init; }
        public int IsWon { get; init; }
        public int OpenAtStart { get; init; }
        public DateOnly? CloseDateAtStart { get; init; }
        public decimal AmountAtStart { get; init; }
        public int PushCount { get; init; }
        public DateTime? StageSince { get; init; }
        public decimal MaxAmount { get; init; }
        public string? LossReason { get; init; }

        public DealRecord ToRecord(DateOnly asOf) => new(
            OpportunityId, Name, AccountName, OwnerId, OwnerName, TerritoryId, Segment, ProductId, Type, CreatedDate, CloseDate,
            Stage, ForecastCategory, Amount, IsClosed == 1, IsWon == 1, OpenAtStart == 1, CloseDateAtStart, AmountAtStart, PushCount,
            StageSince is { } since ? Math.Max(0, asOf.DayNumber - DateOnly.FromDateTime(since).DayNumber) : 0, MaxAmount, LossReason);
    }
}

/// <summary>Whether period measures come per leaf cell or as one total per period group.</summary>
public enum MeasureGrain
{
    LeafCells,
    Total,
}

/// <summary>One period of a PeriodMeasuresByCell statement, with the output group its cells are summed into.</summary>
internal sealed record PeriodSlot(int Group, PeriodWindow Window, FiscalPeriod Period);

/// <summary>The instants that bound a period's history snapshots (timestamps without zone, UTC by the contract).</summary>
/// <param name="StartAt">The start of P's first day: the state "at the start of P" is the last row before it; for a period
/// that starts after the as-of date, <paramref name="EndAt"/>, because nothing after the as-of date is known yet.</param>
/// <param name="EndAt">The end of min(P's last day, as-of): the state "at the end of P".</param>
/// <param name="RestStart">max(P's first day, as-of): the rest of P, for open pipeline.</param>
public sealed record PeriodWindow(DateTime StartAt, DateTime EndAt, DateOnly RestStart)
{
    public static PeriodWindow Of(FiscalPeriod period, DateOnly asOf)
    {
        var last = period.End < asOf ? period.End : asOf;
        var endAt = EndOfDay(last);
        var startAt = period.Start.ToDateTime(TimeOnly.MinValue);
        return new PeriodWindow(startAt < endAt ? startAt : endAt, endAt, period.Start > asOf ? period.Start : asOf);
    }

    /// <summary>The first instant after <paramref name="day"/>.</summary>
    public static DateTime EndOfDay(DateOnly day) => day.AddDays(1).ToDateTime(TimeOnly.MinValue);
}
