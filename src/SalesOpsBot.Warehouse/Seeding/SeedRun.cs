using SalesOpsBot.Warehouse.Contract;

namespace SalesOpsBot.Warehouse.Seeding;

/// <summary>One generation: the world, the plan derived from it, then every row streamed into the sink.</summary>
internal sealed partial class SeedRun
{
    private const ulong RegularSalt = 0x0DEA_15UL;
    private const ulong PlantedSalt = 0x5707_1E5UL;
    private const int ProgressEvery = 4_096;

    private readonly SeedOptions _options;
    private readonly IContractRowSink _sink;
    private readonly IProgress<long>? _progress;
    private readonly CancellationToken _cancellationToken;
    private readonly DemoTime _time;
    private readonly DemoWorld _world;
    private readonly DemoAccounts _accounts;
    private readonly DealTimeline _timeline = new();

    // AEs by position ("slot") in DemoWorld.Aes.
    private readonly DemoPerson[] _aes;

    // Deal creation: weight of each AE on each day of the window; deals are spread over cumulative weight.
    private readonly int _dayCount;
    private readonly float[] _weights;
    private readonly double[] _cumulative;
    private readonly int _plannedCount;
    private readonly double _dealsPerWeightDay;

    // Share of a steady quarter's bookings that can exist, per segment and quarter (the window's first quarters ramp up).
    private readonly double[,] _warmup;

    private long _opportunities;
    private long _history;
    private int _quotas;
    private int _access;
    private int _nextOpportunityNumber = 1;

    public SeedRun(SeedOptions options, IContractRowSink sink, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        _options = options;
        _sink = sink;
        _progress = progress;
        _cancellationToken = cancellationToken;
        _time = new DemoTime(options.AsOf, options.FiscalYearStartMonth);
        _world = new DemoWorld(_time);
        _accounts = new DemoAccounts(_world, options.Opportunities);
        _aes = new DemoPerson[_world.Aes.Count];
        for (var i = 0; i < _aes.Length; i++)
        {
            _aes[i] = _world.People[_world.Aes[i]];
        }

        _dayCount = _time.AsOfDay - _time.WindowStartDay + 1;
        _weights = new float[_dayCount * _aes.Length];
        _cumulative = new double[_dayCount + 1];
        BuildWeights();
        _plannedCount = PlantedDealCount();
        _dealsPerWeightDay = (options.Opportunities - _plannedCount) / _cumulative[_dayCount];
        _warmup = BuildWarmup();
    }

    public SeedSummary Run()
    {
        foreach (var row in _world.Territories)
        {
            _sink.Add(row);
        }

        foreach (var product in DemoVocabulary.Products)
        {
            _sink.Add(product);
        }

        foreach (var person in _world.People)
        {
            _sink.Add(person.ToRow());
        }

        foreach (var account in _accounts.Rows)
        {
            _sink.Add(account);
        }

        EmitQuotas();
        EmitAccess();
        EmitPlantedDeals();
        EmitRegularDeals();
        _progress?.Report(_opportunities);

        return new SeedSummary(
            _world.Territories.Count, _world.People.Count, _accounts.Count, DemoVocabulary.Products.Length,
            _opportunities, _history, _quotas, _access, Stories());
    }

    private SeedStories Stories() => new(
        _time.Quarter(0).Label,
        _time.Quarter(-1).Label,
        _time.Quarter(-1).Start,
        _time.Quarter(-1).End,
        [DemoStories.AlbionMutualDealId, DemoStories.ThamesideEnergyDealId],
        DemoStories.PacificOrbitExpansionDealId,
        DemoWorld.SaoPauloId,
        _world.Person(DemoWorld.RafaelSouzaName).RepId,
        _world.Person(DemoWorld.JordanReyesName).RepId,
        [DemoStories.LakeshoreLogisticsDealId, DemoStories.MidwestHealthDealId],
        [DemoStories.AlbionMutualDealId, DemoStories.KestrelRetailDealId, DemoStories.HarboursideHealthDealId,
            DemoStories.NorthgateCouncilsDealId],
        DemoStories.PastDueDealIds,
        DemoStories.StalledDealId);

    /// <summary>Relative deal flow of AE slot <paramref name="slot"/> on day <paramref name="day"/> (0 when not employed).</summary>
    private double Weight(int slot, int day)
    {
        var ae = _aes[slot];
        if (!ae.WorksOn(day))
        {
            return 0;
        }

        var weight = DemoEconomics.DealRate[(int)ae.Segment] * DemoEconomics.Ramp(day - ae.HireDay);
        if (IsNaSmb(ae) && _time.InQuarter(day, -1))
        {
            weight *= DemoStories.NaSmbCreationFactor;
        }

        return weight;
    }

    private void BuildWeights()
    {
        var total = 0.0;
        for (var d = 0; d < _dayCount; d++)
        {
            _cumulative[d] = total;
            var day = _time.WindowStartDay + d;
            for (var slot = 0; slot < _aes.Length; slot++)
            {
                var weight = (float)Weight(slot, day);
                _weights[d * _aes.Length + slot] = weight;
                total += weight;
            }
        }

        _cumulative[_dayCount] = total;
    }

