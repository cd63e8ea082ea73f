using SalesOpsBot.Warehouse.Contract;

namespace SalesOpsBot.Warehouse.Seeding;

internal sealed record LeafSpec(string Id, string Name, string[] Countries, string Seats, string? Manager = null, string?[]? Holders = null);

internal sealed record SubRegionSpec(string Id, string Name, string Director, LeafSpec[] Leaves);

internal sealed record RegionSpec(string Id, string Name, string Vp, string[] FirstNames, string[] LastNames, SubRegionSpec[] SubRegions);

/// <summary>An AE seat that was vacated: by whom it is refilled (if at all), all relative to the as-of quarter.</summary>
internal sealed record TurnoverSpec(string LeafId, int Seat, int LeaveOffset, int LeaveDay, int? HireOffset = null, int HireDay = 0);

/// <summary>A new seat opened recently (its rep is ramping).</summary>
internal sealed record GrowthSpec(string LeafId, Segment Segment, int HireOffset, int HireDay);

internal sealed class DemoPerson
{
    public required int Index { get; init; }
    public required string RepId { get; init; }
    public required string Name { get; init; }
    public required string Email { get; init; }
    public required string Role { get; init; }
    public required string TerritoryId { get; init; }
    public string? ManagerId { get; set; }
    public required int HireDay { get; init; }
    public int? EndDay { get; set; }

    // AE only
    public Segment Segment { get; init; }
    public int Leaf { get; init; } = -1;
    public int Seat { get; init; } = -1;

    public bool IsAe => Leaf >= 0;

    public bool WorksOn(int day) => day >= HireDay && (EndDay is null || day <= EndDay.Value);

    public RepRow ToRow() => new(RepId, Name, Email, ManagerId, TerritoryId, Role, DateOnly.FromDayNumber(HireDay),
        EndDay is { } end ? DateOnly.FromDayNumber(end) : null);
}

internal sealed class DemoLeaf
{
    public required int Index { get; init; }
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string[] Countries { get; init; }
    public required int Region { get; init; }
    public required int SubRegion { get; init; }
    public required string ManagerId { get; set; }
    public List<int> Seats { get; } = [];
}

internal sealed class DemoSeat
{
    public required int Index { get; init; }
    public required int Leaf { get; init; }
    public required Segment Segment { get; init; }

    /// <summary>Seats planned before the demo window have <see cref="int.MinValue"/>.</summary>
    public required int OpenDay { get; init; }

    /// <summary>People who held the seat, in order (AE indexes into <see cref="DemoWorld.People"/>).</summary>
    public List<int> Holders { get; } = [];
}

/// <summary>
/// The fixed demo world of demo-world.md: hierarchy, people, seats and turnover. It does not depend on
/// the seed (names are stable across seeds); dates are relative to the as-of quarter.
/// </summary>
internal sealed class DemoWorld
{
    public const string RootId = "T-GLOBAL";

    // Story people and places (DemoPrincipals and DemoStories expose their ids).
    public const string CroName = "Dana Whitfield";
    public const string EmeaVpName = "Sophie Laurent";
    public const string DachDirectorName = "Markus Weber";
    public const string UkiManagerName = "Oliver Hughes";
    public const string AlexMorganName = "Alex Morgan";
    public const string AlexChenName = "Alex Chen";
    public const string LenaVogelName = "Lena Vogel";
    public const string HarrietColeName = "Harriet Cole";
    public const string LiamWalshName = "Liam Walsh";
    public const string JordanReyesName = "Jordan Reyes";
    public const string RafaelSouzaName = "Rafael Souza";

    public const string UkSouthId = "T-EMEA-UKI-S";
    public const string UkNorthId = "T-EMEA-UKI-N";
    public const string DachId = "T-EMEA-DACH";
    public const string AustraliaId = "T-APAC-ANZ-AU";
    public const string GreatLakesId = "T-NA-C-GL";
    public const string SaoPauloId = "T-LATAM-BR-SP";
    public const string EmeaId = "T-EMEA";
    public const string ApacId = "T-APAC";
    public const string NaId = "T-NA";

    private static readonly string[] NaFirst =
    [
        "James", "Emily", "Michael", "Sarah", "David", "Jessica", "Chris", "Ashley", "Matthew", "Amanda", "Daniel",
        "Lauren", "Andrew", "Rachel", "Brian", "Nicole", "Kevin", "Hannah", "Jason", "Olivia", "Ethan", "Madison",
        "Noah", "Abigail", "Logan", "Chloe", "Nathan", "Taylor",
    ];

