using System.ComponentModel;
using Microsoft.SemanticKernel;
using SalesOpsBot.Analysis.Calendar;
using SalesOpsBot.Conversation.Answers;
using SalesOpsBot.Conversation.Assistant;
using SalesOpsBot.Conversation.Routing;

namespace SalesOpsBot.Conversation.Plugins;

/// <summary>One function call the model made and what it produced (the document is null when the arguments were refused).</summary>
public sealed record PluginCall(string Function, RoutedQuestion? Routed, AnswerDocument? Document, string? Error);

/// <summary>
/// The analyses as Semantic Kernel functions, one per intent of the answer document. An instance serves one turn:
/// the caller's access is bound in <paramref name="grounding"/> (resolved from the authenticated principal), so no
/// function takes a scope, and every name the model passes is resolved inside it. Each function builds the same
/// <see cref="RoutedQuestion"/> the router would and runs it through <see cref="SalesAssistant.AnswerRoutedAsync"/>.
/// </summary>
public sealed class SalesPlugin(SalesAssistant assistant, TurnGrounding grounding, AssistantTurn turn)
{
    public const string Name = "sales";

    private const string TerritoryText = "Territory or region name as the user said it, e.g. \"EMEA\", \"DACH\", \"Europe\". Omit for everything the user can see.";
    private const string RepText = "Sales rep's full, first or last name, or \"me\" for the user's own numbers. Omit when not about one rep.";
    private const string ManagerText = "A manager's name when the question is about that manager's team (\"Oliver's team\"). Omit otherwise.";
    private const string PeriodText = "Period in the user's words or as a fiscal label: \"FY2026 Q3\", \"Q3\", \"last quarter\", \"this quarter\", \"QTD\", \"YTD\", \"H1\", \"last year\", \"in September\", \"last 30 days\", \"since July\". Omit for the default period of the question.";
    private const string SegmentText = "Customer segment filter, e.g. \"Enterprise\", \"Mid-Market\", \"SMB\". Omit for all segments.";
    private const string ProductText = "Product filter by product name. Omit for all products.";
    private const string TypeText = "Deal type filter, e.g. \"New Business\", \"Expansion\", \"Renewal\". Omit for all types.";
    private const string LeadSourceText = "Lead source filter, e.g. \"Inbound\", \"Outbound\", \"Partner\". Omit for all lead sources.";
    private const string Returns = "JSON: metrics (money in the reporting currency, ratios as fractions: 0.86 = 86%), drivers, breakdown, deals, narrative, caveats; or {\"error\": ...} to relay to the user.";

    private readonly PluginArguments _arguments = new(grounding, turn.AsOf, assistant.Calendar);
    private readonly List<PluginCall> _calls = [];

    /// <summary>Every call of this turn, in order.</summary>
    public IReadOnlyList<PluginCall> Calls => _calls;

    [KernelFunction("explain_attainment")]
    [Description("Explains why a territory, rep or team hit or missed quota in a completed period: bookings vs quota, the gap split into causes (volume, win rate, deal size, slipped deals, …) with amounts, where the gap sits (territory, segment, product) and the deals behind it. Use for \"why did we miss\", \"what happened in\", \"what drove\".")]
    [return: Description(Returns)]
    public Task<string> ExplainAttainmentAsync(
        [Description(TerritoryText)] string? territory = null,
        [Description(RepText)] string? rep = null,
        [Description(ManagerText)] string? manager = null,
        [Description(PeriodText + " Default: the last completed quarter.")] string? period = null,
        [Description("What to compare against: \"trailing_four_quarters\" (default, the run-rate of the previous four quarters), \"prior_quarter\", \"last_year\" (the same quarter a year earlier) or \"forecast_at_start\" (commit plus half the best case at the quarter's start; for \"why did we miss the forecast\").")] string? baseline = null,
        [Description(SegmentText)] string? segment = null,
        [Description(ProductText)] string? product = null,
        [Description(TypeText)] string? dealType = null,
        [Description(LeadSourceText)] string? leadSource = null,
        CancellationToken cancellationToken = default) =>
        RunAsync("explain_attainment", () => Question(Intents.ExplainAttainment, territory, rep, manager, period, segment, product, dealType, leadSource) with
        {
            Baseline = baseline?.Trim().ToLowerInvariant() switch
            {
                null or "" or "trailing_four_quarters" => null,
                "prior_quarter" => Baselines.PriorQuarter,
                "last_year" => Baselines.LastYear,
                "forecast_at_start" => Baselines.Forecast,
                var other => throw new PluginArgumentException($"Unknown baseline \"{other}\"; use trailing_four_quarters, prior_quarter, last_year or forecast_at_start."),
            },
        }, cancellationToken);