    private double[,] BuildWarmup()
    {
        const int Samples = 8_192;
        var quarters = DemoTime.LastQuotaOffset - DemoTime.FirstOffset + 1;
        var warmup = new double[DemoVocabulary.SegmentNames.Length, quarters];
        var cycles = new int[Samples];
        for (var segment = 0; segment < DemoVocabulary.SegmentNames.Length; segment++)
        {
            var random = DemoRandom.For(0, segment, 0xC7C1EUL);
            for (var i = 0; i < Samples; i++)
            {
                cycles[i] = DemoEconomics.WonCycleDays(ref random, (Segment)segment);
            }

            Array.Sort(cycles);
            for (var q = 0; q < quarters; q++)
            {
                var offset = DemoTime.FirstOffset + q;
                var reachable = 0.0;
                for (var day = _time.Start(offset); day <= _time.End(offset); day++)
                {
                    // Share of won deals closing on this day whose cycle is short enough to start inside the window.
                    reachable += CountAtMost(cycles, day - _time.WindowStartDay) / (double)Samples;
                }

                warmup[segment, q] = reachable / _time.Days(offset);
            }
        }

        return warmup;
    }

    private static int CountAtMost(int[] sorted, int limit)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (sorted[middle] <= limit)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private bool IsNaSmb(DemoPerson ae) =>
        ae.Segment == Segment.Smb && _world.Leaves[ae.Leaf].Region == RegionIndex(DemoWorld.NaId);

    private bool IsDachEnterprise(DemoPerson ae) =>
        ae.Segment == Segment.Enterprise && _world.SubRegionIds[_world.Leaves[ae.Leaf].SubRegion] == DemoWorld.DachId;

    private static int RegionIndex(string regionId) => Array.FindIndex(DemoWorld.Regions, r => r.Id == regionId);

    /// <summary>Expected ordinary bookings of one fully ramped seat of <paramref name="segment"/> in a quarter.</summary>
    private double SeatExpectedBookings(Segment segment, int quarterOffset) =>
        _dealsPerWeightDay * _time.Days(quarterOffset) * DemoEconomics.DealRate[(int)segment]
        * DemoEconomics.ExpectedBookingsPerDeal(segment)
        * (quarterOffset <= DemoTime.LastQuotaOffset ? _warmup[(int)segment, quarterOffset - DemoTime.FirstOffset] : 1);

    /// <summary>A full seat's quota: its expected bookings plus its share of strategic deals, over the planned attainment.</summary>
    private double SeatQuota(Segment segment, int quarterOffset) =>
        SeatExpectedBookings(segment, quarterOffset) * (1 + DemoEconomics.StrategicPerQuarter * DemoEconomics.StrategicShare)
        / DemoEconomics.ExpectedRepAttainment;

    /// <summary>Expected ordinary bookings of a region's seats (filled or not) in a quarter.</summary>
    private double RegionExpectedBookings(int region, int quarterOffset)
    {
        var total = 0.0;
        foreach (var seat in _world.Seats)
        {
            if (_world.Leaves[seat.Leaf].Region == region && seat.OpenDay <= _time.End(quarterOffset))
            {
                total += SeatExpectedBookings(seat.Segment, quarterOffset);
            }
        }

        return total;
    }

    private string NextOpportunityId() => $"O-{_nextOpportunityNumber++:D7}";

    private void Emit(string id, int account, DemoPerson owner, int product, int type, int leadSource, int createdDay,
        in DealState state, string? lossReason)
    {
        var name = string.Concat(_accounts.Name(account), " - ", DemoVocabulary.Products[product].Name,
            DemoVocabulary.TypeWords[type]);
        _sink.Add(new OpportunityRow(
            id, name, _accounts.Id(account), owner.RepId, owner.TerritoryId, DemoVocabulary.Products[product].ProductId,
            DemoVocabulary.Types[type], DemoVocabulary.LeadSources[leadSource], DateOnly.FromDayNumber(createdDay),
            DateOnly.FromDayNumber(state.CloseDay), DemoVocabulary.Stages[state.Stage],
            DemoVocabulary.Forecasts[state.Forecast], DealTimeline.Money(state.Cents), state.IsClosed, state.IsWon,
            state.IsClosed && !state.IsWon ? lossReason ?? DemoVocabulary.LossNoDecision : null));
        _opportunities++;
        if (_opportunities % ProgressEvery == 0)
        {
            _progress?.Report(_opportunities);
            _cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private void EmitAccess()
    {
        var principals = new UserAccessRow[]
        {
            new(DemoPrincipals.Admin, ContractValues.RoleAdmin, null, null),
            new(DemoPrincipals.Cro, ContractValues.RoleAdmin, null, null),
            new(DemoPrincipals.EmeaLeader, ContractValues.RoleLeader, DemoWorld.EmeaId, null),
            new(DemoPrincipals.DachLeader, ContractValues.RoleLeader, DemoWorld.DachId, null),
            new(DemoPrincipals.UkiManager, ContractValues.RoleManager, null, _world.Person(DemoWorld.UkiManagerName).RepId),
            new(DemoPrincipals.AlexMorganRep, ContractValues.RoleRep, null, _world.Person(DemoWorld.AlexMorganName).RepId),
        };
        foreach (var row in principals)
        {
            _sink.Add(row);
            _access++;
        }
    }
}
