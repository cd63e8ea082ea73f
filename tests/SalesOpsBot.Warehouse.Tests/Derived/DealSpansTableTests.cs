using Dapper;
using SalesOpsBot.Warehouse.Derived;

namespace SalesOpsBot.Warehouse.Tests.Derived;

/// <summary>
/// What the derived tables' comments promise, checked row by row against the contract tables of the seeded demo world,
/// with every carried fact recomputed here from the history in plain C#.
/// </summary>
public sealed class DealSpansTableTests(DemoSpansWarehouse demo) : IClassFixture<DemoSpansWarehouse>
{
    private static readonly DateTime OpenEnd = new(9999, 12, 31);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private sealed record HistoryRow(string OpportunityId, DateTime ChangedAt, string Stage, string ForecastCategory, decimal Amount, DateOnly CloseDate, bool IsClosed, bool IsWon);

    private sealed record SpanRow(
        long DealKey, string OpportunityId, int CellKey, string TerritoryId, string Segment, string ProductId, string Type, string LeadSource,
        string OwnerId, DateOnly DealCreatedDate, DateOnly DealCloseDate, int WonCycleDays, decimal FirstAmount, int IsFirst,
        DateTime ValidFrom, DateTime ValidTo, string Stage, string ForecastCategory, decimal Amount, DateOnly CloseDate, int IsClosed,
        int IsWon, int PushCount, DateTime StageSince, decimal MaxAmount);

    private sealed record DealRow(
        string OpportunityId, string TerritoryId, string Segment, string? ProductId, string Type, string? LeadSource, string OwnerId,
        DateOnly CreatedDate, DateOnly CloseDate, bool IsWon);

    [Fact]
    public async Task EveryHistoryRowIsOneSpanAndADealsSpansTileTimeUpToTheOpenEnd()
    {
        var (history, spans, _) = await ReadAsync();

        Assert.True(history.Count > 3 * DemoSpansWarehouse.Opportunities, $"{history.Count} history rows: the demo should record several per deal");
        Assert.Equal(history.Count, spans.Count);
        var spansByDeal = spans.ToLookup(s => s.OpportunityId);
        foreach (var deal in history.GroupBy(h => h.OpportunityId))
        {
            var rows = deal.OrderBy(h => h.ChangedAt).ToList();
            var tiles = spansByDeal[deal.Key].OrderBy(s => s.ValidFrom).ToList();
            Assert.Equal(rows.Select(r => r.ChangedAt), tiles.Select(s => s.ValidFrom));
            // Each span ends where the next begins; the last one never ends.
            Assert.Equal(tiles.Skip(1).Select(s => s.ValidFrom).Append(OpenEnd), tiles.Select(s => s.ValidTo));
            Assert.All(tiles, s => Assert.True(s.ValidFrom < s.ValidTo, $"{s.OpportunityId}: empty span at {s.ValidFrom:O}"));
            Assert.Equal([1, .. Enumerable.Repeat(0, tiles.Count - 1)], tiles.Select(s => s.IsFirst));
        }
    }

    [Fact]
    public async Task EachSpanCarriesItsHistoryRowAndTheFactsOfTheRowsUpToIt()
    {
        var (history, spans, _) = await ReadAsync();
        var spanAt = spans.ToDictionary(s => (s.OpportunityId, s.ValidFrom));
        var pushedSpans = 0;

        foreach (var deal in history.GroupBy(h => h.OpportunityId))
        {
            var rows = deal.OrderBy(h => h.ChangedAt).ToList();
            var pushes = 0;
            var stageSince = rows[0].ChangedAt;
            var maxAmount = rows[0].Amount;
            for (var i = 0; i < rows.Count; i++)
            {
                var row = rows[i];
                if (i > 0)
                {
                    pushes += row.CloseDate > rows[i - 1].CloseDate ? 1 : 0;
                    stageSince = row.Stage != rows[i - 1].Stage ? row.ChangedAt : stageSince;
                    maxAmount = Math.Max(maxAmount, row.Amount);
                }

                var span = spanAt[(row.OpportunityId, row.ChangedAt)];
                Assert.Equal((row.Stage, row.ForecastCategory, row.Amount, row.CloseDate, row.IsClosed ? 1 : 0, row.IsWon ? 1 : 0),
                    (span.Stage, span.ForecastCategory, span.Amount, span.CloseDate, span.IsClosed, span.IsWon));
                Assert.Equal((pushes, stageSince, maxAmount, rows[0].Amount), (span.PushCount, span.StageSince, span.MaxAmount, span.FirstAmount));
                pushedSpans += pushes > 0 ? 1 : 0;
            }
        }

        Assert.True(pushedSpans > 0, "the demo pushes a third of its deals; no span counted a push");
    }

