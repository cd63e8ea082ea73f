using System.Globalization;
using System.Text.Json;
using SalesOpsBot.Conversation.Answers;

namespace SalesOpsBot.Bot.Cards;

/// <summary>How buttons reach the bot: Teams understands Universal Actions, Web Chat only Action.Submit (§4.6, §5.3).</summary>
public enum CardActionStyle
{
    Execute,
    Submit,
}

/// <summary>How much of each list goes on the card; shrunk step by step until the message fits.</summary>
public sealed record CardLimits(int Drivers, int Breakdown, int Deals, int ChartPoints)
{
    public static CardLimits Full { get; } = new(Drivers: 6, Breakdown: 8, Deals: 10, ChartPoints: 12);
}

/// <summary>Builds the Adaptive Card of an answer document. Every string from data goes through <see cref="InertText"/>.</summary>
public static class AnswerCardBuilder
{
    public const string VerbFollowUp = "followup";
    public const string VerbClarify = "clarify";
    public const string VerbSubscribe = "subscribe";

    private const int MaxButtons = 5;

    // Headline order: what a leader looks at first.
    private static readonly string[] HeadlineMetrics = ["bookings", "quota", "attainment", "gap", "forecast", "pipeline", "coverage", "win_rate"];

    public static AdaptiveCard Build(AnswerDocument answer, CardActionStyle style, CardLimits limits)
    {
        var summary = Summary(answer);
        if (answer.Clarification is { } clarification)
        {
            return new AdaptiveCard
            {
                Body =
                [
                    new TextBlock(InertText.Escape(clarification.Question)) { Weight = "Bolder", Size = "Medium" },
                    new TextBlock("Pick one:") { IsSubtle = true, Spacing = "Small" },
                ],
                Actions = [.. clarification.Options.Take(MaxButtons * 2).Select(option => Button(option, VerbClarify, option, style))],
                FallbackText = summary,
                Msteams = new CardTeamsOptions("Full"),
            };
        }

        var body = new List<CardElement>();
        body.AddRange(Header(answer));
        if (answer.Answer.Length > 0)
        {
            body.Add(new TextBlock(InertText.Escape(answer.Answer)) { Spacing = "Small" });
        }

        if (Headlines(answer) is { } headlines)
        {
            body.Add(headlines);
        }

        body.AddRange(Drivers(answer, limits.Drivers));
        if (Chart(answer.Chart, limits.ChartPoints) is { } chart)
        {
            body.Add(chart);
        }

        body.AddRange(Breakdown(answer, limits.Breakdown));
        body.AddRange(Deals(answer, limits.Deals));
        body.AddRange(Footer(answer));

        return new AdaptiveCard
        {
            Body = body,
            Actions = answer.Followups.Count == 0
                ? null
                : [.. answer.Followups.Take(MaxButtons).Select(followup => Button(followup, VerbFor(followup), followup, style))],
            FallbackText = summary,
            Msteams = new CardTeamsOptions("Full"),
        };
    }

    /// <summary>
    /// The one-line text that goes with the card (notification preview, screen readers, clients without cards):
    /// "EMEA · FY2026 Q3: Bookings 8.1M, Quota 9.5M, Attainment 86%", else the answer's first sentence.
    /// </summary>
    public static string Summary(AnswerDocument answer)
    {
        if (answer.Clarification is { } clarification)
        {
            return InertText.Escape(clarification.Question);
        }

        var metrics = HeadlineMetrics
            .Where(name => answer.Metrics.TryGetValue(name, out var value) && value is not null)
            .Take(3)
            .Select(name => name == "gap"
                ? HumanFormat.Gap(answer.Metrics[name]!.Value)
                : $"{HumanFormat.Label(name)} {HumanFormat.Metric(name, answer.Metrics[name]!.Value)}")
            .ToList();
        if (metrics.Count > 0)
        {
            var context = string.Join(" · ", new[] { answer.Scope.Territory ?? answer.Scope.Rep, answer.Period?.Label }.OfType<string>().Select(InertText.Escape));
            return (context.Length > 0 ? context + ": " : "") + string.Join(", ", metrics);
        }

        var text = answer.Answer.Length > 0 ? answer.Answer : answer.Question;
        var sentenceEnd = text.IndexOf(". ", StringComparison.Ordinal);
        if (sentenceEnd > 0)
        {
            text = text[..(sentenceEnd + 1)];
        }

        const int MaxLength = 200;
        if (text.Length > MaxLength)
        {
            var cut = text.LastIndexOf(' ', MaxLength - 1);
            text = text[..(cut > MaxLength / 2 ? cut : MaxLength - 1)] + "\u2026";
        }

        return InertText.Escape(text);
    }

