using static SalesOpsBot.Warehouse.Seeding.DemoVocabulary;

namespace SalesOpsBot.Warehouse.Seeding;

internal sealed partial class SeedRun
{
    private const int StoryAndHygieneDeals = 13;

    /// <summary>Deals written by hand: stories, hygiene problems, and every region's strategic deals.</summary>
    private static int PlantedDealCount()
    {
        var strategic = 0;
        for (var offset = DemoTime.FirstOffset; offset <= 1; offset++)
        {
            for (var r = 0; r < DemoWorld.Regions.Length; r++)
            {
                strategic += StrategicDealsIn(r, offset);
            }
        }

        return StoryAndHygieneDeals + strategic;
    }

    /// <summary>
    /// Two large deals per region per quarter, except in the last completed quarter: EMEA's two were Albion
    /// Mutual and Thameside Energy (which slipped) and APAC's usual two did not come (the Pacific Orbit
    /// expansion more than made up for them); one early-stage deal per region next quarter.
    /// </summary>
    private static int StrategicDealsIn(int region, int offset)
    {
        var id = DemoWorld.Regions[region].Id;
        return offset switch
        {
            -1 when id == DemoWorld.EmeaId => 0,
            -1 when id == DemoWorld.ApacId => 0,
            1 => 1,
            _ => DemoEconomics.StrategicPerQuarter,
        };
    }

