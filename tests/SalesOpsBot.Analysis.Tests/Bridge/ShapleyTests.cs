using SalesOpsBot.Analysis.Bridge;

namespace SalesOpsBot.Analysis.Tests.Bridge;

public class ShapleyTests
{
    [Fact]
    public void Two_factor_product_splits_the_interaction_evenly()
    {
        // x·y from (2, 3) to (4, 5): Δ = 14; x gets ½[(12−6) + (20−10)] = 8, y gets ½[(10−6) + (20−12)] = 6.
        var effects = Shapley.Attribute(x => x[0] * x[1], [2, 3], [4, 5]);

        Assert.Equal(8, effects[0], 12);
        Assert.Equal(6, effects[1], 12);
    }

    [Fact]
    public void Contributions_add_up_to_the_change_for_any_function()
    {
        var random = new Random(7);
        for (var trial = 0; trial < 50; trial++)
        {
            var from = Enumerable.Range(0, 6).Select(_ => random.NextDouble() * 10).ToArray();
            var to = Enumerable.Range(0, 6).Select(_ => random.NextDouble() * 10).ToArray();
            static double F(double[] x) => (x[0] * (x[1] + x[2] - x[3])) + Math.Sqrt(x[4]) * x[5];

            var effects = Shapley.Attribute(F, from, to);

            Assert.Equal(F(to) - F(from), effects.Sum(), 9);
        }
    }

    [Fact]
    public void A_variable_that_does_not_move_gets_nothing_and_leaves_the_others_unchanged()
    {
        // x·y·z with z fixed at 10: x and y split as in the two-factor case, times 10.
        var effects = Shapley.Attribute(x => x[0] * x[1] * x[2], [2, 3, 10], [4, 5, 10]);

        Assert.Equal(80, effects[0], 12);
        Assert.Equal(60, effects[1], 12);
        Assert.Equal(0, effects[2]);
    }
}