    /// <summary>One drill-down button. Data is <c>{verb, question}</c> so the engine treats it like a typed follow-up.</summary>
    public static CardAction Button(string title, string verb, string question, CardActionStyle style)
    {
        var data = JsonSerializer.SerializeToElement(new CardActionData(verb, question), CardJsonContext.Default.CardActionData);
        var submit = new SubmitAction(title, data);
        return style == CardActionStyle.Execute ? new ExecuteAction(title, verb, data) { Fallback = submit } : submit;
    }

    private static string VerbFor(string followup) =>
        followup.StartsWith("subscribe", StringComparison.OrdinalIgnoreCase) ? VerbSubscribe : VerbFollowUp;

    private static IEnumerable<CardElement> Header(AnswerDocument answer)
    {
        yield return new TextBlock(InertText.Escape(answer.Question.Length > 0 ? answer.Question : "SalesOpsBot")) { Size = "Medium", Weight = "Bolder" };
        var context = new List<string>();
        if (answer.Scope.Territory is { } territory)
        {
            context.Add(InertText.Escape(territory));
        }

        if (answer.Scope.Rep is { } rep)
        {
            context.Add(InertText.Escape(rep));
        }

        if (answer.Period is { } period)
        {
            context.Add(InertText.Escape(period.Label));
        }

        if (context.Count > 0)
        {
            yield return new TextBlock(string.Join(" · ", context)) { IsSubtle = true, Spacing = "None", Size = "Small" };
        }
    }

    private static ColumnSet? Headlines(AnswerDocument answer)
    {
        var present = answer.Metrics.Where(metric => metric.Value is not null).ToDictionary(metric => metric.Key, metric => metric.Value!.Value);
        var chosen = HeadlineMetrics.Where(present.ContainsKey).ToList();
        if (chosen.Count == 0)
        {
            chosen = [.. present.Keys.Order(StringComparer.Ordinal)];
        }

        if (chosen.Count == 0)
        {
            return null;
        }

        var columns = chosen.Take(4).Select(name =>
        {
            var value = present[name];
            var display = name == "gap" ? HumanFormat.Gap(value) : HumanFormat.Metric(name, value);
            return new Column(
            [
                new TextBlock(HumanFormat.Label(name)) { IsSubtle = true, Size = "Small", Wrap = false },
                new TextBlock(display)
                {
                    Size = "Large",
                    Weight = "Bolder",
                    Spacing = "None",
                    Wrap = false,
                    Color = name == "gap" ? (value < 0 ? "Attention" : "Good") : null,
                },
            ])
            { Width = "auto" };
        });
        return new ColumnSet([.. columns]) { Spacing = "Medium", Separator = true };
    }