    private void EmitPlantedDeals()
    {
        var alex = _world.Person(DemoWorld.AlexMorganName);
        var harriet = _world.Person(DemoWorld.HarrietColeName);
        var liam = _world.Person(DemoWorld.LiamWalshName);
        var jordan = _world.Person(DemoWorld.JordanReyesName);
        var emea = RegionExpectedBookings(RegionIndex(DemoWorld.EmeaId), -1);
        var apac = RegionExpectedBookings(RegionIndex(DemoWorld.ApacId), -1);
        var enterpriseSeat = SeatQuota(Segment.Enterprise, -1);
        var midMarketSeat = SeatQuota(Segment.MidMarket, -1);
        var t = _time;

        // Story 1: two large UK&I deals in Commit for the last completed quarter, pushed into this one at its end.
        Planted(DemoAccounts.AlbionMutual, alex, CorePlatform, NewBusiness, 1, t.Day(-3, 20), Discovery,
            DemoStories.AlbionMutualShareOfEmea * emea, t.Day(-1, 75), tl =>
            {
                tl.Stage(t.Day(-3, 60), Solution, Pipeline);
                tl.Stage(t.Day(-2, 30), Proposal, BestCase);
                tl.Stage(t.Day(-1, 10), Negotiation, Commit);
                tl.CloseDate(t.End(-1) - 8, t.OpenInCurrentQuarter(t.Day(0, 60)));
            });
        Planted(DemoAccounts.ThamesideEnergy, harriet, SecuritySuite, NewBusiness, 2, t.Day(-3, 35), Discovery,
            DemoStories.ThamesideEnergyShareOfEmea * emea, t.Day(-1, 60), tl =>
            {
                tl.Stage(t.Day(-3, 80), Solution, Pipeline);
                tl.Stage(t.Day(-2, 45), Proposal, BestCase);
                tl.Stage(t.Day(-1, 20), Negotiation, Commit);
                tl.CloseDate(t.End(-1) - 5, t.OpenInCurrentQuarter(t.Day(0, 70)));
            });

        // Story 2: APAC's expansion grew from 12% to 18% of the region's ordinary quarter and closed late in it.
        var expansionCents = DemoEconomics.DealCents(DemoStories.PacificOrbitShareOfApac * apac, Segment.Enterprise);
        Planted(DemoAccounts.PacificOrbitTelecom, liam, Analytics, Expansion, 0, t.Day(-2, 15), Discovery,
            0.12 * apac, t.Day(-1, 80), tl =>
            {
                tl.Stage(t.Day(-2, 50), Solution, BestCase);
                tl.Stage(t.Day(-1, 15), Proposal, BestCase);
                tl.Amount(t.Day(-1, 15), expansionCents);
                tl.Stage(t.Day(-1, 55), Negotiation, Commit);
                tl.Won(t.Day(-1, 84));
            });

        // Story 6: Jordan Reyes pulled two next-quarter deals into the last completed quarter.
        Planted(DemoAccounts.LakeshoreLogistics, jordan, Integrations, NewBusiness, 3, t.Day(-2, 50), Discovery,
            0.25 * midMarketSeat, t.Day(0, 30), tl =>
            {
                tl.Stage(t.Day(-2, 75), Solution, Pipeline);
                tl.Stage(t.Day(-1, 20), Proposal, BestCase);
                tl.Stage(t.Day(-1, 40), Negotiation, Commit);
                tl.Won(t.Day(-1, 62));
            });
        Planted(DemoAccounts.MidwestHealthPartners, jordan, CorePlatform, NewBusiness, 0, t.Day(-2, 65), Discovery,
            0.25 * midMarketSeat, t.Day(0, 45), tl =>
            {
                tl.Stage(t.Day(-1, 5), Solution, Pipeline);
                tl.Stage(t.Day(-1, 35), Proposal, BestCase);
                tl.Stage(t.Day(-1, 60), Negotiation, Commit);
                tl.Won(t.Day(-1, 80));
            });

        // Story 5: more of Alex Morgan's deals slipped; one of them has been pushed three times.
        Planted(DemoAccounts.KestrelRetailGroup, alex, Analytics, NewBusiness, 1, t.Day(-2, 40), Discovery,
            0.12 * enterpriseSeat, t.Day(-1, 50), tl =>
            {
                tl.Stage(t.Day(-2, 70), Solution, Pipeline);
                tl.Stage(t.Day(-1, 20), Proposal, BestCase);
                tl.CloseDate(t.Day(-1, 45), t.OpenInCurrentQuarter(t.Day(0, 50)));
            });
        Planted(DemoAccounts.HarboursideHealth, alex, PremiumSupport, Renewal, 0, t.Day(-2, 60), Discovery,
            0.12 * enterpriseSeat, t.Day(-1, 70), tl =>
            {
                tl.Stage(t.Day(-1, 10), Solution, Pipeline);
                tl.Stage(t.Day(-1, 40), Proposal, BestCase);
                tl.CloseDate(t.End(-1) - 3, t.OpenInCurrentQuarter(t.Day(0, 65)));
            });
        Planted(DemoAccounts.NorthgateCouncils, alex, Integrations, NewBusiness, 3, t.Day(-3, 10), Prospecting,
            0.1 * enterpriseSeat, t.Day(-2, 60), tl =>
            {
                tl.Stage(t.Day(-3, 50), Discovery, Pipeline);
                tl.CloseDate(t.Day(-2, 55), t.Day(-1, 30));
                tl.Stage(t.Day(-2, 70), Solution, Pipeline);
                tl.CloseDate(t.Day(-1, 25), t.Day(-1, 80));
                tl.CloseDate(t.Day(-1, 78), t.OpenInCurrentQuarter(t.Day(0, 75)));
            });

        // Hygiene: open deals whose close date has passed with no update, and one deal stalled for 150 days.
        (string Leaf, int Seat, int DaysPastDue)[] pastDue =
            [("T-NA-CA-E", 0, 6), ("T-NA-W-MTN", 0, 13), ("T-APAC-IN-N", 1, 21), ("T-LATAM-AND-CL", 1, 34)];
        foreach (var (leafId, seatIndex, daysPastDue) in pastDue)
        {
            var owner = CurrentHolder(leafId, seatIndex);
            var created = t.AsOfDay - 75;
            Planted(_accounts.BucketStart(owner.Leaf, owner.Segment), owner, CorePlatform, NewBusiness, 1, created, Discovery,
                DemoEconomics.MedianAmount[(int)owner.Segment], t.AsOfDay - daysPastDue, tl =>
                {
                    tl.Stage(created + 20, Solution, Pipeline);
                    tl.Stage(created + 40, Proposal, BestCase);
                });
        }

        var stalledOwner = CurrentHolder("T-NA-C-TX", 0);
        var stalledCreated = t.AsOfDay - 210;
        Planted(_accounts.BucketStart(stalledOwner.Leaf, Segment.Enterprise) + 1, stalledOwner, SecuritySuite, NewBusiness, 2,
            stalledCreated, Prospecting, DemoEconomics.MedianAmount[0], stalledCreated + 120, tl =>
            {
                tl.Stage(t.AsOfDay - 150, Discovery, Pipeline);
                tl.CloseDate(t.AsOfDay - 150, t.Day(1, 40));
            });

        EmitStrategicDeals();
    }

