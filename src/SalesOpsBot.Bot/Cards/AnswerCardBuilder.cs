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
public sealed record CardLimits(int Drivers, int Breakdown, int Deals, int ChartPoints, bool ChartImage = false)
{
    public static CardLimits Full { get; } = new(Drivers: 6, Breakdown: 8, Deals: 10, ChartPoints: 12, ChartImage: true);
}

/// <summary>Builds the Adaptive Card of an answer document. Every string from data goes through <see cref="InertText"/>.</summary>
public static partial class AnswerCardBuilder
{
    public const string VerbFollowUp = "followup";
    public const string VerbClarify = "clarify";
    public const string VerbSubscribe = "subscribe";

    private const int MaxButtons = 5;

    // Headline order: what a leader looks at first, by kind of answer.
    private static readonly string[] HeadlineMetrics = ["bookings", "quota", "attainment", "gap", "open_pipeline", "forecast", "pipeline", "coverage", "win_rate"];
    private static readonly string[] ForecastHeadlines = ["bookings", "commit_call", "best_case_call", "quota"];
    private static readonly string[] PipelineHeadlines = ["open_pipeline", "open_in_commit", "open_in_best_case", "at_risk", "deals"];
    private static readonly string[] DealHeadlines = ["amount", "deals"];

    // The summary sentence of the answer stays on the card; the rest (which repeats the drivers and deals shown below)
    // is behind a toggle, so the numbers are visible without scrolling past a paragraph.
    private const int LeadLength = 160;
    private const string FullExplanationId = "full-explanation";

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
        body.AddRange(Narrative(answer));

        if (Headlines(answer) is { } headlines)
        {
            body.Add(headlines);
        }

        body.AddRange(Drivers(answer, limits.Drivers));
        if (Chart(answer.Chart, limits, RowsInOrder(answer.Breakdown).Take(limits.Breakdown).Select(row => row.Value).ToHashSet(StringComparer.Ordinal)) is { } chart)
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

        var metrics = HeadlinesOf(answer)
            .Take(3)
            .Select(name =>
            {
                var (label, display, _) = Headline(answer, name, answer.Metrics[name]!.Value);
                return name == "gap" && label == "Gap" ? display : $"{label} {display}";
            })
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
        // The question as typed is the title; "why did EMEA miss Q3?" reads as a heading once capitalised.
        var title = answer.Question.Length > 0 ? char.ToUpperInvariant(answer.Question[0]) + answer.Question[1..] : "SalesOpsBot";
        yield return new TextBlock(InertText.Escape(title)) { Size = "Medium", Weight = "Bolder" };
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

    /// <summary>The metrics worth a headline for this kind of answer, in reading order.</summary>
    private static List<string> HeadlinesOf(AnswerDocument answer)
    {
        var order = answer.Intent switch
        {
            Intents.Forecast => ForecastHeadlines,
            Intents.RepPipeline => PipelineHeadlines,
            Intents.Deals => DealHeadlines,
            _ => HeadlineMetrics,
        };
        return [.. order.Where(name => answer.Metrics.TryGetValue(name, out var value) && value is not null)];
    }

    /// <summary>
    /// Label, value and colour of one headline. In a quarter still in progress a shortfall is not a miss yet: it reads
    /// "To go 9.5M" in neutral colour rather than "−9.5M vs quota" in red.
    /// </summary>
    private static (string Label, string Display, string? Color) Headline(AnswerDocument answer, string name, decimal value)
    {
        var inProgress = answer.Period is { } period && period.End >= answer.AsOf;
        return name switch
        {
            "gap" when inProgress && value < 0 => ("To go", HumanFormat.Money(-value), null),
            "gap" => ("Gap", HumanFormat.Gap(value), value < 0 ? "Attention" : "Good"),
            "bookings" when answer.Intent == Intents.Forecast => ("Won", HumanFormat.Money(value), null),
            "amount" => ("Total", HumanFormat.Money(value), null),
            _ => (HumanFormat.Label(name), HumanFormat.Metric(name, value), null),
        };
    }

