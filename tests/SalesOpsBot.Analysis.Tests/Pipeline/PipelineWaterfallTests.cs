using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Analysis.Pipeline;

namespace SalesOpsBot.Analysis.Tests.Pipeline;

public class PipelineWaterfallTests
{
    private static readonly FiscalPeriod Q3 = new FiscalCalendar().Quarter(2026, 3);

    private static DealState Open(decimal amount, string close, string category = "Commit") =>
        new(false, false, amount, DateOnly.Parse(close, System.Globalization.CultureInfo.InvariantCulture), category);

    private static DealState Closed(decimal amount, string close, bool won) =>
        new(true, won, amount, DateOnly.Parse(close, System.Globalization.CultureInfo.InvariantCulture), won ? "Closed" : "Omitted");

    [Fact]
    public void Hand_built_waterfall_has_the_expected_steps()
    {
        DealStatePair[] deals =
        [
            new("stays", Open(100m, "2026-08-01"), Open(120m, "2026-08-15")),        // +20 amount change
            new("won", Open(200m, "2026-08-01"), Closed(180m, "2026-08-02", true)),   // −180 won, −20 change
            new("lost", Open(50m, "2026-09-01"), Closed(50m, "2026-09-02", false)),   // −50 lost
            new("slips", Open(70m, "2026-09-20"), Open(70m, "2026-10-20")),           // −70 slipped
            new("new", null, Open(40m, "2026-09-30")),                                // +40 created
            new("pulled", Open(90m, "2026-12-01"), Open(90m, "2026-09-10")),          // +90 pulled in
            new("out", Open(30m, "2026-08-01"), Open(30m, "2026-08-01", "Omitted")),  // −30 category move out
        ];

        var steps = PipelineWaterfall.Build(deals, Q3, new HashSet<string>(["Commit", "Best Case", "Pipeline"]));

        Assert.Equal(450m, steps.StartPipeline);
        Assert.Equal(40m, steps.Created);
        Assert.Equal(90m, steps.PulledIn);
        Assert.Equal(-180m, steps.Won);
        Assert.Equal(-50m, steps.Lost);
        Assert.Equal(-70m, steps.SlippedOut);
        Assert.Equal(0m, steps.AmountChanges);
        Assert.Equal(-30m, steps.CategoryMovesOut);
        Assert.Equal(250m, steps.EndPipeline);
        Assert.True(steps.Reconciles);
    }

    [Fact]
    public void Random_deal_histories_always_reconcile()
    {
        var random = new Random(11);
        string[] categories = ["Pipeline", "Best Case", "Commit", "Omitted"];
        DealState? RandomState(bool allowNull)
        {
            if (allowNull && random.Next(4) == 0)
            {
                return null;
            }

            var close = new DateOnly(2026, 5, 1).AddDays(random.Next(0, 240));
            var amount = Math.Round((decimal)(random.NextDouble() * 100_000), 2);
            return random.Next(4) switch
            {
                0 => new DealState(true, random.Next(2) == 0, amount, close, "Closed"),
                _ => new DealState(false, false, amount, close, categories[random.Next(categories.Length)]),
            };
        }

        for (var trial = 0; trial < 100; trial++)
        {
            var deals = Enumerable.Range(0, 200).Select(i => new DealStatePair($"D{i}", RandomState(true), RandomState(false)!)).ToList();
            var filter = trial % 2 == 0 ? null : new HashSet<string>(["Commit", "Best Case"]);

            var steps = PipelineWaterfall.Build(deals, Q3, filter);

            Assert.Equal(steps.EndPipeline, steps.Walk);
        }
    }
}