    [Fact]
    public async Task SpansCarryTheDealsCellAndDatesAsTheContractTablesHoldThem()
    {
        var (_, spans, deals) = await ReadAsync();
        var dealOf = deals.ToDictionary(d => d.OpportunityId);

        Assert.Equal(deals.Count, spans.Select(s => s.OpportunityId).Distinct().Count());
        Assert.All(spans, s =>
        {
            var deal = dealOf[s.OpportunityId];
            Assert.Equal((deal.TerritoryId, deal.Segment, deal.ProductId ?? "", deal.Type, deal.LeadSource ?? "", deal.OwnerId, deal.CreatedDate, deal.CloseDate),
                (s.TerritoryId, s.Segment, s.ProductId, s.Type, s.LeadSource, s.OwnerId, s.DealCreatedDate, s.DealCloseDate));
            Assert.Equal(deal.IsWon ? deal.CloseDate.DayNumber - deal.CreatedDate.DayNumber : 0, s.WonCycleDays);
        });
        // One key per deal, numbered by close date (so that row groups of old deals can be skipped).
        var keys = spans.GroupBy(s => s.OpportunityId).Select(g => (Deal: dealOf[g.Key], Keys: g.Select(s => s.DealKey).Distinct().ToList())).ToList();
        Assert.All(keys, k => Assert.Single(k.Keys));
        var byKey = keys.OrderBy(k => k.Keys[0]).Select(k => k.Deal).ToList();
        Assert.Equal(Enumerable.Range(1, deals.Count).Select(i => (long)i), keys.Select(k => k.Keys[0]).Order());
        Assert.Equal(byKey.OrderBy(d => d.CloseDate).ThenBy(d => d.OpportunityId, StringComparer.Ordinal).Select(d => d.OpportunityId), byKey.Select(d => d.OpportunityId));
    }

    [Fact]
    public async Task DealCellsHoldEachOccurringCombinationOnceUnderTheKeyTheSpansUse()
    {
        var (_, spans, deals) = await ReadAsync();
        await using var connection = await demo.Connections.OpenReadOnlyAsync(Token);
        var cells = (await connection.QueryAsync<(int CellKey, string TerritoryId, string Segment, string ProductId, string Type, string LeadSource, string OwnerId)>(
            "SELECT cell_key, territory_id, segment, product_id, type, lead_source, owner_id FROM deal_cells")).ToList();

        var combinations = deals.Select(d => (d.TerritoryId, d.Segment, d.ProductId ?? "", d.Type, d.LeadSource ?? "", d.OwnerId)).Distinct().ToList();
        Assert.Equal(combinations.Count, cells.Count);
        Assert.Equal(cells.Count, cells.Select(c => c.CellKey).Distinct().Count());
        var cellOf = cells.ToDictionary(c => c.CellKey);
        Assert.All(spans, s => Assert.Equal(
            (s.TerritoryId, s.Segment, s.ProductId, s.Type, s.LeadSource, s.OwnerId),
            (cellOf[s.CellKey].TerritoryId, cellOf[s.CellKey].Segment, cellOf[s.CellKey].ProductId, cellOf[s.CellKey].Type, cellOf[s.CellKey].LeadSource, cellOf[s.CellKey].OwnerId)));
    }

