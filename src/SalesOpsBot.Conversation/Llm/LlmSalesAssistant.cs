using System.Globalization;
using System.Net;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.AzureOpenAI;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using SalesOpsBot.Conversation.Answers;
using SalesOpsBot.Conversation.Assistant;
using SalesOpsBot.Conversation.Plugins;
using SalesOpsBot.Conversation.Routing;

namespace SalesOpsBot.Conversation.Llm;

/// <summary>
/// Answers with a language model in front of the deterministic assistant: Semantic Kernel's automatic function
/// calling picks the sales functions (bound to the caller's access), and the model writes the narrative. The answer
/// is the first function's document with <c>answer</c> replaced by the model's text, and only when every number
/// in that text is in the tool results; otherwise the tools' own narrative stands. A model that errors, is
/// rate-limited, is slow or calls no function hands the turn to the router. Without settings, it is the router.
/// </summary>
public sealed class LlmSalesAssistant : ISalesAssistant, IDisposable
{
    private const int NamesInPrompt = 40;

    private readonly SalesAssistant _assistant;
    private readonly LlmSettings _settings;
    private readonly HttpClient? _ownedHttpClient;
    private readonly Kernel? _kernel;
    private readonly PromptTemplateConfig _prompt = PromptLibrary.Load(PromptLibrary.Answer);
    private readonly KernelFunction _answer;

    /// <param name="assistant">The deterministic assistant: the functions' dispatch and the fallback.</param>
    /// <param name="settings">Which model; <see cref="LlmSettings.Disabled"/> (or incomplete settings) for none.</param>
    /// <param name="httpClient">The client for model calls (tests, proxies); by default one with the turn timeout.</param>
    public LlmSalesAssistant(SalesAssistant assistant, LlmSettings settings, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(assistant);
        ArgumentNullException.ThrowIfNull(settings);
        _assistant = assistant;
        _settings = settings;
        _answer = KernelFunctionFactory.CreateFromPrompt(_prompt);
        if (settings.IsEnabled)
        {
            // The HttpClient timeout is a backstop; the turn's own deadline (below) is what normally ends a slow model.
            _ownedHttpClient = httpClient is null ? new HttpClient { Timeout = settings.Timeout + TimeSpan.FromSeconds(2) } : null;
            _kernel = CreateKernel(settings, httpClient ?? _ownedHttpClient!);
        }
    }

    public bool UsesModel => _kernel is not null;

    public async Task<AnswerDocument> AnswerAsync(AssistantTurn turn, CancellationToken cancellationToken) =>
        (await AnswerWithOutcomeAsync(turn, cancellationToken)).Document;

