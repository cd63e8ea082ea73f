namespace SalesOpsBot.Warehouse.Seeding;

/// <summary>
/// What to generate: <see cref="Opportunities"/> deals (the <c>--scale</c>), deterministically for
/// (<see cref="Opportunities"/>, <see cref="Seed"/>, <see cref="AsOf"/>, <see cref="FiscalYearStartMonth"/>).
/// The stories are planted relative to the fiscal quarter that contains <see cref="AsOf"/>.
/// </summary>
public sealed record SeedOptions(int Opportunities, int Seed, DateOnly AsOf, int FiscalYearStartMonth = 1)
{
    /// <summary>Enough deals per rep for the stories to stand clear of noise, small enough to seed in about a second.</summary>
    public const int DefaultOpportunities = 50_000;

    public const int DefaultSeed = 42;

    /// <summary>Below this the planted deals would crowd out the ordinary ones.</summary>
    public const int MinimumOpportunities = 2_000;
}