    private static readonly string[] NaLast =
    [
        "Johnson", "Williams", "Brown", "Miller", "Davis", "Wilson", "Anderson", "Thomas", "Moore", "Martin", "Jackson",
        "Thompson", "White", "Harris", "Clark", "Lewis", "Walker", "Hall", "Allen", "Young", "King", "Wright", "Scott",
        "Green", "Baker", "Adams", "Nelson", "Carter", "Mitchell", "Campbell", "Parker", "Collins", "Stewart", "Bennett",
    ];

    private static readonly string[] EmeaFirst =
    [
        "Thomas", "Anna", "Lukas", "Sophie", "Felix", "Hannah", "Jonas", "Laura", "Maximilian", "Julia", "Pierre",
        "Camille", "Antoine", "Chloe", "Hugo", "Manon", "Lars", "Ingrid", "Magnus", "Freya", "Marco", "Giulia", "Luca",
        "Elena", "Pablo", "Carmen", "Daan", "Sanne", "Niamh", "Conor", "George", "Amelia", "Harry", "Isla", "Oscar", "Emma",
    ];

    private static readonly string[] EmeaLast =
    [
        "Schmidt", "Fischer", "Becker", "Hoffmann", "Schulz", "Koch", "Richter", "Wolf", "Dubois", "Lefebvre", "Bernard",
        "Petit", "Lambert", "Johansson", "Nilsson", "Larsen", "Hansen", "Virtanen", "Bianchi", "Ferrari", "Esposito",
        "Garcia", "Fernandez", "Lopez", "Jansen", "de Jong", "Peeters", "Kelly", "Walsh", "Smith", "Jones", "Davies",
        "Wright", "Fletcher", "Price",
    ];

    private static readonly string[] ApacFirst =
    [
        "Kenji", "Yuki", "Hiroshi", "Aiko", "Takeshi", "Sakura", "Priya", "Rahul", "Ananya", "Vikram", "Neha", "Rohan",
        "Siti", "Ahmad", "Nurul", "Mei", "Jun", "Hui Min", "Olivia", "Jack", "Charlotte", "Ruby", "Cooper", "Isabella",
        "Lachlan",
    ];

    private static readonly string[] ApacLast =
    [
        "Tanaka", "Suzuki", "Takahashi", "Yamamoto", "Nakamura", "Kobayashi", "Sharma", "Patel", "Gupta", "Iyer", "Reddy",
        "Nair", "Lim", "Ng", "Tan", "Wong", "Rahman", "Santoso", "Wilson", "Smith", "Brown", "Taylor", "Kelly", "Nguyen",
    ];

    private static readonly string[] LatamFirst =
    [
        "Lucas", "Gabriel", "Mariana", "Fernanda", "Juliana", "Pedro", "Larissa", "Mateo", "Sofia", "Santiago",
        "Valeria", "Sebastian", "Daniela", "Andres", "Paula", "Joaquin", "Isabela", "Tomas", "Renata",
    ];

    private static readonly string[] LatamLast =
    [
        "Silva", "Santos", "Oliveira", "Pereira", "Lima", "Almeida", "Gomez", "Rodriguez", "Martinez", "Lopez", "Sanchez",
        "Ramirez", "Flores", "Castro", "Vargas", "Morales", "Ortiz", "Mendoza", "Ruiz", "Herrera",
    ];