    [KernelFunction("get_rep_performance")]
    [Description("Rep performance of a territory or team: how many reps sit in each attainment band (<50%, 50–80%, 80–100%, ≥100%), the median, top and bottom reps with bookings and quota, new hires against their ramped quota, and vacant seats with their quota's share of the gap. For \"how are my reps doing\", \"who is behind\", \"how are the new hires ramping\", \"vacant seats\".")]
    [return: Description(Returns)]
    public Task<string> GetRepPerformanceAsync(
        [Description(TerritoryText)] string? territory = null,
        [Description(ManagerText)] string? manager = null,
        [Description(PeriodText + " Default: the current quarter.")] string? period = null,
        CancellationToken cancellationToken = default) =>
        RunAsync("get_rep_performance", () => Question(Intents.RepPerformance, territory, null, manager, period, null, null, null, null), cancellationToken);

    [KernelFunction("get_attainment")]
    [Description("Bookings against quota (attainment, gap, win rate, average deal size, sales cycle) for a territory, rep or team, with a leaderboard one level down. For \"how are we tracking\", \"who's behind\", \"how did we do\". A period in progress shows bookings so far and the linear pace.")]
    [return: Description(Returns)]
    public Task<string> GetAttainmentAsync(
        [Description(TerritoryText)] string? territory = null,
        [Description(RepText)] string? rep = null,
        [Description(ManagerText)] string? manager = null,
        [Description(PeriodText + " Default: the current quarter.")] string? period = null,
        [Description("Leaderboard rows: \"territory\" (default: the territories one level down, or reps at the bottom of the tree) or \"rep\".")] string? leaderboard = null,
        [Description(SegmentText)] string? segment = null,
        [Description(ProductText)] string? product = null,
        [Description(TypeText)] string? dealType = null,
        [Description(LeadSourceText)] string? leadSource = null,
        CancellationToken cancellationToken = default) =>
        RunAsync("get_attainment", () =>
        {
            var question = Question(Intents.Attainment, territory, rep, manager, period, segment, product, dealType, leadSource);
            return leaderboard?.Trim().ToLowerInvariant() switch
            {
                null or "" or "territory" => question,
                // The dispatch breaks down by rep when the question asks about reps.
                "rep" or "reps" => question with { Question = question.Question + " (by rep)" },
                var other => throw new PluginArgumentException($"Unknown leaderboard \"{other}\"; use territory or rep."),
            };
        }, cancellationToken);

    [KernelFunction("get_pipeline")]
    [Description("Open pipeline due in the rest of a period and its coverage of what is still to book (coverage = open pipeline ÷ (quota − bookings)), pipeline created and slipped so far, by territory or rep.")]
    [return: Description(Returns)]
    public Task<string> GetPipelineAsync(
        [Description(TerritoryText)] string? territory = null,
        [Description(RepText)] string? rep = null,
        [Description(ManagerText)] string? manager = null,
        [Description(PeriodText + " Default: the current quarter.")] string? period = null,
        [Description(SegmentText)] string? segment = null,
        [Description(ProductText)] string? product = null,
        [Description(TypeText)] string? dealType = null,
        [Description(LeadSourceText)] string? leadSource = null,
        CancellationToken cancellationToken = default) =>
        RunAsync("get_pipeline", () => Question(Intents.Pipeline, territory, rep, manager, period, segment, product, dealType, leadSource), cancellationToken);