    private static ColumnSet? Headlines(AnswerDocument answer)
    {
        var chosen = HeadlinesOf(answer);
        if (chosen.Count == 0)
        {
            chosen = [.. answer.Metrics.Where(metric => metric.Value is not null).Select(metric => metric.Key).Order(StringComparer.Ordinal)];
        }

        if (chosen.Count == 0)
        {
            return null;
        }

        var columns = chosen.Take(4).Select(name =>
        {
            var (label, display, color) = Headline(answer, name, answer.Metrics[name]!.Value);
            return new Column(
            [
                new TextBlock(label) { IsSubtle = true, Size = "Small", Wrap = false },
                new TextBlock(display) { Size = "Large", Weight = "Bolder", Spacing = "None", Wrap = false, Color = color },
            ])
            { Width = "auto" };
        });
        return new ColumnSet([.. columns]) { Spacing = "Medium", Separator = true };
    }

    /// <summary>The answer's lead sentence(s), then the rest behind "Full explanation" when it is long.</summary>
    private static IEnumerable<CardElement> Narrative(AnswerDocument answer)
    {
        var text = answer.Answer.Trim();
        if (answer.Followups.Count > 0)
        {
            // "Next, ask: “Drill into DACH”" repeats the first button right below.
            text = NextAskSuffix().Replace(text, "");
        }

        if (text.Length == 0)
        {
            yield break;
        }

        var sentences = SentenceEnd().Split(text);
        var lead = sentences[0];
        var taken = 1;
        while (taken < sentences.Length && lead.Length + sentences[taken].Length < LeadLength)
        {
            lead += " " + sentences[taken++];
        }

        if (taken == sentences.Length || text.Length <= LeadLength * 3 / 2)
        {
            yield return new TextBlock(InertText.Escape(text)) { Spacing = "Small" };
            yield break;
        }

        yield return new TextBlock(InertText.Escape(lead)) { Spacing = "Small" };
        yield return new TextBlock(InertText.Escape(string.Join(' ', sentences[taken..]))) { Id = FullExplanationId, IsVisible = false, Spacing = "Small", IsSubtle = true };
        yield return new ActionSet([new ToggleVisibilityAction("Full explanation", [FullExplanationId])]) { Spacing = "None" };
    }

    // A sentence ends at ". " before a capital letter or an opening quote (not inside "2.5M" or "vs. ").
    [System.Text.RegularExpressions.GeneratedRegex(@"(?<=[.!?])\s+(?=[\p{Lu}""\u201C])")]
    private static partial System.Text.RegularExpressions.Regex SentenceEnd();

    [System.Text.RegularExpressions.GeneratedRegex(@"\s*Next, ask: [""\u201C][^""\u201D]*[""\u201D]\.?$")]
    private static partial System.Text.RegularExpressions.Regex NextAskSuffix();