    // Seats: one letter per AE seat, E = Enterprise, M = Mid-Market, S = SMB. Holders name the fixed AEs by seat.
    public static readonly RegionSpec[] Regions =
    [
        new("T-NA", "NA", "Grace Sullivan", NaFirst, NaLast,
        [
            new("T-NA-W", "US West", "Ryan Cooper",
            [
                new("T-NA-W-PNW", "Pacific Northwest", ["US"], "EMS"),
                new("T-NA-W-CA", "California", ["US"], "EMS", Holders: [null, AlexChenName]),
                new("T-NA-W-MTN", "Mountain", ["US"], "MS"),
            ]),
            new("T-NA-E", "US East", "Megan Brooks",
            [
                new("T-NA-E-NE", "New England", ["US"], "EMS"),
                new("T-NA-E-MA", "Mid-Atlantic", ["US"], "EMS"),
                new("T-NA-E-SE", "Southeast", ["US"], "EMS"),
            ]),
            new("T-NA-C", "Central", "Tyler Hayes",
            [
                new(GreatLakesId, "Great Lakes", ["US"], "EMS", Holders: [null, JordanReyesName]),
                new("T-NA-C-TX", "Texas", ["US"], "EMS"),
            ]),
            new("T-NA-CA", "Canada", "Claire Tremblay",
            [
                new("T-NA-CA-E", "Canada East", ["CA"], "EMS"),
                new("T-NA-CA-W", "Canada West", ["CA"], "MS"),
            ]),
        ]),
        new(EmeaId, "EMEA", EmeaVpName, EmeaFirst, EmeaLast,
        [
            new("T-EMEA-UKI", "UK&I", "Charlotte Evans",
            [
                new(UkNorthId, "UK North", ["GB"], "EMS", Holders: [HarrietColeName]),
                new(UkSouthId, "UK South", ["GB"], "EEMS", UkiManagerName, [AlexMorganName]),
                new("T-EMEA-UKI-IE", "Ireland", ["IE"], "EM"),
            ]),
            new(DachId, "DACH", DachDirectorName,
            [
                new("T-EMEA-DACH-GN", "Germany North", ["DE"], "EEMS"),
                new("T-EMEA-DACH-GS", "Germany South", ["DE"], "EEM", Holders: [LenaVogelName]),
                new("T-EMEA-DACH-AT", "Austria & Switzerland", ["AT", "CH"], "EMS"),
            ]),
            new("T-EMEA-FR", "France", "Julien Moreau",
            [
                new("T-EMEA-FR-N", "France North", ["FR"], "EMS"),
                new("T-EMEA-FR-S", "France South", ["FR"], "EM"),
            ]),
            new("T-EMEA-NOR", "Nordics", "Erik Lindqvist",
            [
                new("T-EMEA-NOR-SN", "Sweden & Norway", ["SE", "NO"], "EMS"),
                new("T-EMEA-NOR-DF", "Denmark & Finland", ["DK", "FI"], "EM"),
            ]),
            new("T-EMEA-SE", "Southern Europe", "Lucia Romano",
            [
                new("T-EMEA-SE-IB", "Iberia", ["ES", "PT"], "EMS"),
                new("T-EMEA-SE-IT", "Italy", ["IT"], "EMS"),
            ]),
            new("T-EMEA-BNL", "Benelux", "Pieter de Vries",
            [
                new("T-EMEA-BNL-NL", "Netherlands", ["NL"], "EMS"),
                new("T-EMEA-BNL-BL", "Belgium & Luxembourg", ["BE", "LU"], "MS"),
            ]),
        ]),
        new(ApacId, "APAC", "Kenji Watanabe", ApacFirst, ApacLast,
        [
            new("T-APAC-ANZ", "ANZ", "Mia Thompson",
            [
                new(AustraliaId, "Australia", ["AU"], "EEMS", Holders: [LiamWalshName]),
                new("T-APAC-ANZ-NZ", "New Zealand", ["NZ"], "MS"),
            ]),
            new("T-APAC-JP", "Japan", "Haruto Sato",
            [
                new("T-APAC-JP-E", "Japan East", ["JP"], "EMS"),
                new("T-APAC-JP-W", "Japan West", ["JP"], "EM"),
            ]),
            new("T-APAC-SEA", "Southeast Asia", "Wei Ling Tan",
            [
                new("T-APAC-SEA-SM", "Singapore & Malaysia", ["SG", "MY"], "EMS"),
                new("T-APAC-SEA-IT", "Indonesia & Thailand", ["ID", "TH"], "MS"),
            ]),
            new("T-APAC-IN", "India", "Arjun Mehta",
            [
                new("T-APAC-IN-N", "India North", ["IN"], "EMS"),
                new("T-APAC-IN-S", "India South", ["IN"], "EMS"),
            ]),
        ]),
        new("T-LATAM", "LATAM", "Camila Torres", LatamFirst, LatamLast,
        [
            new("T-LATAM-BR", "Brazil", "Beatriz Costa",
            [
                new(SaoPauloId, "Sao Paulo", ["BR"], "EMS", Holders: [RafaelSouzaName]),
                new("T-LATAM-BR-RN", "Rio & North", ["BR"], "MS"),
            ]),
            new("T-LATAM-MX", "Mexico", "Diego Hernandez",
            [
                new("T-LATAM-MX-C", "Mexico Central", ["MX"], "EMS"),
                new("T-LATAM-MX-N", "Mexico North", ["MX"], "MS"),
            ]),
            new("T-LATAM-AND", "Andean", "Valentina Rojas",
            [
                new("T-LATAM-AND-CP", "Colombia & Peru", ["CO", "PE"], "EMS"),
                new("T-LATAM-AND-CL", "Chile", ["CL"], "MS"),
            ]),
        ]),
    ];

    /// <summary>Story 4: Rafael Souza (Enterprise, Sao Paulo) left 40 days into the quarter before last; nobody replaced him.</summary>
    public static readonly TurnoverSpec VacantSeat = new(SaoPauloId, 0, -2, 40);