    private static IEnumerable<CardElement> Drivers(AnswerDocument answer, int limit)
    {
        if (answer.Drivers.Count == 0 || limit == 0)
        {
            yield break;
        }

        yield return SectionTitle("What drove it");
        foreach (var driver in answer.Drivers.Take(limit))
        {
            var where = driver.Value is null ? "" : " · " + InertText.Escape(driver.Value);
            yield return new ColumnSet(
            [
                new Column(
                [
                    new TextBlock($"**{HumanFormat.Label(driver.Mechanism)}**{where}"),
                    new TextBlock(InertText.Escape(driver.Detail)) { IsSubtle = true, Spacing = "None", Size = "Small" },
                ])
                { Width = "stretch" },
                new Column(
                [
                    new TextBlock(HumanFormat.SignedMoney(driver.Impact))
                    {
                        Weight = "Bolder",
                        Color = driver.Impact < 0 ? "Attention" : "Good",
                        HorizontalAlignment = "Right",
                        Wrap = false,
                    },
                ])
                { Width = "auto" },
            ])
            { Spacing = "Small" };
        }

        if (answer.Drivers.Count > limit)
        {
            yield return More(answer.Drivers.Count - limit, "driver");
        }
    }

    /// <summary>A Teams native chart with a fact-list fallback for hosts without Chart.* (Web Chat, older clients).</summary>
    private static CardElement? Chart(AnswerChart? chart, int limit)
    {
        if (chart is null || chart.Points.Count == 0 || limit == 0)
        {
            return null;
        }

        var points = chart.Points.Take(limit).ToList();
        var ratio = IsRatioChart(chart);
        var (divisor, unit) = ratio ? (0.01m, "%") : AxisScale(points.Max(point => Math.Abs(point.Value)));
        string Display(decimal value) => ratio ? HumanFormat.Percent(value) : HumanFormat.Money(value);
        var title = InertText.Escape(chart.Title);
        var fallback = new Container(
        [
            new TextBlock($"**{title}**"),
            new FactSet([.. points.Select(point => new Fact(InertText.Escape(point.Label), Display(point.Value)))]) { Spacing = "Small" },
        ])
        { Spacing = "Medium" };

        decimal Scaled(decimal value) => Math.Round(value / divisor, 2, MidpointRounding.AwayFromZero);
        return chart.Kind.ToLowerInvariant() switch
        {
            "line" or "trend" => new LineChart([new LineSeries(title, [.. points.Select(point => new LinePoint(InertText.Escape(point.Label), Scaled(point.Value)))])])
            {
                Title = title,
                YAxisTitle = unit,
                Fallback = fallback,
                Spacing = "Medium",
            },
            "horizontal_bar" or "hbar" or "ranking" => new HorizontalBarChart([.. points.Select(point => new BarPoint(InertText.Escape(point.Label), Scaled(point.Value)))])
            {
                Title = title,
                Fallback = fallback,
                Spacing = "Medium",
            },
            _ => new VerticalBarChart([.. points.Select(point => new BarPoint(InertText.Escape(point.Label), Scaled(point.Value))
            {
                // A bridge shows losses and gains: colour them so the sign reads at a glance.
                Color = point.Value < 0 ? "attention" : "good",
            })])
            {
                Title = title,
                YAxisTitle = unit,
                Fallback = fallback,
                Spacing = "Medium",
            },
        };
    }

    /// <summary>
    /// Rates (win rate, attainment by quarter) come as fractions; they are charted and listed as percentages. The
    /// answer document has no unit field, so the kind or title naming a rate, or all values within ±1, decide.
    /// </summary>
    private static bool IsRatioChart(AnswerChart chart)
    {
        if (chart.Unit != ChartUnits.Currency)
        {
            return chart.Unit == ChartUnits.Ratio;
        }

        string[] rateWords = ["rate", "attainment", "percent", "ratio", "share"];
        var named = rateWords.Any(word => chart.Kind.Contains(word, StringComparison.OrdinalIgnoreCase) || chart.Title.Contains(word, StringComparison.OrdinalIgnoreCase));
        var fractions = chart.Points.All(point => Math.Abs(point.Value) <= 1m) && chart.Points.Any(point => point.Value != 0m);
        return fractions && (named || chart.Points.All(point => point.Value >= 0m));
    }

