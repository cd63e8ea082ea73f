using SalesOpsBot.Warehouse.Contract;
using SalesOpsBot.Warehouse.Seeding;

namespace SalesOpsBot.Warehouse.Tests.Seeding;

/// <summary>The contract's rules (warehouse-contract.md) hold on every generated row.</summary>
public class DemoDataContractTests
{
    public static readonly TheoryData<string> DataSets =
        ["default", "July fiscal year", "first day of a quarter", "last day of a quarter", "leap day, December fiscal year"];

    private static readonly string[] Stages =
        ["Prospecting", "Discovery", "Solution", "Proposal", "Negotiation", "Closed Won", "Closed Lost"];

    [Theory]
    [MemberData(nameof(DataSets))]
    public void DealsFollowTheWonClosedAndForecastRules(string dataSet)
    {
        var w = SeededWarehouses.Get(dataSet);
        var asOf = w.Options.AsOf;
        Assert.All(w.Rows.Opportunities, o =>
        {
            Assert.True(!o.IsWon || o.IsClosed);
            Assert.Equal(o.IsWon, o.ForecastCategory == ContractValues.ForecastClosed);
            Assert.Contains(o.ForecastCategory, ContractValues.ForecastCategories);
            Assert.Contains(o.Stage, Stages);
            if (o.IsClosed && !o.IsWon)
            {
                Assert.Equal(ContractValues.ForecastOmitted, o.ForecastCategory);
                Assert.False(string.IsNullOrEmpty(o.LossReason));
            }
            else
            {
                Assert.Null(o.LossReason);
            }

            Assert.Equal(o.IsClosed, o.Stage is "Closed Won" or "Closed Lost");
            Assert.True(o.Amount >= 0 && decimal.Round(o.Amount, 2) == o.Amount);
            Assert.True(o.CreatedDate <= o.CloseDate);
            Assert.True(o.CreatedDate <= asOf);
            Assert.True(!o.IsClosed || o.CloseDate <= asOf);
        });
    }

    [Theory]
    [MemberData(nameof(DataSets))]
    public void HistoryStartsAtCreationIncreasesStrictlyAndEndsInTheCurrentState(string dataSet)
    {
        var w = SeededWarehouses.Get(dataSet);
        var endOfAsOf = w.Options.AsOf.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        Assert.Equal(w.Rows.Opportunities.Count, w.Rows.History.Select(h => h.OpportunityId).Distinct().Count());
        Assert.All(w.Rows.Opportunities, o =>
        {
            var rows = w.HistoryOf(o.OpportunityId);
            Assert.Equal(o.CreatedDate, DateOnly.FromDateTime(rows[0].ChangedAt));
            for (var i = 1; i < rows.Length; i++)
            {
                Assert.True(rows[i].ChangedAt > rows[i - 1].ChangedAt);
                Assert.False(rows[i - 1].IsClosed, "nothing changes after the close");
            }

            Assert.All(rows, h =>
            {
                Assert.True(h.ChangedAt < endOfAsOf);
                Assert.Equal(DateTimeKind.Utc, h.ChangedAt.Kind);
                Assert.True(!h.IsWon || h.IsClosed);
                Assert.Equal(h.IsWon, h.ForecastCategory == ContractValues.ForecastClosed);
                Assert.True(h.Amount >= 0 && decimal.Round(h.Amount, 2) == h.Amount);
            });

            var last = rows[^1];
            Assert.Equal(
                (o.Stage, o.ForecastCategory, o.Amount, o.CloseDate, o.IsClosed, o.IsWon),
                (last.Stage, last.ForecastCategory, last.Amount, last.CloseDate, last.IsClosed, last.IsWon));
        });
    }

