using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.SemanticKernel;

namespace SalesOpsBot.Conversation.Llm;

/// <summary>
/// Metrics and spans of language-model turns (System.Diagnostics only). Tags are the provider, the model and how the
/// turn ended; prompts, answers and numbers are never recorded.
/// </summary>
public static class LlmTelemetry
{
    public const string Name = "SalesOpsBot.Conversation";

    public static ActivitySource Source { get; } = new(Name);

    public static Meter Meter { get; } = new(Name);

    /// <summary><c>salesops.llm.calls</c>: model turns, by provider, model and outcome (<see cref="LlmOutcome"/> or <c>error</c>).</summary>
    public static Counter<long> Calls { get; } = Meter.CreateCounter<long>("salesops.llm.calls", "{call}", "Language-model turns, by provider, model and outcome.");

    /// <summary><c>salesops.llm.duration</c> (s): the whole model conversation of a turn, tool calls included.</summary>
    public static Histogram<double> Duration { get; } = Meter.CreateHistogram<double>("salesops.llm.duration", "s", "Duration of a language-model turn, tool calls included.");

    /// <summary><c>salesops.llm.tokens</c>: tokens reported by the service, by direction (<c>input</c>, <c>output</c>).</summary>
    public static Counter<long> Tokens { get; } = Meter.CreateCounter<long>("salesops.llm.tokens", "{token}", "Tokens reported by the model service, by direction.");

    internal static void RecordTurn(LlmSettings settings, string outcome, TimeSpan elapsed, ChatMessageContent? reply)
    {
        var provider = new KeyValuePair<string, object?>("provider", settings.Provider.ToString());
        var model = new KeyValuePair<string, object?>("model", settings.Model);
        Calls.Add(1, provider, model, new KeyValuePair<string, object?>("outcome", outcome));
        Duration.Record(elapsed.TotalSeconds, provider, model, new KeyValuePair<string, object?>("outcome", outcome));
        // The OpenAI connectors put the service's usage in the metadata of the final response (earlier rounds of
        // automatic function calling are not summed by Semantic Kernel, so this counts the last request).
        if (reply?.Metadata is { } metadata && metadata.TryGetValue("Usage", out var usage) && usage is OpenAI.Chat.ChatTokenUsage tokens)
        {
            Tokens.Add(tokens.InputTokenCount, provider, model, new KeyValuePair<string, object?>("direction", "input"));
            Tokens.Add(tokens.OutputTokenCount, provider, model, new KeyValuePair<string, object?>("direction", "output"));
        }
    }
}
