namespace SalesOpsBot.Warehouse.Seeding;

/// <summary>
/// The planted stories' fixed ids and strengths (docs/demo-data.md tells them). Deal ids do not depend on
/// the seed or the scale: the planted deals are always written first.
/// </summary>
public static class DemoStories
{
    // Story 1: EMEA missed the last completed quarter.
    public const string AlbionMutualDealId = "O-0000001";
    public const string ThamesideEnergyDealId = "O-0000002";

    // Story 2: APAC beat it on one expansion.
    public const string PacificOrbitExpansionDealId = "O-0000003";

    // Story 6: Jordan Reyes beat plan; two deals pulled in from the current quarter.
    public const string LakeshoreLogisticsDealId = "O-0000004";
    public const string MidwestHealthDealId = "O-0000005";

    // Story 5: Alex Morgan's slipped deals (with Albion Mutual); Northgate Councils was pushed three times.
    public const string KestrelRetailDealId = "O-0000006";
    public const string HarboursideHealthDealId = "O-0000007";
    public const string NorthgateCouncilsDealId = "O-0000008";

    /// <summary>Open deals whose close date passed with no update (for doctor and risk flags).</summary>
    public static readonly IReadOnlyList<string> PastDueDealIds = ["O-0000009", "O-0000010", "O-0000011", "O-0000012"];

    /// <summary>An open deal with no change in the last 150 days.</summary>
    public const string StalledDealId = "O-0000013";

    /// <summary>Share of DACH Enterprise deals that would have been won in the last completed quarter and still were.</summary>
    public const double DachEnterpriseKeepRate = 0.3;

    /// <summary>NA SMB reps created deals at this share of their usual rate in the last completed quarter.</summary>
    public const double NaSmbCreationFactor = 0.3;

    /// <summary>Share of Jordan Reyes's would-be losses in the last completed quarter that he won instead.</summary>
    public const double BeatPlanLossConversion = 0.5;

    public const double AlbionMutualShareOfEmea = 0.05;
    public const double ThamesideEnergyShareOfEmea = 0.045;
    public const double PacificOrbitShareOfApac = 0.22;
}
