using SalesOpsBot.Bot.Turns;
using SalesOpsBot.Conversation.Answers;

namespace SalesOpsBot.Bot.Tests.Infrastructure;

/// <summary>Fixed answer documents that exercise every part of the card.</summary>
public static class SampleAnswers
{
    public static AnswerDocument ForQuestion(TurnRequest turn)
    {
        var question = turn.Text ?? "";
        if (question.Contains("Alex", StringComparison.OrdinalIgnoreCase))
        {
            return Clarification;
        }

        return question.Contains("DACH", StringComparison.OrdinalIgnoreCase) ? DachDrillDown : EmeaMissedQ3 with { Question = question };
    }

    public static AnswerDocument EmeaMissedQ3 { get; } = new()
    {
        Question = "why did EMEA miss Q3?",
        Intent = Intents.ExplainAttainment,
        Scope = new AnswerScope { Territory = "EMEA" },
        Period = new AnswerPeriod("FY2026 Q3", new DateOnly(2026, 7, 1), new DateOnly(2026, 9, 30)),
        AsOf = new DateOnly(2026, 10, 15),
        Metrics = new Dictionary<string, decimal?>
        {
            ["bookings"] = 8_123_000m,
            ["quota"] = 9_500_000m,
            ["attainment"] = 0.855m,
            ["gap"] = -1_377_000m,
            ["win_rate"] = 0.21m,
            ["coverage"] = null,
        },
        Drivers =
        [
            new AnswerDriver("win_rate", "territory", "DACH", -690_000m, "win rate 14% vs 27% in the previous four quarters"),
            new AnswerDriver("slippage", "territory", "UK&I", -455_000m, "4 Commit deals slipped into Q4"),
            new AnswerDriver("other", null, null, -232_000m, "remainder"),
        ],
        Breakdown =
        [
            new AnswerBreakdownRow { Dimension = "territory", Value = "DACH", Bookings = 1_810_000m, Quota = 2_500_000m, Attainment = 0.724m },
            new AnswerBreakdownRow { Dimension = "territory", Value = "UK&I", Bookings = 2_045_000m, Quota = 2_500_000m, Attainment = 0.818m },
            new AnswerBreakdownRow { Dimension = "territory", Value = "France", Bookings = 1_968_000m, Quota = 2_000_000m, Attainment = 0.984m },
        ],
        Deals =
        [
            new AnswerDeal { OpportunityId = "O-10231", Name = "Helios Platform Renewal", Account = "Helios GmbH", Owner = "Lena Vogel", Amount = 420_000m, Stage = "Negotiation", CloseDate = new DateOnly(2026, 10, 20), Flag = "slipped" },
            new AnswerDeal { OpportunityId = "O-10388", Name = "Northwind Analytics", Account = "Northwind Ltd", Owner = "Alex Morgan", Amount = 275_000m, Stage = "Closed Lost", CloseDate = new DateOnly(2026, 9, 12), Flag = "lost" },
        ],
        Answer = "EMEA booked 8.1M against 9.5M (86%), 1.4M short. Most of the gap is a lower win rate in DACH.",
        Followups = ["Drill into DACH", "Show the slipped deals", "Subscribe weekly"],
        Provenance = new Provenance { DataAsOf = new DateTimeOffset(2026, 10, 14, 23, 0, 0, TimeSpan.Zero) },
        Chart = new AnswerChart("bridge", "Quota to bookings", [new ChartPoint("Quota", 9_500_000m), new ChartPoint("Win rate", -690_000m), new ChartPoint("Slippage", -455_000m), new ChartPoint("Other", -232_000m), new ChartPoint("Bookings", 8_123_000m)]),
    };

    public static AnswerDocument DachDrillDown { get; } = EmeaMissedQ3 with
    {
        Question = "Drill into DACH",
        Scope = new AnswerScope { Territory = "DACH" },
        Metrics = new Dictionary<string, decimal?> { ["bookings"] = 1_810_000m, ["quota"] = 2_500_000m, ["attainment"] = 0.724m, ["gap"] = -690_000m },
        Answer = "DACH booked 1.8M against 2.5M (72%). Win rate fell to 14%.",
        Followups = ["Show the slipped deals"],
        Chart = new AnswerChart("line", "DACH win rate by quarter", [new ChartPoint("Q4 25", 0.27m), new ChartPoint("Q1 26", 0.25m), new ChartPoint("Q2 26", 0.22m), new ChartPoint("Q3 26", 0.14m)]),
    };

    public static AnswerDocument Clarification { get; } = new()
    {
        Question = "how is Alex doing?",
        Intent = Intents.RepPipeline,
        AsOf = new DateOnly(2026, 10, 15),
        Clarification = new Clarification("Which Alex do you mean?", ["Alex Morgan (UK&I)", "Alex Chen (US West)"]),
    };
}