    // Ordinary turnover: seats refilled after a gap; the refills hired in the last two quarters are ramping.
    private static readonly TurnoverSpec[] Refills =
    [
        VacantSeat,
        new("T-NA-E-SE", 2, -6, 20, -6, 75),
        new("T-LATAM-MX-N", 1, -9, 10, -8, 30),
        new("T-EMEA-BNL-NL", 2, -7, 50, -6, 40),
        new("T-APAC-JP-E", 2, -3, 30, -2, 20),
        new("T-NA-CA-W", 0, -1, 15, 0, 5),
    ];

    private static readonly GrowthSpec[] Growth =
    [
        new("T-APAC-IN-S", Segment.MidMarket, -1, 20),
        new("T-NA-W-CA", Segment.Smb, -2, 50),
    ];

    public DemoWorld(DemoTime time)
    {
        Time = time;
        Build();
    }

    public DemoTime Time { get; }

    public List<TerritoryRow> Territories { get; } = [];

    /// <summary>Region index of every sub-region, in <see cref="SubRegionIds"/> order.</summary>
    public List<int> SubRegionRegion { get; } = [];

    public List<string> SubRegionIds { get; } = [];

    public List<DemoPerson> People { get; } = [];

    public List<DemoLeaf> Leaves { get; } = [];

    public List<DemoSeat> Seats { get; } = [];

    /// <summary>Indexes into <see cref="People"/> of everyone who ever held an AE seat.</summary>
    public List<int> Aes { get; } = [];

    public DemoPerson Person(string name) => People.First(p => p.Name == name);

    public DemoLeaf Leaf(string id) => Leaves.First(l => l.Id == id);

    private void Build()
    {
        // Names come from a fixed stream (not the seed): the people are the same whatever the seed.
        var names = new NamePicker(DemoRandom.For(0, 0, 0x5EED_0F_4A3E5UL), FixedNames());
        var window = Time.WindowStartDay;
        var veteran = DemoRandom.For(0, 1, 0x417E_DA7EUL);
        int VeteranHire(int minDaysBefore) => window - veteran.Between(minDaysBefore, minDaysBefore + 1500);

        Territories.Add(new TerritoryRow(RootId, "Global", null, "Company"));
        var cro = AddPerson(names.Fixed(CroName), "VP", RootId, null, VeteranHire(200));

        for (var r = 0; r < Regions.Length; r++)
        {
            var region = Regions[r];
            Territories.Add(new TerritoryRow(region.Id, region.Name, RootId, "Region"));
            var vp = AddPerson(names.Fixed(region.Vp), "VP", region.Id, cro.RepId, VeteranHire(150));
            foreach (var sub in region.SubRegions)
            {
                var subIndex = SubRegionIds.Count;
                SubRegionIds.Add(sub.Id);
                SubRegionRegion.Add(r);
                Territories.Add(new TerritoryRow(sub.Id, sub.Name, region.Id, "Sub-region"));
                var director = AddPerson(names.Fixed(sub.Director), "Director", sub.Id, vp.RepId, VeteranHire(100));
                foreach (var leafSpec in sub.Leaves)
                {
                    Territories.Add(new TerritoryRow(leafSpec.Id, leafSpec.Name, sub.Id, "Territory"));
                    var managerName = leafSpec.Manager is { } m
                        ? names.Fixed(m)
                        : names.Next(region.FirstNames, region.LastNames);
                    var manager = AddPerson(managerName, "Manager", leafSpec.Id, director.RepId, VeteranHire(60));
                    var leaf = new DemoLeaf
                    {
                        Index = Leaves.Count,
                        Id = leafSpec.Id,
                        Name = leafSpec.Name,
                        Countries = leafSpec.Countries,
                        Region = r,
                        SubRegion = subIndex,
                        ManagerId = manager.RepId,
                    };
                    Leaves.Add(leaf);
                    for (var s = 0; s < leafSpec.Seats.Length; s++)
                    {
                        var seat = AddSeat(leaf, ParseSegment(leafSpec.Seats[s]), int.MinValue);
                        var holder = leafSpec.Holders is { } h && s < h.Length ? h[s] : null;
                        var aeName = holder is null ? names.Next(region.FirstNames, region.LastNames) : names.Fixed(holder);
                        AddAe(aeName, seat, VeteranHire(30));
                    }
                }
            }
        }

        foreach (var turnover in Refills)
        {
            var leaf = Leaf(turnover.LeafId);
            var seat = Seats[leaf.Seats[turnover.Seat]];
            var leaver = People[seat.Holders[^1]];
            leaver.EndDay = Math.Min(Time.Day(turnover.LeaveOffset, turnover.LeaveDay), Time.AsOfDay - 1);
            if (turnover.HireOffset is { } hireOffset)
            {
                var hire = Math.Min(Time.Day(hireOffset, turnover.HireDay), Time.AsOfDay);
                var region = Regions[leaf.Region];
                AddAe(names.Next(region.FirstNames, region.LastNames), seat, hire);
            }
        }

        foreach (var growth in Growth)
        {
            var leaf = Leaf(growth.LeafId);
            var hire = Math.Min(Time.Day(growth.HireOffset, growth.HireDay), Time.AsOfDay);
            var seat = AddSeat(leaf, growth.Segment, hire);
            var region = Regions[leaf.Region];
            AddAe(names.Next(region.FirstNames, region.LastNames), seat, hire);
        }
    }

