using SalesOpsBot.Conversation.Answers;
using SalesOpsBot.Digests.Delivery;

namespace SalesOpsBot.Digests.Content;

/// <summary>
/// Thresholds of the pipeline alerts: open pipeline covering less than <see cref="MinCoverage"/> times the remaining quota,
/// bookings behind linear pace by more than <see cref="MaxBehindPaceShare"/> of the pace, and losses since the previous
/// check of at least <see cref="LargeLoss"/>, the commit call down by more than <see cref="MaxCommitDrop"/> of the previous
/// check's, and an open deal of at least <see cref="LargeDeal"/> in the quarter at the previous check that has since slipped out
/// of the quarter or been lost.
/// </summary>
public sealed record AlertRules(
    decimal MinCoverage = 2.0m,
    decimal MaxBehindPaceShare = 0.15m,
    decimal LargeLoss = 100_000m,
    decimal MaxCommitDrop = 0.10m,
    decimal LargeDeal = 250_000m)
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
        var name = NameOf(pack);
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

    /// <summary>
    /// Every alert, including those that compare with <paramref name="previous"/> (the last settled check): commit down by more
    /// than the share, and each large deal that was open in the quarter then and has since slipped out of it or been lost. Keys
    /// name the event (<c>large_deal_slipped:OPP-1</c>), so the cool-down holds back a repeat of the same event, not the rule.
    /// A lost large deal replaces the aggregate "large loss" line it would otherwise repeat.
    /// </summary>
    public static IReadOnlyList<DigestAlert> Evaluate(DigestContent pack, AlertRules rules, AlertBaseline? previous)
    {
        var alerts = Evaluate(pack.Document, rules).ToList();
        if (previous is null)
        {
            return alerts;
        }

        var document = pack.Document;
        var name = NameOf(document);
        if (previous.CommitCall is { } before && before > 0 && document.Metrics.GetValueOrDefault("commit_call") is { } now && now < before * (1 - rules.MaxCommitDrop))
        {
            alerts.Add(new("commit_down", $"{name}'s commit call fell from {Figures.Money(before)} to {Figures.Money(now)} " +
                $"({Figures.Percent((double)((before - now) / before))} down, more than {Figures.Percent((double)rules.MaxCommitDrop)}) since the last check."));
        }

        var current = pack.TrackedDeals.ToDictionary(d => d.OpportunityId, StringComparer.Ordinal);
        var quarterEnd = document.Period?.End;
        var lostLarge = false;
        foreach (var deal in previous.LargeOpenDeals.OrderByDescending(d => d.Amount))
        {
            current.TryGetValue(deal.OpportunityId, out var nowDeal);
            if (nowDeal is { IsClosed: true, IsWon: false })
            {
                lostLarge = true;
                alerts.Add(new($"large_deal_lost:{deal.OpportunityId}", $"{deal.Name} ({Figures.Money(deal.Amount)}) was lost since the last check."));
            }
            else if (nowDeal is null || (!nowDeal.IsClosed && quarterEnd is { } end && nowDeal.CloseDate > end))
            {
                var to = nowDeal is null ? "out of the quarter" : $"to {Figures.Date(nowDeal.CloseDate)}";
                alerts.Add(new($"large_deal_slipped:{deal.OpportunityId}", $"{deal.Name} ({Figures.Money(deal.Amount)}) slipped {to} since the last check."));
            }
        }

        return lostLarge ? [.. alerts.Where(a => a.Key != "large_loss")] : alerts;
    }

    /// <summary>What the next check compares with: this pack's commit call and its large deals open in the quarter.</summary>
    public static AlertBaseline BaselineOf(DigestContent pack, AlertRules rules)
    {
        var quarterEnd = pack.Document.Period?.End;
        return new AlertBaseline(pack.Document.Metrics.GetValueOrDefault("commit_call"),
            [.. pack.TrackedDeals.Where(d => !d.IsClosed && d.Amount >= rules.LargeDeal && (quarterEnd is null || d.CloseDate <= quarterEnd))]);
    }

    /// <summary>The alert message for a pack, or null when no rule fired or every alert that fired is still cooling down.</summary>
    public static DigestContent? From(DigestContent pack, AlertRules rules, IReadOnlySet<string>? coolingDown = null, AlertBaseline? previous = null)
    {
        var alerts = Evaluate(pack, rules, previous).Where(a => coolingDown is null || !coolingDown.Contains(a.Key)).ToList();
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
        return new DigestContent(document, text) { AlertKeys = [.. alerts.Select(a => a.Key)], TrackedDeals = pack.TrackedDeals, Baseline = BaselineOf(pack, rules) };
    }

    private static string NameOf(AnswerDocument pack) => pack.Question.Replace(" forecast digest", "", StringComparison.Ordinal);
}
