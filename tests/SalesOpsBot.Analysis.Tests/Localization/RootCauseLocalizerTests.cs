using SalesOpsBot.Analysis.Localization;

namespace SalesOpsBot.Analysis.Tests.Localization;

public class RootCauseLocalizerTests
{
    private static readonly string[] Regions = ["DACH", "UK&I", "France", "Nordics"];
    private static readonly string[] Segments = ["Enterprise", "Mid-Market", "SMB"];

    private static LocalizationInput Cube(Func<string, string, (double Actual, double Expected)> cell) =>
        new(["territory", "segment"],
            [.. Regions.SelectMany(r => Segments.Select(s =>
            {
                var (actual, expected) = cell(r, s);
                return new CubeLeaf([r, s], actual, expected);
            }))]);

    [Fact]
    public void A_whole_region_dropping_is_named_as_the_region_alone()
    {
        var result = RootCauseLocalizer.Localize(Cube((r, _) => r == "France" ? (50, 100) : (100, 100)));

        var cause = Assert.Single(result.Causes);
        Assert.Equal("territory=France", cause.Key);
        Assert.Equal(1.0, cause.ExplainedShare, 12);
        Assert.False(result.IsBroadBased);
    }

    [Fact]
    public void Two_combinations_are_found_with_their_shares_of_the_gap()
    {
        // DACH Enterprise −300, UK&I Enterprise −100: shares 0.75 and 0.25.
        var result = RootCauseLocalizer.Localize(Cube((r, s) => (r, s) switch
        {
            ("DACH", "Enterprise") => (0, 300),
            ("UK&I", "Enterprise") => (200, 300),
            _ => (300, 300),
        }));

        Assert.Equal(["segment=Enterprise&territory=DACH", "segment=Enterprise&territory=UK&I"], result.Causes.Select(c => c.Key));
        Assert.Equal(0.75, result.Causes[0].ExplainedShare, 12);
        Assert.Equal(0.25, result.Causes[1].ExplainedShare, 12);
        Assert.Equal(-400, result.TotalDeviation, 12);
    }

    [Fact]
    public void An_even_shortfall_everywhere_is_broad_based()
    {
        // Every cell misses by the same small share with noise-free data: no combination is more abnormal than the rest,
        // so the only "cause" would be the whole cube; the answer must say the miss is broad-based.
        var result = RootCauseLocalizer.Localize(Cube((r, s) => (r.Length + s.Length % 2 == 0 ? 97 : 99, 100)));

        Assert.Empty(result.Causes);
        Assert.True(result.IsBroadBased);
        Assert.NotEmpty(result.TopContributors);
    }

    [Fact]
    public void Ratio_measure_finds_the_leaf_group_whose_rate_collapsed()
    {
        // Win rate 30% everywhere (300 of 1000 closed per leaf) except DACH, where it fell to 10%.
        var leaves = Regions.SelectMany(r => Segments.Select(s =>
            new CubeLeaf([r, s], r == "DACH" ? 100 : 300, 300, 1000, 1000))).ToList();

        var result = RootCauseLocalizer.Localize(new LocalizationInput(["territory", "segment"], leaves, MeasureKind.Ratio));

        var cause = Assert.Single(result.Causes);
        Assert.Equal("territory=DACH", cause.Key);
        Assert.Equal(0.10, cause.Actual, 3);
        Assert.Equal(0.30, cause.Expected, 3);
    }

    [Fact]
    public void A_region_dominated_by_one_abnormal_segment_is_narrowed_to_that_segment()
    {
        // DACH's mass is 94% Enterprise, which halved; DACH Mid-Market and SMB are small and on plan.
        // By mass DACH looks abnormal as a whole, but the rest of DACH is normal, so the cause is DACH & Enterprise.
        var result = RootCauseLocalizer.Localize(Cube((r, s) => (r, s) switch
        {
            ("DACH", "Enterprise") => (500, 1000),
            ("DACH", "Mid-Market") => (30, 30),
            ("DACH", "SMB") => (20, 20),
            _ => (1000, 1000),
        }));

        var cause = Assert.Single(result.Causes);
        Assert.Equal("segment=Enterprise&territory=DACH", cause.Key);
    }
}