    private static IEnumerable<string> FixedNames()
    {
        yield return CroName;
        foreach (var region in Regions)
        {
            yield return region.Vp;
            foreach (var sub in region.SubRegions)
            {
                yield return sub.Director;
                foreach (var leaf in sub.Leaves)
                {
                    if (leaf.Manager is { } manager)
                    {
                        yield return manager;
                    }

                    foreach (var holder in leaf.Holders ?? [])
                    {
                        if (holder is not null)
                        {
                            yield return holder;
                        }
                    }
                }
            }
        }
    }

    private DemoSeat AddSeat(DemoLeaf leaf, Segment segment, int openDay)
    {
        var seat = new DemoSeat { Index = Seats.Count, Leaf = leaf.Index, Segment = segment, OpenDay = openDay };
        Seats.Add(seat);
        leaf.Seats.Add(seat.Index);
        return seat;
    }

    private void AddAe(string name, DemoSeat seat, int hireDay)
    {
        var leaf = Leaves[seat.Leaf];
        var ae = new DemoPerson
        {
            Index = People.Count,
            RepId = RepId(People.Count),
            Name = name,
            Email = Email(name),
            Role = "AE",
            TerritoryId = leaf.Id,
            ManagerId = leaf.ManagerId,
            HireDay = hireDay,
            Segment = seat.Segment,
            Leaf = leaf.Index,
            Seat = seat.Index,
        };
        People.Add(ae);
        Aes.Add(ae.Index);
        seat.Holders.Add(ae.Index);
    }

    private DemoPerson AddPerson(string name, string role, string territoryId, string? managerId, int hireDay)
    {
        var person = new DemoPerson
        {
            Index = People.Count,
            RepId = RepId(People.Count),
            Name = name,
            Email = Email(name),
            Role = role,
            TerritoryId = territoryId,
            ManagerId = managerId,
            HireDay = hireDay,
        };
        People.Add(person);
        return person;
    }

    private static string RepId(int index) => $"R-{index + 1:D4}";

    private static Segment ParseSegment(char code) => code switch
    {
        'E' => Segment.Enterprise,
        'M' => Segment.MidMarket,
        'S' => Segment.Smb,
        _ => throw new InvalidOperationException($"Unknown seat code {code}."),
    };

    public static string Email(string name)
    {
        var space = name.IndexOf(' ', StringComparison.Ordinal);
        return $"{Letters(name[..space])}.{Letters(name[(space + 1)..])}@example.com";

        static string Letters(string part) =>
            string.Concat(part.Where(char.IsAsciiLetter)).ToLowerInvariant();
    }

    /// <summary>Unique first/last combinations; "Alex" is reserved for the two story AEs.</summary>
    private sealed class NamePicker
    {
        private readonly HashSet<string> _emails = new(StringComparer.Ordinal);
        private readonly HashSet<string> _reserved = new(StringComparer.Ordinal);
        private DemoRandom _random;

        public NamePicker(DemoRandom random, IEnumerable<string> fixedNames)
        {
            _random = random;
            foreach (var name in fixedNames)
            {
                if (!_reserved.Add(Email(name)))
                {
                    throw new InvalidOperationException($"Duplicate demo name {name}.");
                }
            }
        }

        public string Fixed(string name) =>
            _reserved.Contains(Email(name)) && _emails.Add(Email(name))
                ? name
                : throw new InvalidOperationException($"Demo name {name} is not reserved or used twice.");

        public string Next(string[] firstNames, string[] lastNames)
        {
            while (true)
            {
                var name = $"{firstNames[_random.Next(firstNames.Length)]} {lastNames[_random.Next(lastNames.Length)]}";
                if (!_reserved.Contains(Email(name)) && _emails.Add(Email(name)))
                {
                    return name;
                }
            }
        }
    }
}