    [Theory]
    [MemberData(nameof(DataSets))]
    public void EveryReferenceResolves(string dataSet)
    {
        var rows = SeededWarehouses.Get(dataSet).Rows;
        var territories = rows.Territories.Select(t => t.TerritoryId).ToHashSet();
        var reps = rows.Reps.Select(r => r.RepId).ToHashSet();
        var accounts = rows.Accounts.Select(a => a.AccountId).ToHashSet();
        var products = rows.Products.Select(p => p.ProductId).ToHashSet();
        var deals = rows.Opportunities.Select(o => o.OpportunityId).ToHashSet();

        Assert.Equal(rows.Territories.Count, territories.Count);
        Assert.Equal(rows.Reps.Count, reps.Count);
        Assert.Equal(rows.Accounts.Count, accounts.Count);
        Assert.Equal(rows.Opportunities.Count, deals.Count);
        Assert.Single(rows.Territories, t => t.ParentId is null);
        Assert.All(rows.Territories, t => Assert.True(t.ParentId is null || territories.Contains(t.ParentId)));
        Assert.All(rows.Territories.GroupBy(t => t.ParentId), siblings =>
            Assert.Equal(siblings.Count(), siblings.Select(t => t.Name).Distinct().Count()));
        Assert.All(rows.Reps, r =>
        {
            Assert.Contains(r.TerritoryId, territories);
            Assert.True(r.ManagerId is null || reps.Contains(r.ManagerId));
            Assert.True(r.EndDate is null || r.EndDate >= r.HireDate);
        });
        Assert.Equal(rows.Reps.Count, rows.Reps.Select(r => r.Email.ToUpperInvariant()).Distinct().Count());
        Assert.All(rows.Opportunities, o =>
        {
            Assert.Contains(o.AccountId, accounts);
            Assert.Contains(o.OwnerId, reps);
            Assert.Contains(o.TerritoryId, territories);
            Assert.Contains(o.ProductId!, products);
        });
        Assert.All(rows.History, h => Assert.Contains(h.OpportunityId, deals));
        Assert.All(rows.Quotas, q =>
        {
            Assert.Contains(q.TerritoryId, territories);
            Assert.True(q.RepId is null || reps.Contains(q.RepId));
            Assert.True(q.Amount > 0 && decimal.Round(q.Amount, 2) == q.Amount);
        });
        Assert.All(rows.Access, a =>
        {
            Assert.Contains(a.Role, ContractValues.AccessRoles);
            Assert.True(a.TerritoryId is null || territories.Contains(a.TerritoryId));
            Assert.True(a.RepId is null || reps.Contains(a.RepId));
        });
    }

    [Theory]
    [MemberData(nameof(DataSets))]
    public void DealsCoverAtLeastEightCompletedQuartersAndTheCurrentOne(string dataSet)
    {
        var w = SeededWarehouses.Get(dataSet);
        for (var offset = -8; offset <= -1; offset++)
        {
            var quarter = w.Quarter(offset);
            Assert.True(w.Rows.Opportunities.Count(o => o.IsWon && quarter.Contains(o.CloseDate)) > w.Options.Opportunities / 100);
        }

        var current = w.Quarter(0);
        Assert.Contains(w.Rows.Opportunities, o => o.IsWon && current.Contains(o.CloseDate));
        Assert.Contains(w.Rows.Opportunities, o => !o.IsClosed && current.Contains(o.CloseDate));
        Assert.Contains(w.Rows.Opportunities, o => !o.IsClosed && w.Quarter(1).Contains(o.CloseDate));
    }

    [Theory]
    [MemberData(nameof(DataSets))]
    public void QuotasAreQuartersForEveryWorkingAeAndLeadersAreOverAssigned(string dataSet)
    {
        var w = SeededWarehouses.Get(dataSet);
        var quarters = Enumerable.Range(-12, 14).Select(w.Quarter).ToList();
        Assert.All(w.Rows.Quotas, q => Assert.Equal(w.Calendar.QuarterContaining(q.PeriodStart).Start, q.PeriodStart));
        foreach (var ae in w.Rows.Reps.Where(r => r.Role == "AE"))
        {
            foreach (var quarter in quarters.Where(q => ae.HireDate <= q.End && (ae.EndDate is null || ae.EndDate >= q.Start)))
            {
                Assert.True(w.RepQuota(ae.RepId, quarter) > 0, $"{ae.Name} has no quota in {quarter.Label}");
            }
        }

        var leaders = w.Rows.Territories.Where(t => t.LevelName is "Region" or "Sub-region").ToList();
        foreach (var quarter in quarters)
        {
            foreach (var territory in leaders)
            {
                var own = w.Rows.Quotas.Single(q => q.TerritoryId == territory.TerritoryId && q.RepId is null
                    && q.PeriodStart == quarter.Start).Amount;
                var reps = w.Rows.Quotas.Where(q => q.RepId is not null && q.PeriodStart == quarter.Start
                    && w.InSubtree(q.TerritoryId, territory.TerritoryId)).Sum(q => q.Amount);
                Assert.InRange(own / reps, 0.85m, 0.93m);
            }
        }
    }

