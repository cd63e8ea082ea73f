using System.Text.Json.Serialization;

namespace SalesOpsBot.Conversation.Answers;

// The answer document of ../shared/specs/cli-and-answer.md: every channel (CLI, Teams, web chat,
// digests) renders this one shape. Property names are the stable interface; add, never rename.
// Money is in the reporting currency, ratios are fractions, dates ISO 8601.

public sealed record AnswerDocument
{
    [JsonPropertyName("question")] public required string Question { get; init; }
    [JsonPropertyName("intent")] public required string Intent { get; init; }
    [JsonPropertyName("scope")] public AnswerScope Scope { get; init; } = new();
    [JsonPropertyName("period")] public AnswerPeriod? Period { get; init; }
    [JsonPropertyName("as_of")] public DateOnly AsOf { get; init; }

    /// <summary>Named measures (bookings, quota, attainment, gap, win_rate, coverage, …); null where undefined.</summary>
    [JsonPropertyName("metrics")] public IReadOnlyDictionary<string, decimal?> Metrics { get; init; } = new Dictionary<string, decimal?>();

    [JsonPropertyName("drivers")] public IReadOnlyList<AnswerDriver> Drivers { get; init; } = [];
    [JsonPropertyName("breakdown")] public IReadOnlyList<AnswerBreakdownRow> Breakdown { get; init; } = [];
    [JsonPropertyName("deals")] public IReadOnlyList<AnswerDeal> Deals { get; init; } = [];
    [JsonPropertyName("answer")] public string Answer { get; init; } = "";
    [JsonPropertyName("clarification")] public Clarification? Clarification { get; init; }
    [JsonPropertyName("followups")] public IReadOnlyList<string> Followups { get; init; } = [];
    [JsonPropertyName("provenance")] public Provenance Provenance { get; init; } = new();

    /// <summary>Series for a chart (bridge waterfall, breakdown bars, trend line); an addition to the spec.</summary>
    [JsonPropertyName("chart")] public AnswerChart? Chart { get; init; }

    /// <summary>Data-quality caveats that affect this answer; an addition to the spec.</summary>
    [JsonPropertyName("caveats")] public IReadOnlyList<string> Caveats { get; init; } = [];
}

public static class Intents
{
    public const string ExplainAttainment = "explain_attainment";
    public const string Attainment = "attainment";
    public const string Pipeline = "pipeline";
    public const string PipelineChanges = "pipeline_changes";
    public const string Forecast = "forecast";
    public const string Deals = "deals";
    public const string RepPipeline = "rep_pipeline";
    public const string RepPerformance = "rep_performance";
    public const string Trend = "trend";
    public const string Compare = "compare";
    public const string DataQuality = "data_quality";
    public const string Definition = "definition";
    public const string Help = "help";
    public const string Subscribe = "subscribe";
    public const string Unsubscribe = "unsubscribe";
    public const string Unknown = "unknown";
}

public sealed record AnswerScope
{
    [JsonPropertyName("territory")] public string? Territory { get; init; }
    [JsonPropertyName("rep")] public string? Rep { get; init; }
    [JsonPropertyName("manager")] public string? Manager { get; init; }
    [JsonPropertyName("filters")] public AnswerFilters Filters { get; init; } = new();
}

public sealed record AnswerFilters
{
    [JsonPropertyName("segment")] public string? Segment { get; init; }
    [JsonPropertyName("product")] public string? Product { get; init; }
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("lead_source")] public string? LeadSource { get; init; }
}

public sealed record AnswerPeriod(
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("start")] DateOnly Start,
    [property: JsonPropertyName("end")] DateOnly End);

/// <summary>A cause of the gap. <see cref="Impact"/> is signed like the gap (negative hurt).</summary>
public sealed record AnswerDriver(
    [property: JsonPropertyName("mechanism")] string Mechanism,
    [property: JsonPropertyName("dimension")] string? Dimension,
    [property: JsonPropertyName("value")] string? Value,
    [property: JsonPropertyName("impact")] decimal Impact,
    [property: JsonPropertyName("detail")] string Detail);

public sealed record AnswerBreakdownRow
{
    [JsonPropertyName("dimension")] public required string Dimension { get; init; }
    [JsonPropertyName("value")] public required string Value { get; init; }
    [JsonPropertyName("bookings")] public decimal? Bookings { get; init; }
    [JsonPropertyName("quota")] public decimal? Quota { get; init; }
    [JsonPropertyName("attainment")] public decimal? Attainment { get; init; }

    /// <summary>Further measures of the row (pipeline, coverage, win_rate, …).</summary>
    [JsonPropertyName("measures")] public IReadOnlyDictionary<string, decimal?>? Measures { get; init; }
}

public sealed record AnswerDeal
{
    [JsonPropertyName("opportunity_id")] public required string OpportunityId { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("account")] public required string Account { get; init; }
    [JsonPropertyName("owner")] public required string Owner { get; init; }
    [JsonPropertyName("amount")] public decimal Amount { get; init; }
    [JsonPropertyName("stage")] public required string Stage { get; init; }
    [JsonPropertyName("close_date")] public DateOnly CloseDate { get; init; }
    [JsonPropertyName("flag")] public string? Flag { get; init; }
}

public sealed record Clarification(
    [property: JsonPropertyName("question")] string Question,
    [property: JsonPropertyName("options")] IReadOnlyList<string> Options);

public sealed record Provenance
{
    [JsonPropertyName("definitions")] public IReadOnlyList<string> Definitions { get; init; } = [];
    [JsonPropertyName("data_as_of")] public DateTimeOffset? DataAsOf { get; init; }
    [JsonPropertyName("sql")] public IReadOnlyList<ProvenanceStatement> Sql { get; init; } = [];
}

/// <summary>A statement as run, with its parameter values listed separately (never inlined).</summary>
public sealed record ProvenanceStatement(
    [property: JsonPropertyName("statement")] string Statement,
    [property: JsonPropertyName("parameters")] IReadOnlyDictionary<string, string?> Parameters,
    [property: JsonPropertyName("elapsed_ms")] double ElapsedMs,
    [property: JsonPropertyName("cached"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Cached = false);

/// <summary>A chart of the answer; <see cref="Unit"/> is <c>currency</c>, <c>ratio</c> (fractions, shown as percent), <c>days</c> or <c>count</c>.</summary>
public sealed record AnswerChart(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("points")] IReadOnlyList<ChartPoint> Points,
    [property: JsonPropertyName("unit")] string Unit = ChartUnits.Currency);

public static class ChartUnits
{
    public const string Currency = "currency";
    public const string Ratio = "ratio";
    public const string Days = "days";

    /// <summary>Plain counts (reps per attainment band).</summary>
    public const string Count = "count";
}

public sealed record ChartPoint(
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("value")] decimal Value);
