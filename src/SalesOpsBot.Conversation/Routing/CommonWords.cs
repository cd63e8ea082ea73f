namespace SalesOpsBot.Conversation.Routing;

/// <summary>
/// Plain English words a leader uses around names. The typo corrector leaves them alone, and a word outside
/// this list, the cues and the vocabulary is a candidate unknown name ("why did Atlantis miss").
/// </summary>
internal static class CommonWords
{
    public static readonly IReadOnlySet<string> All = new HashSet<string>((
        "a an the and or but if of in on at to for from by with without about into onto over under up down out off " +
        "is are was were be been being am do does did doing done have has had having will would can could should shall may might must " +
        "i me my mine we us our ours you your yours he him his she her hers they them their theirs it its this that these those there here " +
        "what which who whom whose why how when where whats hows whos not no yes yeah ok okay please thanks thank just only also too very so " +
        "all any each every some most more less many much few other another same such than then now again still yet ever already " +
        "get got give gave show shown tell told see look looking let make made take took go going gone went come came put want need know " +
        "think mean meant say said ask asked find found run ran keep kept bring hit hits hitting land landed close closed closes closing " +
        "one ones two three four five six seven eight nine ten twenty thirty fifty hundred percent pct number numbers amount amounts total " +
        "team teams org organization orgs region regions territory territories segment segments product products type types rep reps " +
        "seller sellers ae aes manager managers director directors leader leaders vp vps people person owner owners account accounts customer customers " +
        "deal deals opportunity opportunities opp opps stage stages quarter quarters year years month months week weeks day days time times " +
        "date dates today tomorrow yesterday morning afternoon evening night noon midnight am pm please thing things stuff item items " +
        "new old big small large biggest largest top bottom best worst high low higher lower good bad better worse great poor strong weak " +
        "first second third fourth last next previous prior current recent recently early late end start beginning middle half " +
        "sales sale revenue booking bookings booked book quota quotas target targets plan plans goal goals pipeline pipe coverage " +
        "forecast forecasts commit commits win wins won lose lost loss losses rate rates size sizes cycle cycles average avg median " +
        "growth grow grew down drop dropped rise rose increase decrease change changes changed trend trends value values metric metrics " +
        "kpi kpis report reports dashboard view summary detail details breakdown split by per versus vs against compared compare " +
        "overall global worldwide company whole entire everyone everybody anyone someone nobody nothing something everything " +
        "doing well badly fine okay sure right wrong true false really actually exactly basically roughly about around approximately " +
        "like as because since until while during before after between among across through via within upon toward towards " +
        "slipped slip pushed push pulled pull moved move added removed stuck stalled risk risky safe " +
        "explain why reason cause drivers driver impact effect happened happen happening miss missed beat short gap " +
        "send email message ping notify alert alerts remind subscribe unsubscribe stop cancel digest daily weekly monthly every " +
        "monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays thursdays fridays weekday weekdays weekend " +
        "sql query queries data quality missing stale help hello hi hey thanks cheers please " +
        "drill dig deeper deep zoom focus filter filters only just exclude excluding including include except " +
        "former latter other option options choice mean meant him her them guy " +
        "q qtr fy fiscal ytd qtd mtd ttm " +
        "named called net gross closed-won open opened created creating generated generation new logo logos " +
        "call calls called expected expect likely upside downside probability weighted category categories " +
        "much many how long far often ratio share mix contribution contributions percentage rank ranking leaderboard " +
        "doing tracking track pace pacing perform performing performance performed result results status update updates " +
        "driving drive drives drove dropping drops falling fell rising shaping trending going coming looking doing happening " +
        "right now quick quickly below above under over less more than stage stages sourced calling work worked")
        .Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);

    /// <summary>Words that put a name right after them ("for Atlantis", "did Atlantis miss").</summary>
    public static readonly IReadOnlySet<string> NameSlotBefore = new HashSet<string>(StringComparer.Ordinal)
    {
        "for", "in", "did", "does", "is", "about", "into", "and", "at", "from", "compare", "vs", "versus", "with",
    };

    /// <summary>Words that put a name right before them ("Atlantis miss", "Atlantis's pipeline").</summary>
    public static readonly IReadOnlySet<string> NameSlotAfter = new HashSet<string>(StringComparer.Ordinal)
    {
        "miss", "missed", "doing", "tracking", "pipeline", "deals", "team", "do", "perform", "performing", "territory", "region",
        "bookings", "forecast", "quota", "attainment", "number", "numbers", "vs", "versus", "and",
    };
}