    private static IEnumerable<CardElement> Drivers(AnswerDocument answer, int limit)
    {
        if (answer.Drivers.Count == 0 || limit == 0)
        {
            yield break;
        }

        yield return SectionTitle("What drove it");
        foreach (var driver in LargestDrivers(answer.Drivers, limit))
        {
            var where = driver.Value is null ? "" : " · " + InertText.Escape(driver.Value);
            yield return new ColumnSet(
            [
                new Column(
                [
                    new TextBlock($"**{HumanFormat.Label(driver.Mechanism)}**{where}"),
                    // The engine joins the evidence with "; ": one fact per line reads faster than a run-on sentence.
                    .. driver.Detail.Split("; ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(fact => new TextBlock(InertText.Escape(fact)) { IsSubtle = true, Spacing = "None", Size = "Small" }),
                ])
                { Width = "stretch" },
                new Column(
                [
                    new TextBlock(HumanFormat.SignedMoney(driver.Impact))
                    {
                        Weight = "Bolder",
                        Color = driver.Impact switch { < 0 => "Attention", > 0 => "Good", _ => null },
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
            yield return More(answer.Drivers.Count - limit, "driver") with { Spacing = "Small" };
        }
    }

    /// <summary>
    /// The drivers that move the number most, however the list came: what hurt (largest first), then what helped
    /// (largest first), then the ones with no effect. A +208K driver must not hide behind "+2 more" while a 0 shows.
    /// </summary>
    private static IEnumerable<AnswerDriver> LargestDrivers(IReadOnlyList<AnswerDriver> drivers, int limit) =>
        drivers.OrderByDescending(driver => Math.Abs(driver.Impact)).Take(limit)
            .OrderBy(driver => driver.Impact switch { < 0 => 0, > 0 => 1, _ => 2 })
            .ThenByDescending(driver => Math.Abs(driver.Impact));

    /// <summary>Rows with attainment read worst first (where to look); other breakdowns keep the engine's order.</summary>
    private static IEnumerable<AnswerBreakdownRow> RowsInOrder(IReadOnlyList<AnswerBreakdownRow> rows) =>
        rows.All(row => row.Attainment is not null) ? rows.OrderBy(row => row.Attainment) : rows;

    /// <summary>A Teams native chart with a fact-list fallback for hosts without Chart.* (Web Chat, older clients).</summary>
    private static CardElement? Chart(AnswerChart? chart, CardLimits limits, HashSet<string> breakdownRows)
    {
        var limit = limits.ChartPoints;
        if (chart is null || chart.Points.Count == 0 || limit == 0)
        {
            return null;
        }

        var points = chart.Points.Take(limit).ToList();
        var ratio = IsRatioChart(chart);
        // Counts (reps per band) and days are plain numbers: never scaled to K/M, never shown as money.
        var plain = chart.Unit is ChartUnits.Count or ChartUnits.Days;
        var (divisor, unit) = ratio ? (0.01m, "%") : plain ? (1m, chart.Unit == ChartUnits.Days ? "days" : null) : AxisScale(points.Max(point => Math.Abs(point.Value)));
        var bridge = chart.Kind.ToLowerInvariant() is "waterfall" or "bridge";
        string Display(decimal value, int index) => ratio ? HumanFormat.Percent(value)
            : plain ? value.ToString("#,0.#", System.Globalization.CultureInfo.InvariantCulture) + (chart.Unit == ChartUnits.Days ? " days" : "")
            // A bridge's first and last bars are levels (quota, bookings); the steps between are signed changes.
            : bridge && index > 0 && index < points.Count - 1 ? HumanFormat.SignedMoney(value)
            : HumanFormat.Money(value);
        string Label(string label) => bridge ? HumanFormat.Label(label) : label;
        var title = InertText.Escape(chart.Title);
        // Where the chart's bars are exactly the breakdown's rows, a host without charts would list the same rows twice.
        var facts = points.All(point => breakdownRows.Contains(point.Label))
            ? null
            : new FactSet([.. points.Select((point, index) => new Fact(InertText.Escape(Label(point.Label)), Display(point.Value, index)))]) { Spacing = "Small" };
        // Hosts without Chart.* get the same chart as a picture (ChartImages), then the values as text for screen
        // readers and for when the card had to shrink without the picture.
        var image = limits.ChartImage ? ChartImages.DataUri(chart with { Points = points }) : null;
        CardElement fallback = image is null && facts is null
            ? new Container([]) { Spacing = "None" }
            : new Container(
            [
                new TextBlock($"**{title}**"),
                .. image is null ? Array.Empty<CardElement>() : [new Image(image) { AltText = title, Size = "Stretch" }],
                .. facts is null ? Array.Empty<CardElement>() : [facts],
            ])
            { Spacing = "Medium", Separator = true };

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
        yield return new FactSet([.. RowsInOrder(answer.Breakdown).Take(limit).Select(row => new Fact(InertText.Escape(row.Value), BreakdownValue(row)))]) { Spacing = "Small" };
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

        if (row.Measures?.GetValueOrDefault("commit_call") is { } commitCall)
        {
            // A forecast row: what the territory calls, beside what it has won.
            parts.Add("commit call " + HumanFormat.Money(commitCall));
        }

        if (parts.Count > 0 || row.Measures is not { } measures)
        {
            return parts.Count == 0 ? "–" : string.Join(" · ", parts);
        }

        if (measures.GetValueOrDefault("gap") is { } gap && measures.GetValueOrDefault("share_of_gap") is { } share)
        {
            // Where the gap sits: its amount and its share of the whole, the way a leader would say it.
            parts.Add($"{HumanFormat.SignedMoney(gap)} · {HumanFormat.Percent(share)} of the gap");
        }
        else
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
            var (flag, flagColor) = DealFlag(deal);
            var amount = new List<CardElement> { new TextBlock(HumanFormat.Money(deal.Amount)) { Weight = "Bolder", HorizontalAlignment = "Right", Wrap = false } };
            if (flag is not null)
            {
                amount.Add(new TextBlock(flag) { Color = flagColor, Size = "Small", HorizontalAlignment = "Right", Spacing = "None", Wrap = false });
            }

            yield return new ColumnSet(
            [
                new Column(
                [
                    new TextBlock(InertText.Escape(deal.Name)) { Weight = "Bolder", MaxLines = 2 },
                    new TextBlock(DealDetails(answer, deal)) { IsSubtle = true, Size = "Small", Spacing = "None" },
                ])
                { Width = "stretch" },
                new Column(amount) { Width = "auto" },
            ])
            { Spacing = "Small" };
        }

        if (answer.Deals.Count > limit)
        {
            yield return More(answer.Deals.Count - limit, "deal");
        }
    }

    /// <summary>
    /// "Alex Morgan · Negotiation · closes 30 Nov 2026": the account only when the deal name does not start with it,
    /// the owner only when the answer is not already about that rep.
    /// </summary>
    private static string DealDetails(AnswerDocument answer, AnswerDeal deal)
    {
        var parts = new List<string>();
        if (!deal.Name.StartsWith(deal.Account, StringComparison.OrdinalIgnoreCase))
        {
            parts.Add(InertText.Escape(deal.Account));
        }

        if (!string.Equals(deal.Owner, answer.Scope.Rep, StringComparison.OrdinalIgnoreCase))
        {
            parts.Add(InertText.Escape(deal.Owner));
        }

        var closed = deal.Stage.StartsWith("Closed", StringComparison.OrdinalIgnoreCase);
        parts.Add(InertText.Escape(deal.Stage));
        parts.Add((closed ? "closed " : "closes ") + HumanFormat.Date(deal.CloseDate));
        return string.Join(" · ", parts);
    }

    /// <summary>The deal's flag as a coloured word under its amount; "open" and a "won"/"lost" the stage already says are left out.</summary>
    private static (string? Text, string? Color) DealFlag(AnswerDeal deal)
    {
        var flag = deal.Flag?.Trim().ToLowerInvariant();
        return flag switch
        {
            null or "" or "open" => (null, null),
            "won" when deal.Stage.Contains("won", StringComparison.OrdinalIgnoreCase) => (null, null),
            "lost" when deal.Stage.Contains("lost", StringComparison.OrdinalIgnoreCase) => (null, null),
            "won" or "pulled_in" or "pulled in" => (HumanFormat.Label(flag), "Good"),
            _ => (InertText.Escape(HumanFormat.Label(flag)), "Attention"),
        };
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
            ? dataAsOf.UtcDateTime.ToString("d MMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture)
            : HumanFormat.Date(answer.AsOf);
        yield return new TextBlock($"Data as of {asOf}") { IsSubtle = true, Size = "Small", Spacing = "Medium" };
    }

    private static TextBlock SectionTitle(string text) => new(text) { Weight = "Bolder", Spacing = "Medium", Separator = true };

    private static TextBlock More(int count, string noun) =>
        new($"+{count} more {noun}{(count == 1 ? "" : "s")}") { IsSubtle = true, Size = "Small", Spacing = "None" };
}