    [Fact]
    public async Task TheRecordedFingerprintIsTheContractTablesOneAndTheBuildLeavesNoKeysBehind()
    {
        await using var connection = await demo.Connections.OpenReadOnlyAsync(Token);
        var recorded = (await connection.QueryAsync("SELECT * FROM derived_state")).Select(r => (IDictionary<string, object?>)r).ToList();
        var live = (IDictionary<string, object?>)(await connection.QueryAsync(DealSpans.FingerprintSql)).Single();
        var counts = await connection.QuerySingleAsync<(long Opportunities, long Accounts, long History)>(
            "SELECT (SELECT COUNT(*) FROM opportunities), (SELECT COUNT(*) FROM accounts), (SELECT COUNT(*) FROM opportunity_history)");

        var state = Assert.Single(recorded);
        // Compared as values: the live checksums are HUGEINT sums, the recorded ones BIGINT columns.
        Assert.Equal(Spelled(live), Spelled(state));
        Assert.Equal((counts.Opportunities, counts.Accounts, counts.History),
            ((long)state["opportunity_rows"]!, (long)state["account_rows"]!, (long)state["history_rows"]!));
        Assert.Equal(DemoSpansWarehouse.Opportunities, counts.Opportunities);
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'deal_keys'"));
        Assert.True(await DealSpans.AreCurrentAsync(demo.Connections, Token));
    }

    private static List<string> Spelled(IDictionary<string, object?> row) =>
        [.. row.Select(kv => $"{kv.Key}={StatementRows.Normalize(kv.Value)}").Order(StringComparer.Ordinal)];

    private async Task<(List<HistoryRow> History, List<SpanRow> Spans, List<DealRow> Deals)> ReadAsync()
    {
        await using var connection = await demo.Connections.OpenReadOnlyAsync(Token);
        var history = (await RowsAsync(connection, "SELECT * FROM opportunity_history")).Select(r => new HistoryRow(
            (string)r["opportunity_id"]!, (DateTime)r["changed_at"]!, (string)r["stage"]!, (string)r["forecast_category"]!, (decimal)r["amount"]!,
            (DateOnly)r["close_date"]!, (bool)r["is_closed"]!, (bool)r["is_won"]!)).ToList();
        var spans = (await RowsAsync(connection, "SELECT * FROM deal_spans")).Select(r => new SpanRow(
            (long)r["deal_key"]!, (string)r["opportunity_id"]!, (int)r["cell_key"]!, (string)r["territory_id"]!, (string)r["segment"]!,
            (string)r["product_id"]!, (string)r["type"]!, (string)r["lead_source"]!, (string)r["owner_id"]!, (DateOnly)r["deal_created_date"]!,
            (DateOnly)r["deal_close_date"]!, (int)r["won_cycle_days"]!, (decimal)r["first_amount"]!, (int)r["is_first"]!, (DateTime)r["valid_from"]!,
            (DateTime)r["valid_to"]!, (string)r["stage"]!, (string)r["forecast_category"]!, (decimal)r["amount"]!, (DateOnly)r["close_date"]!,
            (int)r["is_closed"]!, (int)r["is_won"]!, (int)r["push_count"]!, (DateTime)r["stage_since"]!, (decimal)r["max_amount"]!)).ToList();
        var deals = (await RowsAsync(connection,
            """
            SELECT o.opportunity_id, o.territory_id, a.segment, o.product_id, o.type, o.lead_source, o.owner_id, o.created_date, o.close_date, o.is_won
            FROM opportunities o JOIN accounts a ON a.account_id = o.account_id
            """)).Select(r => new DealRow(
            (string)r["opportunity_id"]!, (string)r["territory_id"]!, (string)r["segment"]!, (string?)r["product_id"], (string)r["type"]!,
            (string?)r["lead_source"], (string)r["owner_id"]!, (DateOnly)r["created_date"]!, (DateOnly)r["close_date"]!, (bool)r["is_won"]!)).ToList();
        return (history, spans, deals);
    }

    private static async Task<IEnumerable<IDictionary<string, object?>>> RowsAsync(System.Data.Common.DbConnection connection, string sql) =>
        (await connection.QueryAsync(new CommandDefinition(sql, cancellationToken: Token))).Select(r => (IDictionary<string, object?>)r);
}
