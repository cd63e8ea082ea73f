using SalesOpsBot.Warehouse.Seeding;

namespace SalesOpsBot.Warehouse.Tests.Seeding;

/// <summary>
/// Each planted story, read back with the contract's metric definitions. Thresholds come from the planted
/// parameters in docs/demo-data.md (e.g. DACH Enterprise keeps 38% of its would-be wins, so its win rate
/// falls from ~25% to ~10%), with margin for noise; they are not numbers printed by the generator.
/// </summary>
public class DemoDataStoriesTests
{
    public static readonly TheoryData<string> DataSets = ["default", "triple scale", "July fiscal year"];

    [Theory]
    [MemberData(nameof(DataSets))]
    public void EmeaMissedTheLastQuarterOnDachEnterpriseWinRateAndTwoSlippedUkiDeals(string dataSet)
    {
        var w = SeededWarehouses.Get(dataSet);
        var last = w.Quarter(-1);
        var trailing = w.Quarters(-2, -3, -4, -5);

        // ~100% in an ordinary quarter; the planted causes take out about a fifth.
        Assert.InRange(w.Attainment("T-EMEA", last), 0.6, 0.95);
        Assert.All(trailing, q => Assert.InRange(w.Attainment("T-EMEA", q), 0.85, 1.2));

        var dachEnterprise = w.In("T-EMEA-DACH", "Enterprise");
        var collapsed = w.WinRate(last, dachEnterprise);
        var usual = trailing.Average(q => w.WinRate(q, dachEnterprise));
        Assert.InRange(usual, 0.18, 0.32);
        Assert.True(collapsed < 0.5 * usual, $"DACH Enterprise win rate {collapsed:P0} vs {usual:P0} before");
        var lostToCompetitors = w.Rows.Opportunities.Count(o => dachEnterprise(o) && o.IsClosed && !o.IsWon
            && last.Contains(o.CloseDate) && o.LossReason is "Competitor" or "Price");
        var lost = w.Rows.Opportunities.Count(o => dachEnterprise(o) && o.IsClosed && !o.IsWon && last.Contains(o.CloseDate));
        Assert.True(lostToCompetitors > 0.5 * lost);

        var slipped = w.Slipped(last, w.In("T-EMEA"));
        var largestTwo = slipped.OrderByDescending(s => s.AmountAtStart).Take(2).Select(s => s.Deal.OpportunityId).Order();
        Assert.Equal([DemoStories.AlbionMutualDealId, DemoStories.ThamesideEnergyDealId], largestTwo);
        foreach (var id in w.Summary.Stories.EmeaSlippedDealIds)
        {
            var deal = w.Deals[id];
            Assert.True(w.InSubtree(deal.TerritoryId, "T-EMEA-UKI"));
            Assert.False(deal.IsClosed);
            Assert.Equal("Commit", deal.ForecastCategory);
            Assert.True(w.Quarter(0).Contains(deal.CloseDate), "slipped into the current quarter");
        }

        // "Mainly because": the DACH Enterprise shortfall plus the two slipped deals cover most of the gap.
        var gap = w.TerritoryQuota("T-EMEA", last) - w.Bookings(last, w.In("T-EMEA"));
        var dachShortfall = trailing.Average(q => w.Bookings(q, dachEnterprise)) - w.Bookings(last, dachEnterprise);
        var slippedAmount = slipped.Where(s => w.Summary.Stories.EmeaSlippedDealIds.Contains(s.Deal.OpportunityId))
            .Sum(s => s.AmountAtStart);
        Assert.True(dachShortfall + slippedAmount > 0.5m * gap, $"causes {dachShortfall + slippedAmount:N0} vs gap {gap:N0}");
    }