    public async Task<LlmAnswer> AnswerWithOutcomeAsync(AssistantTurn turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var text = (turn.Text ?? "").Trim();
        if (_kernel is null || text.Length == 0 || text.Length > AssistantTurn.MaxTextLength)
        {
            return await DeterministicAsync(turn, LlmOutcome.Deterministic, _kernel is null ? "no model configured" : "message not sent to the model", [], cancellationToken);
        }

        var grounding = await _assistant.GroundAsync(turn, cancellationToken);
        if (grounding.Access.Scope.IsEmpty)
        {
            return await DeterministicAsync(turn, LlmOutcome.Deterministic, "no access", [], cancellationToken);
        }

        var previous = await _assistant.State.LoadAsync(turn.ConversationId, turn.Principal, cancellationToken);
        var plugin = new SalesPlugin(_assistant, grounding, turn);
        var budget = new ToolBudget(_settings.MaxToolCalls, _settings.MaxRounds);
        var kernel = _kernel.Clone();
        kernel.Plugins.AddFromObject(plugin, SalesPlugin.Name);
        kernel.AutoFunctionInvocationFilters.Add(budget);

        ChatMessageContent? reply;
        using (var span = LlmTelemetry.Source.StartActivity("llm turn", System.Diagnostics.ActivityKind.Client))
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            span?.SetTag("gen_ai.system", _settings.Provider.ToString());
            span?.SetTag("gen_ai.request.model", _settings.Model);
            deadline.CancelAfter(_settings.Timeout);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                var result = await kernel.InvokeAsync(_answer, Arguments(turn, grounding, previous), deadline.Token);
                reply = result.GetValue<ChatMessageContent>();
                LlmTelemetry.RecordTurn(_settings, "ok", System.Diagnostics.Stopwatch.GetElapsedTime(started), reply);
            }
            catch (Exception failure) when (!cancellationToken.IsCancellationRequested && Describe(failure) is { } reason)
            {
                LlmTelemetry.RecordTurn(_settings, "error", System.Diagnostics.Stopwatch.GetElapsedTime(started), null);
                span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, "router fallback");
                return await DeterministicAsync(turn, LlmOutcome.RouterFallback, reason, Called(plugin), cancellationToken);
            }
        }

        var calls = plugin.Calls.Where(c => c.Document is not null).ToList();
        if (calls.Count == 0)
        {
            return await DeterministicAsync(turn, LlmOutcome.RouterFallback, "the model called no function", Called(plugin), cancellationToken);
        }

        var primary = calls[0];
        await _assistant.State.SaveAsync(turn.ConversationId, turn.Principal, primary.Routed!.Context, cancellationToken);
        var document = turn.ShowSql
            ? primary.Document! with { Provenance = primary.Document!.Provenance with { Sql = [.. grounding.Trace.Statements.Select(AnswerComposer.Trace)] } }
            : primary.Document!;

        var modelText = budget.Exhausted || reply is null || reply.Role != AuthorRole.Assistant ? "" : ModelText.WithoutLinks(reply.Content ?? "");
        if (modelText.Length == 0)
        {
            return new LlmAnswer(document, LlmOutcome.ToolNarrative, budget.Exhausted ? "function budget spent" : "the model wrote no text", Called(plugin), []);
        }

        if (ModelText.RepeatsPrompt(modelText, _prompt.Template))
        {
            return new LlmAnswer(document, LlmOutcome.ToolNarrative, "the model repeated its instructions", Called(plugin), []);
        }

        var verdict = NumberGuard.Check(modelText, [.. calls.Select(c => c.Document!)]);
        return verdict.Passed
            ? new LlmAnswer(document with { Answer = modelText }, LlmOutcome.ModelNarrative, null, Called(plugin), [])
            : new LlmAnswer(document, LlmOutcome.ToolNarrative, "unverifiable numbers in the model's text", Called(plugin), [.. verdict.Unverified.Select(n => n.Text)]);
    }

    public void Dispose() => _ownedHttpClient?.Dispose();

    private async Task<LlmAnswer> DeterministicAsync(AssistantTurn turn, LlmOutcome outcome, string reason, IReadOnlyList<string> called, CancellationToken cancellationToken) =>
        new(await _assistant.AnswerAsync(turn, cancellationToken), outcome, reason, called, []);

    private static List<string> Called(SalesPlugin plugin) => [.. plugin.Calls.Select(c => c.Function)];

    /// <summary>Why a model call failed, for the fallback; null for failures that are bugs of ours and must surface.</summary>
    private static string? Describe(Exception failure) => failure switch
    {
        HttpOperationException { StatusCode: HttpStatusCode.TooManyRequests } => "rate-limited by the model (429)",
        HttpOperationException http => $"model error ({(http.StatusCode is { } code ? ((int)code).ToString(CultureInfo.InvariantCulture) : "no response")})",
        OperationCanceledException or KernelFunctionCanceledException or TimeoutException => "the model was too slow",
        HttpRequestException => "model unreachable",
        KernelException or System.Text.Json.JsonException or InvalidOperationException or NotSupportedException => "the model's response could not be used",
        _ => null,
    };

    private KernelArguments Arguments(AssistantTurn turn, TurnGrounding grounding, RoutingContext? previous)
    {
        var names = grounding.Vocabulary.Entries
            .Where(e => e.Kind is VocabularyKinds.Territory or VocabularyKinds.Segment or VocabularyKinds.Product)
            .Select(e => e.Name)
            .Distinct(StringComparer.Ordinal)
            .Take(NamesInPrompt);
        return new KernelArguments(ExecutionSettings())
        {
            ["question"] = turn.Text.Trim(),
            ["as_of"] = turn.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["current_quarter"] = _assistant.Calendar.QuarterContaining(turn.AsOf).Label,
            ["scope"] = grounding.Access.Scope.Description,
            ["names"] = string.Join(", ", names),
            ["previous"] = Previous(previous, grounding),
        };
    }

    private static string Previous(RoutingContext? previous, TurnGrounding grounding)
    {
        if (previous?.Intent is not { } intent)
        {
            return "";
        }

        string Name(string id) => grounding.Hierarchy.Territory(id)?.Name ?? grounding.Hierarchy.Person(id)?.Name ?? id;
        var parts = new List<string> { intent.Replace('_', ' ') };
        if (previous.TerritoryId is { } territory)
        {
            parts.Add($"territory {Name(territory)}");
        }

        if (previous.RepId is { } rep)
        {
            parts.Add($"rep {Name(rep)}");
        }

        if (previous.ManagerId is { } manager)
        {
            parts.Add($"{Name(manager)}'s team");
        }

        if (previous.Period is { } period)
        {
            parts.Add($"period {period.Label}");
        }

        parts.AddRange(new[] { previous.Filters.Segment, previous.Filters.Type, previous.Filters.LeadSource }.OfType<string>().Select(f => $"filter {f}"));
        return $"The previous question in this conversation was about: {string.Join(", ", parts)}. A short follow-up (\"and APAC?\", \"what about Q2?\") keeps whatever it does not change.";
    }

    private PromptExecutionSettings ExecutionSettings()
    {
        var behavior = FunctionChoiceBehavior.Auto();
        var temperature = _prompt.DefaultExecutionSettings?.ExtensionData?.TryGetValue("temperature", out var value) == true
            ? Convert.ToDouble(value?.ToString(), CultureInfo.InvariantCulture)
            : 0d;
        return _settings.Provider == LlmProvider.AzureOpenAI
            ? new AzureOpenAIPromptExecutionSettings { MaxTokens = _settings.MaxOutputTokens, Temperature = temperature, FunctionChoiceBehavior = behavior }
            : new OpenAIPromptExecutionSettings { MaxTokens = _settings.MaxOutputTokens, Temperature = temperature, FunctionChoiceBehavior = behavior };
    }

    private static Kernel CreateKernel(LlmSettings settings, HttpClient httpClient)
    {
        var builder = Kernel.CreateBuilder();
        if (settings.Provider == LlmProvider.AzureOpenAI)
        {
            builder.AddAzureOpenAIChatCompletion(settings.Model!, settings.Endpoint!.ToString(), settings.ApiKey!, httpClient: httpClient);
        }
        else if (settings.Endpoint is { } endpoint)
        {
            // OpenAI-compatible servers often need no key; the client still wants one.
            builder.AddOpenAIChatCompletion(settings.Model!, endpoint, string.IsNullOrWhiteSpace(settings.ApiKey) ? "unused" : settings.ApiKey, httpClient: httpClient);
        }
        else
        {
            builder.AddOpenAIChatCompletion(settings.Model!, settings.ApiKey!, httpClient: httpClient);
        }

        return builder.Build();
    }
}
