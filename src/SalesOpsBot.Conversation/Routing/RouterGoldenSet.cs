using System.Globalization;
using System.Text;
using System.Text.Json;
using SalesOpsBot.Analysis.Calendar;

namespace SalesOpsBot.Conversation.Routing;

/// <summary>How often one field of the golden set was right.</summary>
public sealed record RouterFieldAccuracy(string Field, int Checked, int Correct)
{
    public double Accuracy => Checked == 0 ? 1 : (double)Correct / Checked;
}

/// <summary>A golden question the router got wrong, with each mismatch as "field: expected … got …".</summary>
public sealed record RouterGoldenFailure(string Question, string? Conversation, IReadOnlyList<string> Mismatches);

/// <summary>
/// The router's score on the golden set. A question counts as correct when intent, scope (territory, rep,
/// manager, compared entities, whether a clarification is asked), filters and period are all right.
/// </summary>
public sealed record RouterAccuracyReport(int Total, int Correct, IReadOnlyList<RouterFieldAccuracy> Fields, IReadOnlyList<RouterGoldenFailure> Failures)
{
    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;

    public string Format()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Router golden set: {Correct}/{Total} correct ({Accuracy:P1}; intent + scope + filters + period)");
        foreach (var field in Fields)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {field.Field,-9} {field.Correct,4}/{field.Checked,-4} {field.Accuracy:P1}");
        }

        foreach (var failure in Failures)
        {
            var where = failure.Conversation is null ? "" : $" [{failure.Conversation}]";
            text.AppendLine(CultureInfo.InvariantCulture, $"  x \"{failure.Question}\"{where}: {string.Join("; ", failure.Mismatches)}");
        }

        return text.ToString();
    }
}

/// <summary>Runs the router over <c>router-golden.json</c> (and the vocabulary fixture it names) in a folder.</summary>
public static class RouterGoldenSet
{
    public const string FileName = "router-golden.json";

    private static readonly string[] ScopeFields = ["territory", "rep", "manager"];
    private static readonly string[] FilterFields = ["segment", "product", "type", "lead_source"];

    /// <summary>Held-out questions written after the router was tuned: a check that it generalises.</summary>
    public const string HoldoutFileName = "router-holdout.json";

    public static RouterAccuracyReport Evaluate(string goldenFolder) => Evaluate(goldenFolder, FileName);

