using SalesOpsBot.Analysis.Deals;

namespace SalesOpsBot.Analysis.Tests.Deals;

internal static class DealTestData
{
    public static DealRecord Deal(
        string id,
        decimal amount,
        string closeDate,
        bool isClosed = false,
        bool isWon = false,
        bool openAtStart = true,
        string? closeDateAtStart = null,
        decimal? amountAtStart = null,
        string stage = "Proposal",
        int pushCount = 0,
        int daysInStage = 10,
        decimal maxAmount = 0) =>
        new(id, $"Deal {id}", "Acme", "R-1", "Lena Vogel", "T-EMEA-DACH", "Enterprise", "P-CORE", "New Business",
            new DateOnly(2025, 10, 1), DateOnly.Parse(closeDate, System.Globalization.CultureInfo.InvariantCulture),
            isClosed ? (isWon ? "Closed Won" : "Closed Lost") : stage, isWon ? "Closed" : "Commit", amount, isClosed, isWon,
            openAtStart, closeDateAtStart is null ? null : DateOnly.Parse(closeDateAtStart, System.Globalization.CultureInfo.InvariantCulture),
            amountAtStart ?? amount, pushCount, daysInStage, maxAmount);
}