    [Theory]
    [MemberData(nameof(DataSets))]
    public void ApacBeatTheLastQuarterOnOneLargeExpansion(string dataSet)
    {
        var w = SeededWarehouses.Get(dataSet);
        var last = w.Quarter(-1);
        var apac = w.In("T-APAC");

        var bookings = w.Bookings(last, apac);
        var quota = w.TerritoryQuota("T-APAC", last);
        Assert.True(bookings >= quota, $"APAC {bookings / quota:P0}");

        var expansion = w.Deals[DemoStories.PacificOrbitExpansionDealId];
        Assert.Equal("Expansion", expansion.Type);
        Assert.True(expansion.IsWon && last.Contains(expansion.CloseDate));
        var largest = w.Rows.Opportunities.Where(o => o.IsWon && last.Contains(o.CloseDate) && apac(o)).MaxBy(o => o.Amount)!;
        Assert.Equal(expansion.OpportunityId, largest.OpportunityId);

        // Planted at 22% of APAC's ordinary quarter: larger than the whole beat.
        Assert.True(expansion.Amount > bookings - quota);
        Assert.True(expansion.Amount > 0.15m * quota);
    }

    [Theory]
    [MemberData(nameof(DataSets))]
    public void NaSmbPipelineCreationDriedUpAndCurrentQuarterBookingsFell(string dataSet)
    {
        var w = SeededWarehouses.Get(dataSet);
        var naSmb = w.In("T-NA", "SMB");
        var trailing = w.Quarters(-2, -3, -4, -5);

        // Planted at 30% of the usual creation rate.
        var created = w.PipelineCreated(w.Quarter(-1), naSmb);
        var usual = trailing.Average(q => w.PipelineCreated(q, naSmb));
        Assert.True(created < 0.5m * usual, $"created {created:N0} vs {usual:N0}");

        // Quarter to date against the same number of days into each of the four quarters before the dry spell.
        var elapsed = w.Options.AsOf.DayNumber - w.Quarter(0).Start.DayNumber;
        decimal ToDate(int offset) => w.Bookings(
            Analysis.Calendar.FiscalPeriod.Custom(w.Quarter(offset).Start, w.Quarter(offset).Start.AddDays(elapsed)), naSmb);
        var sameDaysBefore = new[] { -2, -3, -4, -5 }.Average(ToDate);
        Assert.True(ToDate(0) < 0.75m * sameDaysBefore, $"to date {ToDate(0):N0} vs {sameDaysBefore:N0}");

        // Other NA segments kept creating pipeline as usual.
        var naEnterprise = w.In("T-NA", "Enterprise");
        Assert.InRange((double)(w.PipelineCreated(w.Quarter(-1), naEnterprise)
            / trailing.Average(q => w.PipelineCreated(q, naEnterprise))), 0.8, 1.25);
    }

    [Theory]
    [MemberData(nameof(DataSets))]
    public void SaoPauloMissedBecauseItsEnterpriseSeatStayedVacant(string dataSet)
    {
        var w = SeededWarehouses.Get(dataSet);
        var stories = w.Summary.Stories;
        Assert.Equal("T-LATAM-BR-SP", stories.VacantSeatTerritoryId);

        var leaver = w.Rows.Reps.Single(r => r.RepId == stories.VacantSeatLeaverRepId);
        Assert.Equal("Rafael Souza", leaver.Name);
        Assert.True(w.Quarter(-2).Contains(leaver.EndDate!.Value), "left the quarter before the last");
        Assert.DoesNotContain(w.Rows.Reps, r => r.TerritoryId == stories.VacantSeatTerritoryId && r.HireDate > leaver.EndDate);

        // Two of three seats filled: about 40–60% of the manager's number, which still counts the empty seat.
        Assert.True(w.Attainment(stories.VacantSeatTerritoryId, w.Quarter(-1)) < 0.9);
        var repQuotas = w.Rows.Quotas.Where(q => q.TerritoryId == stories.VacantSeatTerritoryId && q.RepId is not null
            && q.PeriodStart == w.Quarter(-1).Start).Sum(q => q.Amount);
        Assert.True(w.TerritoryQuota(stories.VacantSeatTerritoryId, w.Quarter(-1)) > repQuotas);
        Assert.DoesNotContain(w.Rows.Quotas, q => q.RepId == leaver.RepId && q.PeriodStart == w.Quarter(-1).Start);
    }

