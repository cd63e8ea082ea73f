using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using SalesOpsBot.Conversation.Answers;

namespace SalesOpsBot.Conversation.Plugins;

/// <summary>
/// What a plugin function hands the model: the answer document without its SQL, chart series or question, trimmed to
/// what a narrative needs. The deterministic narrative goes along as <c>narrative</c> so the model can follow its lead.
/// </summary>
public static class ToolResult
{
    private const int MaxBreakdownRows = 12;
    private const int MaxDeals = 10;

    private static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Readable text for the model; HTML-sensitive characters stay escaped.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    public static string Json(AnswerDocument document) => JsonSerializer.Serialize(new
    {
        intent = document.Intent,
        scope = document.Scope,
        period = document.Period,
        as_of = document.AsOf,
        metrics = document.Metrics.Where(m => m.Value is not null).ToDictionary(m => m.Key, m => m.Value),
        drivers = Nullable(document.Drivers),
        breakdown = Nullable([.. document.Breakdown.Take(MaxBreakdownRows)]),
        deals = Nullable([.. document.Deals.Take(MaxDeals)]),
        narrative = document.Answer,
        clarification = document.Clarification,
        caveats = Nullable(document.Caveats),
        followups = Nullable(document.Followups),
    }, Options);

    public static string Error(string message) => JsonSerializer.Serialize(new { error = message }, Options);

    private static IReadOnlyList<T>? Nullable<T>(IReadOnlyList<T> items) => items.Count == 0 ? null : items;
}