    private static (decimal Divisor, string? Unit) AxisScale(decimal largest) => largest switch
    {
        >= 1_000_000m => (1_000_000m, "M"),
        >= 10_000m => (1_000m, "K"),
        _ => (1m, null),
    };

    private static IEnumerable<CardElement> Breakdown(AnswerDocument answer, int limit)
    {
        if (answer.Breakdown.Count == 0 || limit == 0)
        {
            yield break;
        }

        var dimension = answer.Breakdown[0].Dimension;
        yield return SectionTitle("By " + InertText.Escape(dimension.Replace('_', ' ')));
        yield return new FactSet([.. answer.Breakdown.Take(limit).Select(row => new Fact(InertText.Escape(row.Value), BreakdownValue(row)))]) { Spacing = "Small" };
        if (answer.Breakdown.Count > limit)
        {
            yield return More(answer.Breakdown.Count - limit, "row");
        }
    }

    private static string BreakdownValue(AnswerBreakdownRow row)
    {
        var parts = new List<string>();
        if (row.Bookings is { } bookings)
        {
            parts.Add(row.Quota is { } quota ? $"{HumanFormat.Money(bookings)} of {HumanFormat.Money(quota)}" : HumanFormat.Money(bookings));
        }

        if (row.Attainment is { } attainment)
        {
            parts.Add(HumanFormat.Percent(attainment));
        }

        if (parts.Count == 0 && row.Measures is { } measures)
        {
            parts.AddRange(measures.Where(measure => measure.Value is not null).Take(3)
                .Select(measure => $"{HumanFormat.Label(measure.Key)} {HumanFormat.Metric(measure.Key, measure.Value!.Value)}"));
        }

        return parts.Count == 0 ? "–" : string.Join(" · ", parts);
    }

    private static IEnumerable<CardElement> Deals(AnswerDocument answer, int limit)
    {
        if (answer.Deals.Count == 0 || limit == 0)
        {
            yield break;
        }

        yield return SectionTitle("Deals behind it");
        foreach (var deal in answer.Deals.Take(limit))
        {
            var flag = deal.Flag is null ? "" : $" · {InertText.Escape(deal.Flag)}";
            var details = $"{InertText.Escape(deal.Account)} · {InertText.Escape(deal.Owner)} · {InertText.Escape(deal.Stage)} · closes {deal.CloseDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}{flag}";
            yield return new ColumnSet(
            [
                new Column(
                [
                    new TextBlock(InertText.Escape(deal.Name)) { Weight = "Bolder", MaxLines = 2 },
                    new TextBlock(details) { IsSubtle = true, Size = "Small", Spacing = "None" },
                ])
                { Width = "stretch" },
                new Column([new TextBlock(HumanFormat.Money(deal.Amount)) { Weight = "Bolder", HorizontalAlignment = "Right", Wrap = false }]) { Width = "auto" },
            ])
            { Spacing = "Small" };
        }

        if (answer.Deals.Count > limit)
        {
            yield return More(answer.Deals.Count - limit, "deal");
        }
    }

    private static IEnumerable<CardElement> Footer(AnswerDocument answer)
    {
        if (answer.Intent == Intents.Help)
        {
            yield break;
        }

        foreach (var caveat in answer.Caveats.Take(3))
        {
            yield return new TextBlock("\u26A0 " + InertText.Escape(caveat)) { IsSubtle = true, Size = "Small", Spacing = "Small" };
        }

        var asOf = answer.Provenance.DataAsOf is { } dataAsOf
            ? dataAsOf.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)
            : answer.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        yield return new TextBlock($"Data as of {asOf}") { IsSubtle = true, Size = "Small", Spacing = "Medium" };
    }

    private static TextBlock SectionTitle(string text) => new(text) { Weight = "Bolder", Spacing = "Medium", Separator = true };

    private static TextBlock More(int count, string noun) =>
        new($"+{count} more {noun}{(count == 1 ? "" : "s")}") { IsSubtle = true, Size = "Small", Spacing = "None" };
}