    [Theory]
    [MemberData(nameof(DataSets))]
    public void AlexMorganHasSlippedDealsAndAlexChenMakesTheNameAmbiguous(string dataSet)
    {
        var w = SeededWarehouses.Get(dataSet);
        var alexes = w.Rows.Reps.Where(r => r.Name.StartsWith("Alex ", StringComparison.Ordinal)).ToList();
        Assert.Equal(["Alex Chen", "Alex Morgan"], alexes.Select(r => r.Name).Order());
        var morgan = w.Rep("Alex Morgan");
        var chen = w.Rep("Alex Chen");
        Assert.True(w.InSubtree(morgan.TerritoryId, "T-EMEA-UKI"));
        Assert.True(w.InSubtree(chen.TerritoryId, "T-NA-W"));
        Assert.Equal(DemoPrincipals.AlexMorganRepId, morgan.RepId);
        Assert.Equal(DemoPrincipals.AlexChenRepId, chen.RepId);

        var slipped = w.Slipped(w.Quarter(-1), o => o.OwnerId == morgan.RepId).Select(s => s.Deal.OpportunityId).ToList();
        Assert.Superset(w.Summary.Stories.AlexMorganSlippedDealIds.ToHashSet(), slipped.ToHashSet());
        Assert.True(w.Pushes(DemoStories.NorthgateCouncilsDealId) >= 3);
        Assert.Contains(w.Rows.Opportunities, o => o.OwnerId == morgan.RepId && !o.IsClosed);
        Assert.Contains(w.Rows.Opportunities, o => o.OwnerId == chen.RepId && !o.IsClosed);
    }

    [Theory]
    [MemberData(nameof(DataSets))]
    public void JordanReyesBeatPlanStronglyWithTwoPulledInDeals(string dataSet)
    {
        var w = SeededWarehouses.Get(dataSet);
        var jordan = w.Rep("Jordan Reyes");
        Assert.Equal(w.Summary.Stories.BeatPlanRepId, jordan.RepId);

        Assert.True(w.RepAttainment(jordan.RepId, w.Quarter(-1)) > 1.5);
        var usual = w.Quarters(-2, -3, -4, -5).Average(q => w.RepAttainment(jordan.RepId, q));
        Assert.True(usual < 1.2, $"usually {usual:P0}");

        var pulledIn = w.PulledInAndWon(w.Quarter(-1), o => o.OwnerId == jordan.RepId).Select(o => o.OpportunityId);
        Assert.Superset(w.Summary.Stories.BeatPlanPulledInDealIds.ToHashSet(), pulledIn.ToHashSet());
        var wonRate = w.WinRate(w.Quarter(-1), o => o.OwnerId == jordan.RepId);
        var usualRate = w.Quarters(-2, -3, -4, -5).Average(q => w.WinRate(q, o => o.OwnerId == jordan.RepId));
        Assert.True(wonRate > usualRate + 0.15, $"win rate {wonRate:P0} vs {usualRate:P0}");
    }

    [Theory]
    [MemberData(nameof(DataSets))]
    public void OtherwiseEveryRegionIsSteadyAcrossCompletedQuarters(string dataSet)
    {
        var w = SeededWarehouses.Get(dataSet);
        var ordinary = w.Quarters(-2, -3, -4, -5, -6, -7, -8, -9);
        foreach (var region in new[] { "T-NA", "T-EMEA", "T-APAC", "T-LATAM" })
        {
            Assert.All(ordinary, q => Assert.InRange(w.Attainment(region, q), 0.8, 1.25));
        }

        Assert.All(ordinary, q => Assert.InRange(w.WinRate(q, _ => true), 0.24, 0.32));
    }
}
