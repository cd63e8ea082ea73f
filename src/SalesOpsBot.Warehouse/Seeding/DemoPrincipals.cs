namespace SalesOpsBot.Warehouse.Seeding;

/// <summary>The demo's people who can sign in (user_access rows), with the rep ids their rules name.</summary>
public static class DemoPrincipals
{
    /// <summary>Sees everything; the CLI's default <c>--as</c>.</summary>
    public const string Admin = "admin@example.com";

    /// <summary>Dana Whitfield, CRO (admin).</summary>
    public const string Cro = "dana.whitfield@example.com";

    /// <summary>Sophie Laurent, VP EMEA (leader of T-EMEA).</summary>
    public const string EmeaLeader = "sophie.laurent@example.com";

    /// <summary>Markus Weber, director DACH (leader of T-EMEA-DACH).</summary>
    public const string DachLeader = "markus.weber@example.com";

    /// <summary>Oliver Hughes, manager of UK South in UK&amp;I (manager: his reporting line, which includes Alex Morgan).</summary>
    public const string UkiManager = "oliver.hughes@example.com";

    /// <summary>Alex Morgan, Enterprise AE in UK South (rep: own deals).</summary>
    public const string AlexMorganRep = "alex.morgan@example.com";

    /// <summary>Alex Chen, Mid-Market AE in California (US West): the other Alex (no access row).</summary>
    public const string AlexChen = "alex.chen@example.com";

    /// <summary>Lena Vogel, Enterprise AE in Germany South (DACH).</summary>
    public const string LenaVogel = "lena.vogel@example.com";

    public const string CroRepId = "R-0001";
    public const string UkiManagerRepId = "R-0051";
    public const string AlexMorganRepId = "R-0052";
    public const string AlexChenRepId = "R-0010";
    public const string LenaVogelRepId = "R-0066";
    public const string JordanReyesRepId = "R-0031";
    public const string RafaelSouzaRepId = "R-0144";
    public const string HarrietColeRepId = "R-0048";
    public const string LiamWalshRepId = "R-0109";
}