    [KernelFunction("get_pipeline_changes")]
    [Description("Deals whose close date moved or that closed in a period: what slipped out, was pulled in, was lost or won. For \"what slipped\", \"what got pushed\", \"what did we lose\".")]
    [return: Description(Returns)]
    public Task<string> GetPipelineChangesAsync(
        [Description("Which change: \"slipped\" (close date moved out of the period; default), \"pulled_in\", \"lost\" or \"won\".")] string? change = null,
        [Description(TerritoryText)] string? territory = null,
        [Description(RepText)] string? rep = null,
        [Description(ManagerText)] string? manager = null,
        [Description(PeriodText + " Default: the last completed quarter.")] string? period = null,
        [Description(SegmentText)] string? segment = null,
        [Description(ProductText)] string? product = null,
        CancellationToken cancellationToken = default) =>
        RunAsync("get_pipeline_changes", () => Question(Intents.PipelineChanges, territory, rep, manager, period, segment, product, null, null) with
        {
            DealFlag = change?.Trim().ToLowerInvariant() switch
            {
                null or "" or "slipped" or "pushed" => DealFlags.Slipped,
                "pulled_in" => DealFlags.PulledIn,
                "lost" => DealFlags.Lost,
                "won" => DealFlags.Won,
                var other => throw new PluginArgumentException($"Unknown change \"{other}\"; use slipped, pulled_in, lost or won."),
            },
        }, cancellationToken);

    [KernelFunction("get_forecast")]
    [Description("The forecast roll-up for a period: won so far, commit, best case and pipeline by territory, the commit call (won + commit) and best-case call against quota. For \"are we going to make the number\", \"what's the commit\".")]
    [return: Description(Returns)]
    public Task<string> GetForecastAsync(
        [Description(TerritoryText)] string? territory = null,
        [Description(ManagerText)] string? manager = null,
        [Description(PeriodText + " Default: the current quarter.")] string? period = null,
        [Description(SegmentText)] string? segment = null,
        [Description(ProductText)] string? product = null,
        CancellationToken cancellationToken = default) =>
        RunAsync("get_forecast", () => Question(Intents.Forecast, territory, null, manager, period, segment, product, null, null), cancellationToken);

    [KernelFunction("list_deals")]
    [Description("A list of deals by name with amount, owner, stage and close date: the largest, those at risk, or the won, lost, slipped or pulled-in ones of a period.")]
    [return: Description(Returns)]
    public Task<string> ListDealsAsync(
        [Description("Which deals: \"top\" (largest open or won; default), \"at_risk\" (open deals with risk flags), \"won\", \"lost\", \"slipped\" or \"pulled_in\".")] string? list = null,
        [Description(TerritoryText)] string? territory = null,
        [Description(RepText)] string? rep = null,
        [Description(ManagerText)] string? manager = null,
        [Description(PeriodText + " Default: the current quarter (the last completed one for won, lost, slipped and pulled_in).")] string? period = null,
        [Description(SegmentText)] string? segment = null,
        [Description(ProductText)] string? product = null,
        [Description(TypeText)] string? dealType = null,
        CancellationToken cancellationToken = default) =>
        RunAsync("list_deals", () =>
        {
            var question = Question(Intents.Deals, territory, rep, manager, period, segment, product, dealType, null);
            return list?.Trim().ToLowerInvariant() switch
            {
                null or "" or "top" => question,
                // The dispatch picks the risk-flagged deals when the question speaks of risk.
                "at_risk" => question with { Question = question.Question + " (at risk)" },
                "won" => question with { DealFlag = DealFlags.Won },
                "lost" => question with { DealFlag = DealFlags.Lost },
                "slipped" => question with { DealFlag = DealFlags.Slipped },
                "pulled_in" => question with { DealFlag = DealFlags.PulledIn },
                var other => throw new PluginArgumentException($"Unknown list \"{other}\"; use top, at_risk, won, lost, slipped or pulled_in."),
            };
        }, cancellationToken);

    [KernelFunction("get_rep_pipeline")]
    [Description("One rep's open deals due in a period, by forecast category, with the ones at risk. For \"show me Alex's pipeline\", \"my pipeline\".")]
    [return: Description(Returns)]
    public Task<string> GetRepPipelineAsync(
        [Description("The rep's full, first or last name, or \"me\" for the user.")] string rep,
        [Description(PeriodText + " Default: the current quarter.")] string? period = null,
        [Description("\"slipped\" to show only deals that were pushed; omit for all open deals.")] string? only = null,
        CancellationToken cancellationToken = default) =>
        RunAsync("get_rep_pipeline", () => Question(Intents.RepPipeline, null, rep, null, period, null, null, null, null) with
        {
            DealFlag = only?.Trim().ToLowerInvariant() is "slipped" or "pushed" ? DealFlags.Slipped : null,
        }, cancellationToken);