    [Fact]
    public void TheOrganisationHasAboutOneHundredFiftyPeopleWithHiresRampingAndLeavers()
    {
        var w = SeededWarehouses.Default;
        var reps = w.Rows.Reps;
        Assert.InRange(reps.Count, 140, 190);
        Assert.Single(reps, r => r.ManagerId is null);
        Assert.Equal(4, reps.Count(r => r.Role == "VP" && r.TerritoryId != "T-GLOBAL"));
        Assert.Equal(17, reps.Count(r => r.Role == "Director"));
        Assert.InRange(reps.Count(r => r.Role == "AE"), 100, 130);
        Assert.All(reps.Where(r => r.Role == "AE"), r => Assert.Equal("Manager", reps.Single(m => m.RepId == r.ManagerId).Role));

        var twoQuartersAgo = w.Quarter(-1).Start;
        Assert.True(reps.Count(r => r.Role == "AE" && r.HireDate >= twoQuartersAgo) >= 2, "ramping new hires");
        Assert.True(reps.Count(r => r.EndDate is not null) >= 3, "leavers");
        Assert.Equal(["Enterprise", "Mid-Market", "SMB"], w.Rows.Accounts.Select(a => a.Segment).Distinct().Order());
        Assert.True(w.Rows.Accounts.Select(a => a.Country).Distinct().Count() >= 20);
        Assert.Equal(["P-ANALYTICS", "P-CORE", "P-INTEG", "P-SEC", "P-SUPPORT"], w.Rows.Products.Select(p => p.ProductId).Order());
        Assert.Equal(["Event", "Inbound", "Outbound", "Partner"], w.Rows.Opportunities.Select(o => o.LeadSource!).Distinct().Order());
        Assert.True(w.Rows.Opportunities.Where(o => o.LossReason is not null).Select(o => o.LossReason).Distinct().Count() >= 5);
    }

    [Fact]
    public void DemoPrincipalsHaveTheirAccessRows()
    {
        var w = SeededWarehouses.Default;
        var access = w.Rows.Access;
        Assert.Contains(new UserAccessRow(DemoPrincipals.Admin, "admin", null, null), access);
        Assert.Contains(new UserAccessRow(DemoPrincipals.Cro, "admin", null, null), access);
        Assert.Contains(new UserAccessRow(DemoPrincipals.EmeaLeader, "leader", "T-EMEA", null), access);
        Assert.Contains(new UserAccessRow(DemoPrincipals.DachLeader, "leader", "T-EMEA-DACH", null), access);
        Assert.Contains(new UserAccessRow(DemoPrincipals.UkiManager, "manager", null, DemoPrincipals.UkiManagerRepId), access);
        Assert.Contains(new UserAccessRow(DemoPrincipals.AlexMorganRep, "rep", null, DemoPrincipals.AlexMorganRepId), access);

        RepRow ByEmail(string email) => w.Rows.Reps.Single(r => r.Email == email);
        Assert.Equal(("Dana Whitfield", "T-GLOBAL", DemoPrincipals.CroRepId), (ByEmail(DemoPrincipals.Cro).Name, ByEmail(DemoPrincipals.Cro).TerritoryId, ByEmail(DemoPrincipals.Cro).RepId));
        Assert.Equal("T-EMEA", ByEmail(DemoPrincipals.EmeaLeader).TerritoryId);
        Assert.Equal("T-EMEA-DACH", ByEmail(DemoPrincipals.DachLeader).TerritoryId);
        Assert.Equal(DemoPrincipals.UkiManagerRepId, ByEmail(DemoPrincipals.UkiManager).RepId);
        Assert.Equal(ByEmail(DemoPrincipals.UkiManager).RepId, ByEmail(DemoPrincipals.AlexMorganRep).ManagerId);
        Assert.Equal(DemoPrincipals.LenaVogelRepId, ByEmail(DemoPrincipals.LenaVogel).RepId);
        Assert.Equal("T-EMEA-DACH-GS", ByEmail(DemoPrincipals.LenaVogel).TerritoryId);
        Assert.Equal(DemoPrincipals.JordanReyesRepId, w.Rep("Jordan Reyes").RepId);
        Assert.Equal(DemoPrincipals.RafaelSouzaRepId, w.Rep("Rafael Souza").RepId);
        Assert.Equal(DemoPrincipals.HarrietColeRepId, w.Rep("Harriet Cole").RepId);
        Assert.Equal(DemoPrincipals.LiamWalshRepId, w.Rep("Liam Walsh").RepId);
    }

    [Fact]
    public void AFewHygieneProblemsArePlantedAndTheRestIsClean()
    {
        var w = SeededWarehouses.Default;
        var asOf = w.Options.AsOf;
        var pastDue = w.Rows.Opportunities.Where(o => !o.IsClosed && o.CloseDate < asOf).Select(o => o.OpportunityId).Order();
        Assert.Equal(DemoStories.PastDueDealIds, pastDue);

        var stalled = w.HistoryOf(DemoStories.StalledDealId)[^1];
        Assert.False(stalled.IsClosed);
        Assert.True(asOf.DayNumber - DateOnly.FromDateTime(stalled.ChangedAt).DayNumber >= 90);

        var pushedThreeTimes = w.Rows.Opportunities.Count(o => w.Pushes(o.OpportunityId) >= 3);
        Assert.InRange(pushedThreeTimes, 1, w.Rows.Opportunities.Count / 20);
        Assert.Contains(w.Rows.Opportunities, o => !o.IsClosed && w.Pushes(o.OpportunityId) >= 3);
    }
}
