using System.Globalization;
using SalesOpsBot.Conversation.Llm;

namespace SalesOpsBot.Bot.Hosting;

/// <summary>
/// Reads the language-model settings at start and turns a wrong one into a one-line message naming the setting: an
/// unknown provider, a number that is not positive, or a provider chosen explicitly without its endpoint/model/key
/// (which would otherwise quietly fall back to the router).
/// </summary>
public static class LlmStartupCheck
{
    private static readonly string[] NumberKeys = ["Llm:TimeoutSeconds", "Llm:MaxOutputTokens", "Llm:MaxToolCalls", "Llm:MaxRounds"];

    public static LlmSettings Read(IConfiguration configuration)
    {
        foreach (var key in NumberKeys)
        {
            if (configuration[key] is { Length: > 0 } text
                && !(double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0))
            {
                throw new InvalidOperationException($"{key} must be a positive number (got \"{text}\").");
            }
        }

        if (configuration["Llm:Endpoint"] is { Length: > 0 } endpoint && !Uri.TryCreate(endpoint, UriKind.Absolute, out _))
        {
            throw new InvalidOperationException("Llm:Endpoint must be an absolute URL.");
        }

        LlmSettings settings;
        try
        {
            settings = LlmSettings.From(key => configuration[key]);
        }
        catch (InvalidOperationException exception)
        {
            throw new InvalidOperationException("Llm:Provider: " + exception.Message, exception);
        }

        var chosen = configuration["Llm:Provider"] ?? configuration["SALESOPS_LLM_PROVIDER"];
        if (settings.Provider != LlmProvider.None && !settings.IsEnabled && chosen is { Length: > 0 })
        {
            throw new InvalidOperationException(settings.Provider == LlmProvider.AzureOpenAI
                ? "Llm:Provider is azure but Llm:Endpoint, Llm:Model (the deployment) and Llm:ApiKey are not all set."
                : "Llm:Provider is openai but Llm:Model and Llm:ApiKey (or Llm:Endpoint for a compatible server) are not set.");
        }

        return settings;
    }
}