    public static RouterAccuracyReport Evaluate(string goldenFolder, string fileName)
    {
        using var golden = JsonDocument.Parse(File.ReadAllText(Path.Combine(goldenFolder, fileName)),
            new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        var root = golden.RootElement;
        var vocabularyFile = root.TryGetProperty("vocabulary", out var v) ? v.GetString()! : "vocabulary.json";
        var vocabulary = Vocabulary.FromJson(File.ReadAllText(Path.Combine(goldenFolder, vocabularyFile)));
        var asOf = DateOnly.Parse(root.GetProperty("as_of").GetString()!, CultureInfo.InvariantCulture);
        var calendar = new FiscalCalendar(root.TryGetProperty("fiscal_year_start_month", out var m) ? m.GetInt32() : 1);
        var router = new QuestionRouter();
        var tally = new Tally();

        foreach (var item in root.GetProperty("cases").EnumerateArray())
        {
            var question = item.GetProperty("q").GetString()!;
            tally.Score(item, router.Route(question, vocabulary, null, AsOf(item, asOf), calendar), vocabulary, null);
        }

        if (root.TryGetProperty("conversations", out var conversations))
        {
            foreach (var conversation in conversations.EnumerateArray())
            {
                var name = conversation.GetProperty("name").GetString();
                RoutingContext? context = null;
                foreach (var turn in conversation.GetProperty("turns").EnumerateArray())
                {
                    var routed = router.Route(turn.GetProperty("q").GetString()!, vocabulary, context, AsOf(turn, asOf), calendar);
                    tally.Score(turn, routed, vocabulary, name);
                    context = routed.Context;
                }
            }
        }

        return tally.Report();
    }

    private static DateOnly AsOf(JsonElement item, DateOnly fallback) =>
        item.TryGetProperty("as_of", out var value) ? DateOnly.Parse(value.GetString()!, CultureInfo.InvariantCulture) : fallback;

    private sealed class Tally
    {
        private readonly Dictionary<string, (int Checked, int Correct)> _fields = [];
        private readonly List<RouterGoldenFailure> _failures = [];
        private int _total;
        private int _correct;

        public void Score(JsonElement expected, RoutedQuestion actual, Vocabulary vocabulary, string? conversation)
        {
            var mismatches = new List<string>();
            var intent = Check("intent", Text(expected, "intent"), actual.Intent, mismatches);

            var scope = true;
            foreach (var field in ScopeFields)
            {
                var got = field switch { "territory" => actual.TerritoryId, "rep" => actual.RepId, _ => actual.ManagerId };
                scope &= SameEntity(field, Text(expected, field), got, vocabulary, mismatches);
            }

            var expectedCompare = expected.TryGetProperty("compare", out var c) ? c.EnumerateArray().Select(e => e.GetString()!).ToList() : [];
            var compareOk = expectedCompare.Count == actual.CompareWith.Count
                && expectedCompare.Zip(actual.CompareWith).All(p => Matches(p.First, p.Second, vocabulary));
            if (!compareOk)
            {
                mismatches.Add($"compare: expected [{string.Join(", ", expectedCompare)}] got [{string.Join(", ", actual.CompareWith)}]");
            }

            var clarify = expected.TryGetProperty("clarify", out var k) && k.GetBoolean();
            var clarifyOk = clarify == (actual.Clarification is not null);
            if (!clarifyOk)
            {
                mismatches.Add($"clarify: expected {clarify} got {actual.Clarification?.Question ?? "none"}");
            }

            scope &= compareOk && clarifyOk;
            Count("scope", scope);

            var filters = true;
            foreach (var field in FilterFields)
            {
                var got = field switch
                {
                    "segment" => actual.Filters.Segment,
                    "product" => actual.Filters.Product,
                    "type" => actual.Filters.Type,
                    _ => actual.Filters.LeadSource,
                };
                filters &= SameEntity(field, Text(expected, field), got, vocabulary, mismatches);
            }

            Count("filters", filters);
            var period = Check("period", Text(expected, "period"), actual.Period?.Label, mismatches);

            if (expected.TryGetProperty("future", out var future))
            {
                Check("future", future.GetBoolean().ToString(), actual.PeriodInFuture.ToString(), mismatches);
            }

            CheckIfGiven(expected, "metric", actual.Metric, mismatches);
            CheckIfGiven(expected, "flag", actual.DealFlag, mismatches);
            CheckIfGiven(expected, "baseline", actual.Baseline, mismatches);
            CheckIfGiven(expected, "cron", actual.Subscription?.Cron, mismatches);
            CheckIfGiven(expected, "topic", actual.Subscription?.Topic, mismatches);

            var correct = intent && scope && filters && period;
            _total++;
            _correct += correct ? 1 : 0;
            if (mismatches.Count > 0)
            {
                _failures.Add(new RouterGoldenFailure(actual.Question, conversation, mismatches));
            }
        }

        public RouterAccuracyReport Report() => new(
            _total, _correct,
            [.. _fields.Select(f => new RouterFieldAccuracy(f.Key, f.Value.Checked, f.Value.Correct))],
            _failures);

        private void CheckIfGiven(JsonElement expected, string field, string? actual, List<string> mismatches)
        {
            if (expected.TryGetProperty(field, out _))
            {
                Check(field, Text(expected, field), actual, mismatches);
            }
        }

        private bool Check(string field, string? expected, string? actual, List<string> mismatches)
        {
            var ok = string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase);
            if (!ok)
            {
                mismatches.Add($"{field}: expected {expected ?? "null"} got {actual ?? "null"}");
            }

            Count(field, ok);
            return ok;
        }

        private static bool SameEntity(string field, string? expected, string? actual, Vocabulary vocabulary, List<string> mismatches)
        {
            var ok = expected is null ? actual is null : actual is not null && Matches(expected, actual, vocabulary);
            if (!ok)
            {
                mismatches.Add($"{field}: expected {expected ?? "null"} got {actual ?? "null"}");
            }

            return ok;
        }

        private static bool Matches(string expected, string actualId, Vocabulary vocabulary) =>
            string.Equals(expected, actualId, StringComparison.OrdinalIgnoreCase)
            || string.Equals(expected, vocabulary.Find(actualId)?.Name, StringComparison.OrdinalIgnoreCase);

        private void Count(string field, bool ok)
        {
            var (checkedCount, correct) = _fields.GetValueOrDefault(field);
            _fields[field] = (checkedCount + 1, correct + (ok ? 1 : 0));
        }

        private static string? Text(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.ToString() : null;
    }
}
