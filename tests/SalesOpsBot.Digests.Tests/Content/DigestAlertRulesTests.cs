using SalesOpsBot.Conversation.Answers;
using SalesOpsBot.Digests.Content;
using SalesOpsBot.Digests.Delivery;

namespace SalesOpsBot.Digests.Tests.Content;

/// <summary>The rules that compare with the previous check: commit down by a share, a large deal slipped or lost.</summary>
public sealed class DigestAlertRulesTests
{
    private static readonly AnswerPeriod Q4 = new("Q4 2026", new DateOnly(2026, 10, 1), new DateOnly(2026, 12, 31));

    [Theory]
    [InlineData(900_000, false)] // exactly 10 % down: not more than the share
    [InlineData(899_999, true)]
    [InlineData(1_100_000, false)]
    public void CommitDownFiresOnlyWhenItFellByMoreThanTheShare(double commitNow, bool fires)
    {
        var previous = new AlertBaseline(1_000_000m, []);

        var alerts = DigestAlerts.Evaluate(Pack((decimal)commitNow), AlertRules.Default, previous);

        Assert.Equal(fires, alerts.Any(a => a.Key == "commit_down"));
    }

    [Fact]
    public void CommitDownNamesBothCallsAndTheDrop()
    {
        // 1,000,000 → 800,000 is 20 % down.
        var alert = Assert.Single(DigestAlerts.Evaluate(Pack(800_000m), AlertRules.Default, new AlertBaseline(1_000_000m, [])), a => a.Key == "commit_down");

        Assert.Contains("20", alert.Text, StringComparison.Ordinal);
        Assert.StartsWith("EMEA's commit call fell from", alert.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutAPreviousCheckNothingIsComparedWith()
    {
        var alerts = DigestAlerts.Evaluate(Pack(100m, Deal("OPP-1", 400_000m, new DateOnly(2027, 1, 15))), AlertRules.Default, null);

        Assert.DoesNotContain(alerts, a => a.Key.StartsWith("commit_down", StringComparison.Ordinal) || a.Key.StartsWith("large_deal", StringComparison.Ordinal));
    }

    [Fact]
    public void ALargeDealPushedPastTheQuarterOrLostFiresOncePerDeal()
    {
        var previous = new AlertBaseline(1_000_000m,
        [
            Deal("OPP-1", 400_000m, new DateOnly(2026, 12, 10)),
            Deal("OPP-2", 300_000m, new DateOnly(2026, 11, 30)),
            Deal("OPP-3", 260_000m, new DateOnly(2026, 12, 20)),
            Deal("OPP-4", 500_000m, new DateOnly(2026, 12, 1)),
        ]);
        var pack = Pack(1_000_000m,
            Deal("OPP-1", 400_000m, new DateOnly(2027, 1, 15)),           // pushed into next quarter: slipped
            Deal("OPP-2", 300_000m, new DateOnly(2026, 11, 20), closed: true), // lost
            Deal("OPP-3", 260_000m, new DateOnly(2026, 12, 31)),          // pushed, but still in the quarter
            Deal("OPP-4", 500_000m, new DateOnly(2026, 11, 25), closed: true, won: true));

        var keys = DigestAlerts.Evaluate(pack, AlertRules.Default, previous).Select(a => a.Key).ToList();

        Assert.Equal(["large_deal_slipped:OPP-1", "large_deal_lost:OPP-2"], keys);
    }

    [Fact]
    public void ALostLargeDealReplacesTheAggregateLossLine()
    {
        var previous = new AlertBaseline(null, [Deal("OPP-2", 300_000m, new DateOnly(2026, 11, 30))]);
        var lost = Pack(1_000_000m, Deal("OPP-2", 300_000m, new DateOnly(2026, 11, 20), closed: true));
        lost = lost with { Document = lost.Document with { Metrics = new Dictionary<string, decimal?>(lost.Document.Metrics) { ["changes_lost"] = -300_000m } } };

        var keys = DigestAlerts.Evaluate(lost, AlertRules.Default, previous).Select(a => a.Key).ToList();
        var withoutBaseline = DigestAlerts.Evaluate(lost, AlertRules.Default, null).Select(a => a.Key).ToList();

        Assert.Equal(["large_deal_lost:OPP-2"], keys);
        Assert.Equal(["large_loss"], withoutBaseline);
    }

    [Fact]
    public void ADealThatLeftTheQuartersListCountsAsSlipped()
    {
        var previous = new AlertBaseline(null, [Deal("OPP-9", 700_000m, new DateOnly(2026, 12, 5))]);

        var alert = Assert.Single(DigestAlerts.Evaluate(Pack(1m), AlertRules.Default, previous));

        Assert.Equal("large_deal_slipped:OPP-9", alert.Key);
        Assert.Contains("out of the quarter", alert.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void TheBaselineKeepsTheCommitCallAndOnlyLargeDealsOpenInTheQuarter()
    {
        var pack = Pack(750_000m,
            Deal("OPP-A", 250_000m, new DateOnly(2026, 12, 31)),              // at the threshold: kept
            Deal("OPP-B", 249_999m, new DateOnly(2026, 12, 1)),               // below
            Deal("OPP-C", 900_000m, new DateOnly(2027, 1, 2)),                // next quarter
            Deal("OPP-D", 900_000m, new DateOnly(2026, 11, 2), closed: true)); // closed

        var baseline = DigestAlerts.BaselineOf(pack, AlertRules.Default);

        Assert.Equal(750_000m, baseline.CommitCall);
        Assert.Equal(["OPP-A"], baseline.LargeOpenDeals.Select(d => d.OpportunityId));
    }

    [Fact]
    public void OneEventGivesOneAlertAcrossChecks()
    {
        var first = new AlertBaseline(1_000_000m, [Deal("OPP-1", 400_000m, new DateOnly(2026, 12, 10))]);
        var slippedAndDown = Pack(850_000m, Deal("OPP-1", 400_000m, new DateOnly(2027, 2, 1)));

        // Check 1 alerts both events; once sent, its baseline is the next comparison point.
        var sent = DigestAlerts.From(slippedAndDown, AlertRules.Default, null, first)!;
        var next = DigestAlerts.From(slippedAndDown, AlertRules.Default, null, sent.Baseline);
        // A check while the first alert is cooling down (its baseline not yet stored because the send is in doubt) stays quiet too.
        var coolingDown = DigestAlerts.From(slippedAndDown, AlertRules.Default, new HashSet<string>(sent.AlertKeys), first);

        Assert.Equal(["commit_down", "large_deal_slipped:OPP-1"], sent.AlertKeys);
        Assert.Null(next);
        Assert.Null(coolingDown);
    }

    private static DigestContent Pack(decimal commit, params TrackedDeal[] deals)
    {
        var document = new AnswerDocument
        {
            Question = "EMEA forecast digest",
            Intent = "digest",
            Period = Q4,
            Metrics = new Dictionary<string, decimal?> { ["commit_call"] = commit },
        };
        return new DigestContent(document, "") { TrackedDeals = deals };
    }

    private static TrackedDeal Deal(string id, decimal amount, DateOnly close, bool closed = false, bool won = false) =>
        new(id, "Deal " + id, amount, close, closed, won);
}
