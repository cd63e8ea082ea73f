using SalesOpsBot.Warehouse.Contract;

namespace SalesOpsBot.Warehouse.Seeding;

/// <summary>A named account planted for a story (its deals are described in docs/demo-data.md).</summary>
internal sealed record StoryAccount(string Name, string Country, string Industry, Segment Segment);

/// <summary>
/// Accounts: the story accounts first, then a bucket of ordinary accounts per (leaf territory, segment),
/// sized with the scale so the deals per account stay realistic. Ids and names are kept (a few MB at 1M deals)
/// because every deal names its account.
/// </summary>
internal sealed class DemoAccounts
{
    public static readonly StoryAccount[] Story =
    [
        new("Albion Mutual", "GB", "Financial Services", Segment.Enterprise),
        new("Thameside Energy", "GB", "Energy", Segment.Enterprise),
        new("Pacific Orbit Telecom", "AU", "Telecommunications", Segment.Enterprise),
        new("Lakeshore Logistics", "US", "Logistics", Segment.MidMarket),
        new("Midwest Health Partners", "US", "Healthcare", Segment.MidMarket),
        new("Kestrel Retail Group", "GB", "Retail", Segment.Enterprise),
        new("Harbourside Health", "GB", "Healthcare", Segment.Enterprise),
        new("Northgate Councils", "GB", "Public Sector", Segment.Enterprise),
    ];

    public const int AlbionMutual = 0;
    public const int ThamesideEnergy = 1;
    public const int PacificOrbitTelecom = 2;
    public const int LakeshoreLogistics = 3;
    public const int MidwestHealthPartners = 4;
    public const int KestrelRetailGroup = 5;
    public const int HarboursideHealth = 6;
    public const int NorthgateCouncils = 7;

    private static readonly string[] Prefixes =
    [
        "Northwind", "Bluewater", "Summit", "Granite", "Silverline", "Redwood", "Ironbridge", "Crescent", "Harbor",
        "Evergreen", "Pinnacle", "Meridian", "Atlas", "Horizon", "Keystone", "Lakeside", "Oakridge", "Riverstone",
        "Sterling", "Vanguard", "Beacon", "Cobalt", "Falcon", "Juniper", "Maple", "Orion", "Polaris", "Quantum",
        "Sapphire", "Trident", "Union", "Westbrook", "Zenith", "Alder", "Brightpath", "Cedar", "Delta", "Everest",
        "Fairview", "Goldcrest", "Highland", "Ivory", "Jasper", "Kingsway", "Lighthouse", "Monarch", "Northstar",
        "Oceanic", "Prairie", "Rainier",
    ];

    private static readonly (string Noun, int Industry)[] Nouns =
    [
        ("Bank", 0), ("Capital", 0), ("Insurance", 0), ("Health", 1), ("Medical", 1), ("Pharma", 1),
        ("Manufacturing", 2), ("Industries", 2), ("Motors", 2), ("Retail", 3), ("Stores", 3), ("Foods", 3),
        ("Software", 4), ("Systems", 4), ("Digital", 4), ("Telecom", 5), ("Networks", 5), ("Energy", 6),
        ("Power", 6), ("Utilities", 6), ("Authority", 7), ("Agency", 7), ("Media", 8), ("Studios", 8),
        ("Publishing", 8), ("Logistics", 9), ("Freight", 9), ("Shipping", 9),
    ];

    private static readonly Dictionary<string, string> LegalSuffix = new(StringComparer.Ordinal)
    {
        ["US"] = "Inc.",
        ["CA"] = "Ltd.",
        ["GB"] = "Ltd",
        ["IE"] = "Ltd",
        ["DE"] = "GmbH",
        ["AT"] = "GmbH",
        ["CH"] = "AG",
        ["FR"] = "SAS",
        ["SE"] = "AB",
        ["NO"] = "AS",
        ["DK"] = "A/S",
        ["FI"] = "Oy",
        ["ES"] = "S.L.",
        ["PT"] = "Lda",
        ["IT"] = "S.p.A.",
        ["NL"] = "B.V.",
        ["BE"] = "NV",
        ["LU"] = "S.A.",
        ["AU"] = "Pty Ltd",
        ["NZ"] = "Ltd",
        ["JP"] = "K.K.",
        ["SG"] = "Pte Ltd",
        ["MY"] = "Sdn Bhd",
        ["ID"] = "Tbk",
        ["TH"] = "Co., Ltd.",
        ["IN"] = "Pvt Ltd",
        ["BR"] = "Ltda",
        ["MX"] = "S.A. de C.V.",
        ["CO"] = "S.A.S.",
        ["PE"] = "S.A.C.",
        ["CL"] = "SpA",
    };

    private readonly string[] _ids;
    private readonly string[] _names;

    public DemoAccounts(DemoWorld world, int opportunities)
    {
        PerBucket = Math.Max(12, opportunities / 1_000);
        var buckets = world.Leaves.Count * DemoVocabulary.SegmentNames.Length;
        Count = Story.Length + buckets * PerBucket;
        _ids = new string[Count];
        _names = new string[Count];
        Rows = new AccountRow[Count];
        for (var i = 0; i < Story.Length; i++)
        {
            var story = Story[i];
            Set(i, story.Name, DemoVocabulary.SegmentNames[(int)story.Segment], story.Industry, story.Country);
        }

        // Country and segment come from the bucket; the name walks every prefix/noun pair before repeating.
        for (var leaf = 0; leaf < world.Leaves.Count; leaf++)
        {
            var countries = world.Leaves[leaf].Countries;
            for (var segment = 0; segment < DemoVocabulary.SegmentNames.Length; segment++)
            {
                for (var k = 0; k < PerBucket; k++)
                {
                    var index = BucketStart(leaf, (Segment)segment) + k;
                    var ordinal = index - Story.Length;
                    var country = countries[k % countries.Length];
                    var prefix = Prefixes[ordinal % Prefixes.Length];
                    var (noun, industry) = Nouns[(ordinal / Prefixes.Length + ordinal) % Nouns.Length];
                    var round = ordinal / (Prefixes.Length * Nouns.Length);
                    var name = round == 0
                        ? $"{prefix} {noun} {LegalSuffix[country]}"
                        : $"{prefix} {noun} {round + 1} {LegalSuffix[country]}";
                    Set(index, name, DemoVocabulary.SegmentNames[segment], DemoVocabulary.Industries[industry], country);
                }
            }
        }
    }

    public int Count { get; }

    public int PerBucket { get; }

    public AccountRow[] Rows { get; }

    public int BucketStart(int leaf, Segment segment) =>
        Story.Length + (leaf * DemoVocabulary.SegmentNames.Length + (int)segment) * PerBucket;

    public string Id(int index) => _ids[index];

    public string Name(int index) => _names[index];

    private void Set(int index, string name, string segment, string industry, string country)
    {
        _ids[index] = $"A-{index + 1:D6}";
        _names[index] = name;
        Rows[index] = new AccountRow(_ids[index], name, segment, industry, country);
    }
}