    [KernelFunction("get_trend")]
    [Description("A metric quarter by quarter for the six quarters ending with a period, for a territory, rep or team.")]
    [return: Description(Returns)]
    public Task<string> GetTrendAsync(
        [Description("The metric: \"bookings\" (default), \"pipeline\" (pipeline created), \"win_rate\", \"deal_size\", \"cycle\" (sales cycle in days) or \"attainment\".")] string? metric = null,
        [Description(TerritoryText)] string? territory = null,
        [Description(RepText)] string? rep = null,
        [Description(ManagerText)] string? manager = null,
        [Description(PeriodText + " The last quarter of the trend; default: the current quarter.")] string? period = null,
        [Description(SegmentText)] string? segment = null,
        [Description(ProductText)] string? product = null,
        CancellationToken cancellationToken = default) =>
        RunAsync("get_trend", () => Question(Intents.Trend, territory, rep, manager, period, segment, product, null, null) with
        {
            Metric = metric?.Trim().ToLowerInvariant() switch
            {
                null or "" or "bookings" => MetricNames.Bookings,
                "pipeline" or "pipeline_created" => MetricNames.Pipeline,
                "win_rate" => MetricNames.WinRate,
                "deal_size" => MetricNames.DealSize,
                "cycle" => MetricNames.Cycle,
                "attainment" => MetricNames.Attainment,
                var other => throw new PluginArgumentException($"Unknown trend metric \"{other}\"; use bookings, pipeline, win_rate, deal_size, cycle or attainment."),
            },
        }, cancellationToken);

    [KernelFunction("compare")]
    [Description("Compares bookings, quota, attainment and win rate side by side: several territories, several reps, several segments (or products, deal types, lead sources), or one subject in two periods.")]
    [return: Description(Returns)]
    public Task<string> CompareAsync(
        [Description("Comma-separated names of one kind: territories (\"EMEA, APAC\"), reps, segments, products, deal types or lead sources. One name when comparing two periods.")] string names,
        [Description(PeriodText + " Default: the last completed quarter.")] string? period = null,
        [Description("A second period to compare the single subject with, e.g. \"Q2\" or \"FY2025 Q3\". Omit when comparing several names.")] string? otherPeriod = null,
        CancellationToken cancellationToken = default) =>
        RunAsync("compare", () => CompareQuestion(names, period, otherPeriod), cancellationToken);

    [KernelFunction("get_data_quality")]
    [Description("Data-quality problems in the user's data that can affect answers (won deals not closed, open deals past their close date, missing history, reps without quota), with counts and examples.")]
    [return: Description(Returns)]
    public Task<string> GetDataQualityAsync(CancellationToken cancellationToken = default) =>
        RunAsync("get_data_quality", () => Question(Intents.DataQuality, null, null, null, null, null, null, null, null), cancellationToken);

    [KernelFunction("define_metric")]
    [Description("How a metric is defined and calculated, in words for sales leaders. For \"how do you calculate coverage\", \"what counts as a slipped deal\".")]
    [return: Description(Returns)]
    public Task<string> DefineMetricAsync(
        [Description("One of: bookings, quota, attainment, pipeline, coverage, win_rate, deal_size, cycle, forecast, commit, pipeline_created, slipped, pulled_in.")] string metric,
        CancellationToken cancellationToken = default) =>
        RunAsync("define_metric", () =>
        {
            var name = metric?.Trim().ToLowerInvariant().Replace(' ', '_') ?? "";
            string[] known = ["bookings", "quota", "attainment", "pipeline", "coverage", "win_rate", "deal_size", "cycle", "forecast", "commit", "pipeline_created", "slipped", "pulled_in"];
            return known.Contains(name)
                ? Question(Intents.Definition, null, null, null, null, null, null, null, null) with { Metric = name }
                : throw new PluginArgumentException($"Unknown metric \"{metric}\"; use one of {string.Join(", ", known)}.");
        }, cancellationToken);

    [KernelFunction("get_help")]
    [Description("What the assistant can answer, with example questions. Use when the user asks what they can ask, or the question is not about sales data.")]
    [return: Description(Returns)]
    public Task<string> GetHelpAsync(CancellationToken cancellationToken = default) =>
        RunAsync("get_help", () => Question(Intents.Help, null, null, null, null, null, null, null, null), cancellationToken);

