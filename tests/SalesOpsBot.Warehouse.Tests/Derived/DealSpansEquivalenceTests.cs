using Dapper;
using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Warehouse.Access;
using SalesOpsBot.Warehouse.Derived;
using SalesOpsBot.Warehouse.Insights;
using SalesOpsBot.Warehouse.Querying;

namespace SalesOpsBot.Warehouse.Tests.Derived;

/// <summary>
/// Every <c>.spans</c> form returns the rows of its portable statement on the demo world, over a matrix of instants,
/// periods, scopes, foci and filters built the way the production callers build their parameters.
/// </summary>
public sealed class DealSpansEquivalenceTests(DemoSpansWarehouse demo) : IClassFixture<DemoSpansWarehouse>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<string> Forms => new(SqlCatalog.Default.Names.Where(n => n.EndsWith(DealSpans.FormSuffix, StringComparison.Ordinal)));

    [Fact]
    public void TheMatrixCoversTheSixForms()
    {
        Assert.Equal(
            ["Analysis/DealsForPeriod.spans", "Analysis/ForecastCellsByTerritory.spans", "Analysis/PeriodMeasuresByCell.spans",
             "Dimensions/DealAttributes.spans", "Forecast/ConversionBuckets.spans", "Reps/RepPeriodFacts.spans"],
            Forms.Select(row => row.Data).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task SpansFormGivesTheRowsOfItsStatementOverTheWholeMatrix(string form)
    {
        var portable = form[..^DealSpans.FormSuffix.Length];
        var mismatches = new List<string>();
        var nonEmptyRuns = 0;
        var runs = 0;

        foreach (var (label, arguments, expectEmpty) in Runs(portable))
        {
            var expected = await StatementRows.RunAsync(demo.Connections, portable, arguments(), Token);
            var actual = await StatementRows.RunAsync(demo.Connections, form, arguments(), Token);
            runs++;
            nonEmptyRuns += expected.Count > 0 ? 1 : 0;
            if (expectEmpty && expected.Count > 0)
            {
                mismatches.Add($"{label}: the portable statement returned {expected.Count} rows for a case that sees no deal");
            }

            var difference = Describe(expected, actual, Ordered(portable));
            if (difference is not null)
            {
                mismatches.Add($"{label}: {difference}");
            }
        }

        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {runs} runs differ:\n{string.Join("\n", mismatches.Take(25))}");
        // The matrix must exercise the forms: most runs see deals, so an empty answer on both sides cannot pass for agreement.
        Assert.True(nonEmptyRuns >= runs * 2 / 3, $"only {nonEmptyRuns} of {runs} runs returned rows");
    }

    /// <summary>Statements with an ORDER BY on a unique key: their order is part of the answer, not only their rows.</summary>
    private static bool Ordered(string portable) => portable is "Analysis/DealsForPeriod" or "Reps/RepPeriodFacts";

    private static string? Describe(List<string> expected, List<string> actual, bool ordered)
    {
        var missing = expected.Except(actual, StringComparer.Ordinal).ToList();
        var extra = actual.Except(expected, StringComparer.Ordinal).ToList();
        if (missing.Count > 0 || extra.Count > 0 || expected.Count != actual.Count)
        {
            return $"{expected.Count} portable rows vs {actual.Count} spans rows; only portable: [{string.Join(" ; ", missing.Take(3))}]; only spans: [{string.Join(" ; ", extra.Take(3))}]";
        }

        return ordered && !expected.SequenceEqual(actual, StringComparer.Ordinal) ? "same rows in another order" : null;
    }

    private IEnumerable<(string Label, Func<DynamicParameters> Arguments, bool ExpectEmpty)> Runs(string portable) => portable switch
    {
        // perList 3 everywhere, so that ranking and its tie-break decide what is kept; 50 (the product's) without filters.
        "Analysis/DealsForPeriod" => Cases().SelectMany(c => (c.Filters.IsEmpty ? new[] { 3, 50 } : [3]).Select(perList =>
            ($"{c} perList={perList}", (Func<DynamicParameters>)(() => DealsForPeriod(c, perList)), c.SeesNothing))),
        "Analysis/ForecastCellsByTerritory" => Cases().Select(c => (c.ToString(), (Func<DynamicParameters>)(() => ForecastCells(c)), c.SeesNothing)),
        "Forecast/ConversionBuckets" => Cases().SelectMany(c => ConversionLayouts(c).Select(layout =>
            ($"{c} {layout.Label}", (Func<DynamicParameters>)(() => ConversionBuckets(c, layout.Windows)), c.SeesNothing))),
        "Reps/RepPeriodFacts" => Cases().Where(c => c.Filters.IsEmpty).Select(c => (c.ToString(), (Func<DynamicParameters>)(() => RepPeriodFacts(c)), c.SeesNothing)),
        "Analysis/PeriodMeasuresByCell" => Cases().SelectMany(c => Layouts(c).Select(layout =>
            ($"{c} slots={layout.Label} leafCells={layout.LeafCells}", (Func<DynamicParameters>)(() => PeriodMeasures(c, layout.Groups, layout.LeafCells)), c.SeesNothing))),
        "Dimensions/DealAttributes" => Scopes().Select(s => (s.Label, (Func<DynamicParameters>)(() => SqlRunner.ScopedParameters(s.Scope, null, s.Focus)), s.Scope.IsEmpty)),
        _ => throw new InvalidOperationException($"No parameter matrix for {portable}: add one."),
    };

    /// <summary>One question's parameters: what period, as of when, for whom, about what.</summary>
    private sealed record MatrixCase(string Time, FiscalPeriod Period, DateOnly AsOf, string Who, AccessScope Scope, QueryFocus Focus, string What, DealFilters Filters)
    {
        /// <summary>An empty scope, or a focus outside the scope: no deal, rep or attribute can be read.</summary>
        public bool SeesNothing => Who is "empty scope" or "EMEA scope, APAC focus";

        public override string ToString() => $"[{Time} | {Who} | {What}]";
    }

    private IEnumerable<MatrixCase> Cases()
    {
        var times = Times().ToList();
        var scopes = Scopes().ToList();
        var filters = Filters().ToList();
        foreach (var time in times)
        {
            foreach (var scope in scopes)
            {
                yield return new MatrixCase(time.Label, time.Period, time.AsOf, scope.Label, scope.Scope, scope.Focus, "no filter", DealFilters.None);
            }

            foreach (var filter in filters)
            {
                yield return new MatrixCase(time.Label, time.Period, time.AsOf, scopes[0].Label, scopes[0].Scope, scopes[0].Focus, filter.Label, filter.Filters);
            }
        }

        // Filters inside a scope and a focus, on the two instants the bot uses most (today, and mid-quarter in the past).
        foreach (var time in times.Take(3))
        {
            foreach (var scope in new[] { scopes[1], scopes[7] })
            {
                foreach (var filter in filters)
                {
                    yield return new MatrixCase(time.Label, time.Period, time.AsOf, scope.Label, scope.Scope, scope.Focus, filter.Label, filter.Filters);
                }
            }
        }
    }

    private IEnumerable<(string Label, FiscalPeriod Period, DateOnly AsOf)> Times()
    {
        var calendar = demo.Calendar;
        var today = DemoSpansWarehouse.AsOf;
        var q3 = calendar.Quarter(2026, 3);
        yield return ("current quarter at the seed's as-of", calendar.Quarter(2026, 4), today);
        yield return ("last completed quarter at the seed's as-of", q3, today);
        yield return ("Q3 mid-quarter", q3, new DateOnly(2026, 8, 14));
        yield return ("Q3 on its last day", q3, new DateOnly(2026, 9, 30));
        yield return ("Q3 on its first day", q3, new DateOnly(2026, 7, 1));
        yield return ("Q2 as of the last day of Q3", calendar.Quarter(2026, 2), new DateOnly(2026, 9, 30));
        // The demo's history begins on 2023-07-01: most deals do not exist yet.
        yield return ("Q3 2023 before most history", calendar.Quarter(2023, 3), new DateOnly(2023, 8, 10));
        yield return ("next quarter (after the as-of)", calendar.Quarter(2027, 1), today);
        // A period after a past as-of: the history holds rows after the as-of, which must not count.
        yield return ("Q4 as of mid Q3 (after the as-of)", calendar.Quarter(2026, 4), new DateOnly(2026, 8, 14));
        yield return ("August at the seed's as-of", FiscalCalendar.Month(2026, 8), today);
        yield return ("August mid-month", FiscalCalendar.Month(2026, 8), new DateOnly(2026, 8, 14));
        yield return ("H1 2026", calendar.Half(2026, 1), today);
        yield return ("H2 2026 (contains the as-of)", calendar.Half(2026, 2), today);
        yield return ("custom 2026-05-17..2026-09-03 as of 2026-07-20", FiscalPeriod.Custom(new DateOnly(2026, 5, 17), new DateOnly(2026, 9, 3)), new DateOnly(2026, 7, 20));
        yield return ("custom across the year end", FiscalPeriod.Custom(new DateOnly(2025, 12, 15), new DateOnly(2026, 1, 20)), today);
    }

    private IEnumerable<(string Label, AccessScope Scope, QueryFocus Focus)> Scopes()
    {
        var emea = demo.Subtree("T-EMEA");
        yield return ("everything", AccessScope.Everything, QueryFocus.Everything);
        yield return ("EMEA subtree", AccessScope.Of(emea, [], "EMEA"), QueryFocus.Everything);
        yield return ("four reps", AccessScope.Of([], ["R-0052", "R-0066", "R-0010", "R-0144"], "reps"), QueryFocus.Everything);
        yield return ("DACH subtree + two reps", AccessScope.Of(demo.Subtree("T-EMEA-DACH"), ["R-0052", "R-0010"], "DACH and reps"), QueryFocus.Everything);
        yield return ("empty scope", AccessScope.Nothing, QueryFocus.Everything);
        yield return ("focus APAC", AccessScope.Everything, QueryFocus.Territories(demo.Subtree("T-APAC")));
        yield return ("focus two reps", AccessScope.Everything, QueryFocus.Reps(["R-0052", "R-0031"]));
        yield return ("EMEA scope, DACH focus", AccessScope.Of(emea, [], "EMEA"), QueryFocus.Territories(demo.Subtree("T-EMEA-DACH")));
        yield return ("EMEA scope, APAC focus", AccessScope.Of(emea, [], "EMEA"), QueryFocus.Territories(demo.Subtree("T-APAC")));
    }

    private static IEnumerable<(string Label, DealFilters Filters)> Filters()
    {
        yield return ("segment Enterprise", new DealFilters(Segment: "Enterprise"));
        yield return ("product P-ANALYTICS", new DealFilters(ProductId: "P-ANALYTICS"));
        yield return ("type Renewal", new DealFilters(Type: "Renewal"));
        yield return ("lead source Partner", new DealFilters(LeadSource: "Partner"));
        yield return ("Mid-Market New Business Inbound P-CORE", new DealFilters("Mid-Market", "P-CORE", "New Business", "Inbound"));
    }

    // The parameters below are built as AnalysisQueries, ForecastQueries and RepAndForecastBaselineQueries build them.

    private static DynamicParameters DealsForPeriod(MatrixCase c, int perList)
    {
        var window = PeriodWindow.Of(c.Period, c.AsOf);
        return SqlRunner.ScopedParameters(c.Scope, new
        {
            periodStart = c.Period.Start,
            periodEnd = c.Period.End,
            startAt = window.StartAt,
            asOfEnd = PeriodWindow.EndOfDay(c.AsOf),
            segment = c.Filters.Segment,
            productId = c.Filters.ProductId,
            type = c.Filters.Type,
            leadSource = c.Filters.LeadSource,
            perList,
        }, c.Focus);
    }

    private static DynamicParameters ForecastCells(MatrixCase c) => SqlRunner.ScopedParameters(c.Scope, new
    {
        periodStart = c.Period.Start,
        periodEnd = c.Period.End,
        asOfEnd = PeriodWindow.EndOfDay(c.AsOf),
        segment = c.Filters.Segment,
        productId = c.Filters.ProductId,
        type = c.Filters.Type,
        leadSource = c.Filters.LeadSource,
    }, c.Focus);

    /// <summary>
    /// The period seen from the as-of date and followed to its end; seen from early in it and followed to the as-of date;
    /// and the landing projection's five slots: the period at the as-of date and the four quarters before it at the same
    /// day in, each followed to its end.
    /// </summary>
    private IEnumerable<(string Label, ConversionWindow[] Windows)> ConversionLayouts(MatrixCase c)
    {
        yield return ($"point={c.AsOf:yyyy-MM-dd} end={c.Period.End:yyyy-MM-dd}", [new(c.Period, c.AsOf, c.Period.End)]);
        yield return ($"point={c.Period.Start.AddDays(20):yyyy-MM-dd} end={c.AsOf:yyyy-MM-dd}", [new(c.Period, c.Period.Start.AddDays(20), c.AsOf)]);
        var daysIn = Math.Max(0, c.AsOf.DayNumber - c.Period.Start.DayNumber);
        yield return ("projection (5 slots)",
        [
            new(c.Period, c.AsOf, c.AsOf),
            .. Enumerable.Range(1, 4).Select(i => demo.Calendar.QuarterOffset(c.Period.Start, -i))
                .Select(q => new ConversionWindow(q, q.Start.AddDays(Math.Min(daysIn, q.Days - 1)), q.End)),
        ]);
    }

    private static DynamicParameters ConversionBuckets(MatrixCase c, ConversionWindow[] windows) =>
        SqlRunner.ScopedParameters(c.Scope, ForecastQueries.ConversionParameters(windows, c.Filters), c.Focus);

    private DynamicParameters RepPeriodFacts(MatrixCase c) => SqlRunner.ScopedParameters(c.Scope, new
    {
        periodStart = c.Period.Start,
        periodEnd = c.Period.End,
        lookbackStart = c.Period.Start.AddDays(-RepAndForecastBaselineQueries.LeaverLookbackDays),
        quotaFrom = demo.Calendar.QuarterOffset(c.Period.Start, -4).Start,
        quotaTo = demo.Calendar.QuarterOffset(c.Period.End, 4).Start,
        asOfEnd = PeriodWindow.EndOfDay(c.Period.End < c.AsOf ? c.Period.End : c.AsOf),
    }, c.Focus);

    /// <summary>
    /// Slot layouts of PeriodMeasuresByCell: one period, two, five in three groups (a baseline summing quarters), and six
    /// (a trend as totals, or two groups of leaf cells). All of them for everything without filters; fewer elsewhere, to
    /// keep the matrix quick.
    /// </summary>
    private IEnumerable<(string Label, IReadOnlyList<IReadOnlyList<FiscalPeriod>> Groups, int LeafCells)> Layouts(MatrixCase c)
    {
        FiscalPeriod Before(int quarters) => demo.Calendar.QuarterOffset(c.Period.Start, -quarters);
        var everything = c.Filters.IsEmpty && c.Who == "everything";
        if (everything || !c.Filters.IsEmpty)
        {
            yield return ("1", [[c.Period]], 1);
        }

        if (c.Filters.IsEmpty)
        {
            yield return ("1", [[c.Period]], 0);
            yield return ("5 in 3 groups", [[c.Period], [Before(1), Before(2)], [Before(3), Before(4)]], 1);
        }

        if (everything)
        {
            yield return ("2", [[c.Period], [Before(4)]], 1);
            yield return ("6 in 6 groups", [[Before(5)], [Before(4)], [Before(3)], [Before(2)], [Before(1)], [c.Period]], 0);
            yield return ("6 in 2 groups", [[c.Period, Before(4)], [Before(1), Before(2), Before(3), Before(5)]], 1);
        }
    }

    private static DynamicParameters PeriodMeasures(MatrixCase c, IReadOnlyList<IReadOnlyList<FiscalPeriod>> groups, int leafCells)
    {
        // The parameters exactly as AnalysisQueries fills them (unused slots repeat the first period).
        var arguments = AnalysisQueries.PeriodMeasuresParameters(groups, c.AsOf, c.Filters, leafCells == 1 ? MeasureGrain.LeafCells : MeasureGrain.Total);
        return SqlRunner.ScopedParameters(c.Scope, arguments, c.Focus);
    }
}