    private void EmitStrategicDeals()
    {
        for (var offset = DemoTime.FirstOffset; offset <= 1; offset++)
        {
            for (var r = 0; r < DemoWorld.Regions.Length; r++)
            {
                var count = StrategicDealsIn(r, offset);
                var expected = RegionExpectedBookings(r, offset);
                for (var k = 0; k < count; k++)
                {
                    var random = DemoRandom.For(_options.Seed, _nextOpportunityNumber, PlantedSalt);
                    var closeDay = offset switch
                    {
                        < 0 => _time.Day(offset, random.Between(55, _time.Days(offset) - 3)),
                        0 => _time.OpenInCurrentQuarter(_time.Day(0, random.Between(60, 85))),
                        _ => _time.Day(offset, random.Between(30, 80)),
                    };
                    var created = offset < 1
                        ? closeDay - random.Between(150, 240)
                        : _time.Day(-1, random.Between(10, 80));
                    var owner = StrategicOwner(r, (offset - DemoTime.FirstOffset) * 2 + k, created, closeDay);
                    var cycle = closeDay - created;
                    var won = offset < 0;
                    var product = random.Chance(0.6) ? CorePlatform : SecuritySuite;
                    var type = random.Chance(0.6) ? NewBusiness : Expansion;
                    var account = _accounts.BucketStart(owner.Leaf, Segment.Enterprise) + random.Next(_accounts.PerBucket);
                    var amount = DemoEconomics.StrategicShare * expected * random.Uniform(0.85, 1.15);
                    Planted(account, owner, product, type, random.Next(4), created, Discovery, amount, closeDay, tl =>
                    {
                        tl.Stage(created + (int)(cycle * 0.3), Solution, Pipeline);
                        tl.Stage(created + (int)(cycle * 0.55), Proposal, BestCase);
                        tl.Stage(created + (int)(cycle * 0.8), Negotiation, Commit);
                        if (won)
                        {
                            tl.Won(closeDay);
                        }
                    });
                }
            }
        }
    }

    /// <summary>Enterprise AEs of the region in rotation, skipping story reps and anyone not employed for the whole deal.</summary>
    private DemoPerson StrategicOwner(int region, int rotation, int created, int closeDay)
    {
        var candidates = new List<DemoPerson>();
        foreach (var ae in _aes)
        {
            if (ae.Segment == Segment.Enterprise && _world.Leaves[ae.Leaf].Region == region
                && ae.TerritoryId != DemoWorld.SaoPauloId && ae.Name != DemoWorld.AlexMorganName
                && !IsDachEnterprise(ae))
            {
                candidates.Add(ae);
            }
        }

        for (var i = 0; i < candidates.Count; i++)
        {
            var candidate = candidates[(rotation + i) % candidates.Count];
            if (candidate.WorksOn(created) && candidate.WorksOn(Math.Min(closeDay, _time.AsOfDay)))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("No enterprise AE available for a strategic deal.");
    }

    private DemoPerson CurrentHolder(string leafId, int seat) =>
        _world.People[_world.Seats[_world.Leaf(leafId).Seats[seat]].Holders[^1]];

    private void Planted(int account, DemoPerson owner, int product, int type, int leadSource, int createdDay, int stage,
        double amount, int closeDay, Action<DealTimeline> plan)
    {
        var id = NextOpportunityId();
        var random = DemoRandom.For(_options.Seed, _nextOpportunityNumber, PlantedSalt ^ 1);
        _timeline.Clear();
        plan(_timeline);
        var initial = new DealState
        {
            Stage = stage,
            Forecast = Pipeline,
            Cents = DemoEconomics.DealCents(amount, owner.Segment),
            CloseDay = closeDay,
        };
        var state = _timeline.Play(id, createdDay, initial, _time.AsOfDay, ref random);
        Emit(id, account, owner, product, type, leadSource, createdDay, state, LossCompetitor);
        _history += _timeline.WriteHistory(_sink);
    }
}
