using System.Globalization;

namespace SalesOpsBot.Conversation.Llm;

public enum LlmProvider
{
    /// <summary>No model: every answer comes from the deterministic router.</summary>
    None,

    /// <summary>OpenAI, or any OpenAI-compatible server (its base URL including <c>/v1</c>).</summary>
    OpenAI,

    AzureOpenAI,
}

/// <summary>
/// Which model to use and the budget of one turn. Read with <see cref="From"/> from configuration keys
/// (<c>Llm:Provider</c>, <c>Llm:Endpoint</c>, <c>Llm:Model</c>, <c>Llm:ApiKey</c>, <c>Llm:TimeoutSeconds</c>,
/// <c>Llm:MaxOutputTokens</c>, <c>Llm:MaxToolCalls</c>, <c>Llm:MaxRounds</c>), then the environment
/// (<c>SALESOPS_LLM_*</c>, then <c>AZURE_OPENAI_ENDPOINT/_DEPLOYMENT/_API_KEY</c> and <c>OPENAI_BASE_URL/_MODEL/_API_KEY</c>).
/// </summary>
public sealed record LlmSettings
{
    public static LlmSettings Disabled { get; } = new();

    public LlmProvider Provider { get; init; }

    /// <summary>Azure: the resource endpoint. OpenAI: the base URL including <c>/v1</c>; null for api.openai.com.</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>OpenAI: the model id. Azure: the deployment name.</summary>
    public string? Model { get; init; }

    public string? ApiKey { get; init; }

    /// <summary>The whole model conversation of one turn, tool calls included; past it the router answers (Teams wants a reply within about 10 s).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>Per model response.</summary>
    public int MaxOutputTokens { get; init; } = 500;

    /// <summary>Function calls per turn; the loop ends at the next one.</summary>
    public int MaxToolCalls { get; init; } = 4;

    /// <summary>Model requests per turn (each round may call functions).</summary>
    public int MaxRounds { get; init; } = 3;

    public bool IsEnabled => Provider switch
    {
        LlmProvider.AzureOpenAI => Endpoint is not null && !string.IsNullOrWhiteSpace(Model) && !string.IsNullOrWhiteSpace(ApiKey),
        LlmProvider.OpenAI => !string.IsNullOrWhiteSpace(Model) && (Endpoint is not null || !string.IsNullOrWhiteSpace(ApiKey)),
        _ => false,
    };

    /// <summary>Settings from a key lookup: pass <c>key =&gt; configuration[key]</c>, or <see cref="FromEnvironment"/>.</summary>
    public static LlmSettings From(Func<string, string?> setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        string? First(params string[] keys) => keys.Select(setting).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();

        var azureEndpoint = First("AZURE_OPENAI_ENDPOINT");
        var openAiBase = First("OPENAI_BASE_URL");
        var provider = First("Llm:Provider", "SALESOPS_LLM_PROVIDER")?.ToLowerInvariant() switch
        {
            "azure" or "azureopenai" or "azure_openai" => LlmProvider.AzureOpenAI,
            "openai" or "compatible" => LlmProvider.OpenAI,
            "none" or "off" => LlmProvider.None,
            null => azureEndpoint is not null ? LlmProvider.AzureOpenAI
                : openAiBase is not null || First("OPENAI_API_KEY") is not null ? LlmProvider.OpenAI
                : LlmProvider.None,
            var other => throw new InvalidOperationException($"Unknown Llm:Provider \"{other}\": use azure, openai or none."),
        };

        var azure = provider == LlmProvider.AzureOpenAI;
        var endpoint = First("Llm:Endpoint", "SALESOPS_LLM_ENDPOINT") ?? (azure ? azureEndpoint : openAiBase);
        return new LlmSettings
        {
            Provider = provider,
            Endpoint = endpoint is null ? null : new Uri(endpoint, UriKind.Absolute),
            Model = First("Llm:Model", "SALESOPS_LLM_MODEL") ?? (azure ? First("AZURE_OPENAI_DEPLOYMENT", "AZURE_OPENAI_DEPLOYMENT_NAME") : First("OPENAI_MODEL")),
            ApiKey = First("Llm:ApiKey", "SALESOPS_LLM_API_KEY") ?? (azure ? First("AZURE_OPENAI_API_KEY") : First("OPENAI_API_KEY")),
            Timeout = TimeSpan.FromSeconds(Number(First("Llm:TimeoutSeconds", "SALESOPS_LLM_TIMEOUT_SECONDS"), Disabled.Timeout.TotalSeconds)),
            MaxOutputTokens = (int)Number(First("Llm:MaxOutputTokens", "SALESOPS_LLM_MAX_OUTPUT_TOKENS"), Disabled.MaxOutputTokens),
            MaxToolCalls = (int)Number(First("Llm:MaxToolCalls", "SALESOPS_LLM_MAX_TOOL_CALLS"), Disabled.MaxToolCalls),
            MaxRounds = (int)Number(First("Llm:MaxRounds", "SALESOPS_LLM_MAX_ROUNDS"), Disabled.MaxRounds),
        };
    }

    public static LlmSettings FromEnvironment() => From(Environment.GetEnvironmentVariable);

    /// <summary>For logs and <c>salesops doctor</c>: never the key.</summary>
    public override string ToString() =>
        IsEnabled ? $"{Provider} {Model} at {Endpoint?.GetLeftPart(UriPartial.Authority) ?? "default endpoint"}, timeout {Timeout.TotalSeconds:0.#} s" : "no language model (deterministic answers)";

    private static double Number(string? text, double fallback) =>
        text is null ? fallback
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 ? value
        : throw new InvalidOperationException($"\"{text}\" is not a positive number.");
}
