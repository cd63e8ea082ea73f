using SalesOpsBot.Analysis.Forecast;
using SalesOpsBot.Analysis.Metrics;

namespace SalesOpsBot.Analysis.Tests.Forecast;

public class ForecastTests
{
    [Fact]
    public void Rollup_sums_subtrees_and_compares_with_each_nodes_own_quota()
    {
        TerritoryNode[] tree = [new("EMEA", "EMEA", null), new("DACH", "DACH", "EMEA"), new("UKI", "UK&I", "EMEA")];
        ForecastCell[] cells = [new("DACH", 100m, 200m, 50m, 300m), new("UKI", 300m, 100m, 0m, 100m), new("EMEA", 0m, 0m, 10m, 0m)];
        var quotas = new Dictionary<string, decimal> { ["EMEA"] = 1000m, ["DACH"] = 400m, ["UKI"] = 500m };

        var nodes = ForecastRollup.Build("EMEA", tree, cells, id => quotas[id]);

        var emea = nodes[0];
        Assert.Equal(["EMEA", "DACH", "UKI"], nodes.Select(n => n.TerritoryId));
        Assert.Equal(400m, emea.Won);
        Assert.Equal(700m, emea.CommitCall);
        Assert.Equal(-300m, emea.GapToQuota);
        Assert.Equal(760m, emea.BestCaseCall);
        Assert.Equal(760.0 / 600.0, emea.Coverage!.Value, 12);
        Assert.Equal(-100m, nodes[1].GapToQuota);
    }

    [Fact]
    public void Projection_applies_pooled_rates_and_brackets_them_with_each_quarters_rates()
    {
        // Commit converted 80% and 60% in two past quarters (pooled 70%); Pipeline 10% and 30% (pooled 20%).
        QuarterHistory[] history =
        [
            new("Q1", [new("Commit", "Negotiation", 100m, 80m), new("Pipeline", "Discovery", 100m, 10m)], 20m),
            new("Q2", [new("Commit", "Negotiation", 100m, 60m), new("Pipeline", "Discovery", 100m, 30m)], 40m),
        ];
        ConversionBucket[] open = [new("Commit", "Negotiation", 200m, 0m), new("Pipeline", "Discovery", 100m, 0m)];

        var projection = ForecastProjection.Project(500m, open, history);

        // 500 + 200·0.7 + 100·0.2 + mean late 30 = 690; Q1 rates: 500 + 160 + 10 + 20 = 690; Q2: 500 + 120 + 30 + 40 = 690.
        Assert.Equal(690m, projection.Expected);
        Assert.Equal(690m, projection.Low);
        Assert.Equal(690m, projection.High);
    }

    [Fact]
    public void Projection_interval_widens_when_past_quarters_disagree()
    {
        QuarterHistory[] history =
        [
            new("Q1", [new("Commit", "Negotiation", 100m, 90m)], 0m),
            new("Q2", [new("Commit", "Negotiation", 100m, 50m)], 0m),
        ];

        var projection = ForecastProjection.Project(0m, [new("Commit", "Negotiation", 100m, 0m)], history);

        // Pooled 70%; per-quarter projections 50 and 90 → 10th/90th percentiles 54 and 86.
        Assert.Equal(70m, projection.Expected);
        Assert.Equal(54m, projection.Low);
        Assert.Equal(86m, projection.High);
    }

    [Fact]
    public void Accuracy_reports_mean_absolute_error_and_bias()
    {
        ForecastAccuracy[] quarters = [new("Q1", 90m, 100m), new("Q2", 120m, 100m)];

        var (mae, bias) = ForecastProjection.Summarize(quarters);

        Assert.Equal(0.15, mae!.Value, 12);
        Assert.Equal(-0.05, bias!.Value, 12);
    }
}