    private async Task<string> RunAsync(string function, Func<RoutedQuestion> build, CancellationToken cancellationToken)
    {
        RoutedQuestion routed;
        try
        {
            routed = build();
        }
        catch (PluginArgumentException refused)
        {
            _calls.Add(new PluginCall(function, null, null, refused.Message));
            return ToolResult.Error(refused.Message);
        }

        routed = routed with
        {
            // What the next turn inherits, as the router would store it.
            Context = new RoutingContext
            {
                Intent = routed.Intent,
                TerritoryId = routed.TerritoryId,
                RepId = routed.RepId,
                ManagerId = routed.ManagerId,
                CompareWith = routed.CompareWith,
                CompareKind = routed.CompareKind,
                Filters = routed.Filters,
                Period = routed.Period,
                Metric = routed.Metric,
                Baseline = routed.Baseline,
                DealFlag = routed.DealFlag,
            },
        };
        var document = await assistant.AnswerRoutedAsync(grounding.Context(routed, turn, assistant.Calendar), cancellationToken);
        document = document with { Question = turn.Text };
        _calls.Add(new PluginCall(function, routed, document, null));
        return ToolResult.Json(document);
    }

    private RoutedQuestion Question(
        string intent, string? territory, string? rep, string? manager, string? period,
        string? segment, string? product, string? dealType, string? leadSource)
    {
        var aboutCaller = PluginArguments.IsCaller(rep);
        var territoryEntry = _arguments.Entry(territory, "territory", VocabularyKinds.Territory);
        var repEntry = aboutCaller ? null : _arguments.Entry(rep, "rep", VocabularyKinds.Rep);
        var managerEntry = _arguments.Entry(manager, "manager", VocabularyKinds.Rep);
        var fiscalPeriod = _arguments.Period(period);
        var filters = _arguments.Filters(segment, product, dealType, leadSource);
        return Routed(intent, territoryEntry?.Id, repEntry?.Id, managerEntry?.Id, fiscalPeriod, filters) with { AboutCaller = aboutCaller };
    }

    private RoutedQuestion CompareQuestion(string names, string? period, string? otherPeriod)
    {
        string[] kinds = [VocabularyKinds.Territory, VocabularyKinds.Rep, VocabularyKinds.Segment, VocabularyKinds.Product, VocabularyKinds.Type, VocabularyKinds.LeadSource];
        var entries = (names ?? "").Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .SelectMany(n => n.Split(" and ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(n => _arguments.Entry(n, "name", kinds)!)
            .DistinctBy(e => e.Id)
            .ToList();
        var first = entries.Count > 0 ? entries[0] : throw new PluginArgumentException("Give at least one name to compare.");
        if (entries.Any(e => e.Kind != first.Kind))
        {
            throw new PluginArgumentException("Compare names of one kind at a time: territories with territories, reps with reps, segments with segments.");
        }

        var fiscalPeriod = _arguments.Period(period);
        var comparisonPeriod = _arguments.Period(otherPeriod);
        if (entries.Count == 1 && comparisonPeriod is null)
        {
            throw new PluginArgumentException("Give two or more names, or one name and otherPeriod.");
        }

        var subjectKind = first.Kind is VocabularyKinds.Territory or VocabularyKinds.Rep;
        return Routed(Intents.Compare,
            first.Kind == VocabularyKinds.Territory ? first.Id : null,
            first.Kind == VocabularyKinds.Rep ? first.Id : null,
            null, fiscalPeriod, RoutedFilters.None) with
        {
            // Subjects: the first is the question's own, the rest are compared with it; filter values are all compared.
            CompareWith = entries.Count > 1 ? [.. (subjectKind ? entries.Skip(1) : entries).Select(e => e.Id)] : [],
            CompareKind = entries.Count > 1 ? first.Kind : null,
            ComparisonPeriod = comparisonPeriod,
        };
    }

    private RoutedQuestion Routed(string intent, string? territoryId, string? repId, string? managerId, FiscalPeriod? period, RoutedFilters filters)
    {
        var backwardLooking = QuestionRouter.IsBackwardLooking(intent);
        return new RoutedQuestion
        {
            Question = turn.Text,
            Intent = intent,
            TerritoryId = territoryId,
            RepId = repId,
            ManagerId = managerId,
            Filters = filters,
            Period = period,
            PeriodInFuture = backwardLooking && period is not null && period.Start > turn.AsOf,
            Context = new RoutingContext(),
        };
    }
}
