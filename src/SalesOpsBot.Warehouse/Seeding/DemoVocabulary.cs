using SalesOpsBot.Warehouse.Contract;

namespace SalesOpsBot.Warehouse.Seeding;

internal enum Segment
{
    Enterprise,
    MidMarket,
    Smb,
}

/// <summary>The demo world's fixed words (docs/demo-data.md and the router's vocabulary use the same ones).</summary>
internal static class DemoVocabulary
{
    public static readonly string[] SegmentNames = ["Enterprise", "Mid-Market", "SMB"];

    // Stage indexes 0–4 are open; 5 and 6 are the two closed stages.
    public const int Prospecting = 0;
    public const int Discovery = 1;
    public const int Solution = 2;
    public const int Proposal = 3;
    public const int Negotiation = 4;
    public const int ClosedWon = 5;
    public const int ClosedLost = 6;

    public static readonly string[] Stages =
        ["Prospecting", "Discovery", "Solution", "Proposal", "Negotiation", "Closed Won", "Closed Lost"];

    public const int Pipeline = 0;
    public const int BestCase = 1;
    public const int Commit = 2;
    public const int Closed = 3;
    public const int Omitted = 4;

    public static readonly string[] Forecasts =
    [
        ContractValues.ForecastPipeline, ContractValues.ForecastBestCase, ContractValues.ForecastCommit,
        ContractValues.ForecastClosed, ContractValues.ForecastOmitted,
    ];

    public const int NewBusiness = 0;
    public const int Expansion = 1;
    public const int Renewal = 2;

    public static readonly string[] Types = ["New Business", "Expansion", "Renewal"];

    /// <summary>Words used in deal names, per type.</summary>
    public static readonly string[] TypeWords = ["", " expansion", " renewal"];

    public static readonly string[] LeadSources = ["Inbound", "Outbound", "Partner", "Event"];

    public static readonly ProductRow[] Products =
    [
        new("P-CORE", "Core Platform", "Platform"),
        new("P-ANALYTICS", "Analytics", "Add-on"),
        new("P-INTEG", "Integrations", "Add-on"),
        new("P-SEC", "Security Suite", "Add-on"),
        new("P-SUPPORT", "Premium Support", "Services"),
    ];

    public const int CorePlatform = 0;
    public const int Analytics = 1;
    public const int Integrations = 2;
    public const int SecuritySuite = 3;
    public const int PremiumSupport = 4;

    public const string LossCompetitor = "Competitor";
    public const string LossNoDecision = "No Decision";
    public const string LossPrice = "Price";

    public static readonly string[] LossReasons =
        [LossCompetitor, LossPrice, LossNoDecision, "Timing", "Budget", "Product Fit"];

    public static readonly string[] Industries =
    [
        "Financial Services", "Healthcare", "Manufacturing", "Retail", "Technology",
        "Telecommunications", "Energy", "Public Sector", "Media", "Logistics",
    ];
}
