using SalesOpsBot.Conversation.Answers;
using SalesOpsBot.Digests.Delivery;

namespace SalesOpsBot.Digests.Content;

/// <summary>
/// Thresholds of the pipeline alerts: open pipeline covering less than <see cref="MinCoverage"/> times the remaining quota,
/// bookings behind linear pace by more than <see cref="MaxBehindPaceShare"/> of the pace, and losses since the previous
/// check of at least <see cref="LargeLoss"/>.
/// </summary>
public sealed record AlertRules(decimal MinCoverage = 2.0m, decimal MaxBehindPaceShare = 0.15m, decimal LargeLoss = 100_000m)
{
    public static AlertRules Default { get; } = new();
}

/// <summary>One alert: <see cref="Key"/> identifies the event for the cool-down (one event, one alert).</summary>
public sealed record DigestAlert(string Key, string Text);

/// <summary>Pipeline alerts evaluated on a composed forecast pack; no alert fired means nothing is sent.</summary>
public static class DigestAlerts
{
    public const string Intent = "alerts";

    /// <summary>The alert lines the pack's figures trigger, most serious first.</summary>
    public static IReadOnlyList<DigestAlert> Evaluate(AnswerDocument pack, AlertRules rules)
    {
        var name = pack.Question.Replace(" forecast digest", "", StringComparison.Ordinal);
        var m = pack.Metrics;
        var alerts = new List<DigestAlert>();
        if (m.GetValueOrDefault("pace_gap") is { } gap && m.GetValueOrDefault("pace_expected_to_date") is { } expected && expected > 0
            && -gap > rules.MaxBehindPaceShare * expected)
        {
            alerts.Add(new("behind_pace", $"{name} is {Figures.Money(-gap)} behind linear pace ({Figures.Percent((double)(-gap / expected))} of the pace to date)."));
        }

        if (m.GetValueOrDefault("coverage") is { } coverage && coverage < rules.MinCoverage)
        {
            alerts.Add(new("low_coverage", $"{name}'s open pipeline covers {Figures.Ratio((double)coverage)} the remaining quota (below {Figures.Ratio((double)rules.MinCoverage)})."));
        }

        if (m.GetValueOrDefault("changes_lost") is { } lost && -lost >= rules.LargeLoss)
        {
            alerts.Add(new("large_loss", $"{Figures.Money(-lost)} of {name}'s pipeline was lost since the last check."));
        }

        return alerts;
    }

    /// <summary>The alert message for a pack, or null when no rule fired or every alert that fired is still cooling down.</summary>
    public static DigestContent? From(DigestContent pack, AlertRules rules, IReadOnlySet<string>? coolingDown = null)
    {
        var alerts = Evaluate(pack.Document, rules).Where(a => coolingDown is null || !coolingDown.Contains(a.Key)).ToList();
        if (alerts.Count == 0)
        {
            return null;
        }

        var text = string.Join('\n', alerts.Select(a => a.Text));
        var document = pack.Document with
        {
            Intent = Intent,
            Question = pack.Document.Question.Replace("forecast digest", "pipeline alerts", StringComparison.Ordinal),
            Answer = text,
        };
        return new DigestContent(document, text) { AlertKeys = [.. alerts.Select(a => a.Key)] };
    }
}
