namespace SalesOpsBot.Conversation.Answers;

public static partial class AnswerComposer
{
    /// <summary>The contract's metric definitions (docs/warehouse-contract.md), in words for leaders.</summary>
    private static readonly Dictionary<string, string> Definitions = new(StringComparer.Ordinal)
    {
        ["bookings"] = "Bookings = the sum of the amounts of deals won with a close date in the period.",
        ["quota"] = "Quota of a territory for a quarter = its own quota row when it has one (the leader's number); otherwise the sum of its child territories' quotas plus the reps credited directly to it. A rep's quota is the sum of their rows; a longer period sums its quarters.",
        ["attainment"] = "Attainment = bookings ÷ quota for the period; the gap = bookings − quota (negative means missed).",
        ["pipeline"] = "Open pipeline for a period, as of a date = the sum of the amounts of deals open on that date whose close date (on that date) falls in the period.",
        ["coverage"] = "Coverage = open pipeline due in the rest of the period ÷ what is still to book (quota − bookings so far, if positive). It is undefined once quota is reached. 3× is a common comfort level.",
        ["win_rate"] = "Win rate = deals won ÷ (won + lost), by count, among deals closed in the period. The amount-weighted variant (won amount ÷ closed amount) is reported beside it.",
        ["deal_size"] = "Average deal size = bookings ÷ number of deals won in the period.",
        ["cycle"] = "Sales cycle = the mean number of days from creation to close of the deals won in the period.",
        ["forecast"] = "The forecast roll-up adds, per territory: won so far, Commit (deals the reps commit to), Best Case and Pipeline, by each deal's forecast category. Commit call = won + commit; best-case call adds best case.",
        ["commit"] = "Commit = open deals whose forecast category is Commit; the commit call = bookings so far + commit.",
        ["pipeline_created"] = "Pipeline created = the sum of the amounts (at creation) of deals created in the period.",
        ["slipped"] = "A deal slipped when, at the start of the period, its close date was in the period, and at the end it was neither won nor lost in the period (its close date moved out). The amount counted is its amount at the start.",
        ["pulled_in"] = "A deal was pulled in when, at the start of the period, its close date was after the period, and it closed in the period.",
    };

    private static string? GuessMetric(string question)
    {
        var lower = question.ToLowerInvariant();
        return Definitions.Keys.FirstOrDefault(k => lower.Contains(k.Replace('_', ' '), StringComparison.Ordinal));
    }
}
