using SalesOpsBot.Conversation.Llm;

namespace SalesOpsBot.Conversation.Tests.Llm;

public class LlmSettingsTests
{
    private static LlmSettings From(params (string Key, string Value)[] values)
    {
        var map = values.ToDictionary(v => v.Key, v => v.Value);
        return LlmSettings.From(key => map.GetValueOrDefault(key));
    }

    [Fact]
    public void NothingConfiguredMeansNoModel()
    {
        var settings = From();

        Assert.Equal(LlmProvider.None, settings.Provider);
        Assert.False(settings.IsEnabled);
    }

    [Fact]
    public void AzureIsChosenFromItsStandardEnvironmentVariables()
    {
        var settings = From(("AZURE_OPENAI_ENDPOINT", "https://contoso.openai.azure.com/"), ("AZURE_OPENAI_DEPLOYMENT", "gpt-4o"), ("AZURE_OPENAI_API_KEY", "k"));

        Assert.Equal(LlmProvider.AzureOpenAI, settings.Provider);
        Assert.Equal("gpt-4o", settings.Model);
        Assert.Equal(new Uri("https://contoso.openai.azure.com/"), settings.Endpoint);
        Assert.True(settings.IsEnabled);
    }

    [Fact]
    public void AnOpenAiCompatibleServerNeedsABaseUrlAndAModelButNoKey()
    {
        var settings = From(("OPENAI_BASE_URL", "http://127.0.0.1:11434/v1"), ("OPENAI_MODEL", "llama3.1"));

        Assert.Equal(LlmProvider.OpenAI, settings.Provider);
        Assert.True(settings.IsEnabled);
        Assert.DoesNotContain("11434", settings.ToString().Replace("127.0.0.1:11434", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigurationKeysWinOverEnvironmentNamesAndSetTheBudget()
    {
        var settings = From(
            ("Llm:Provider", "openai"), ("Llm:Model", "gpt-4o-mini"), ("Llm:ApiKey", "secret"), ("OPENAI_MODEL", "other"),
            ("Llm:TimeoutSeconds", "2.5"), ("Llm:MaxOutputTokens", "300"), ("Llm:MaxToolCalls", "2"), ("Llm:MaxRounds", "2"));

        Assert.Equal("gpt-4o-mini", settings.Model);
        Assert.Equal(TimeSpan.FromSeconds(2.5), settings.Timeout);
        Assert.Equal((300, 2, 2), (settings.MaxOutputTokens, settings.MaxToolCalls, settings.MaxRounds));
        Assert.DoesNotContain("secret", settings.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ProviderNoneSwitchesAConfiguredModelOff()
    {
        Assert.False(From(("SALESOPS_LLM_PROVIDER", "none"), ("OPENAI_API_KEY", "k"), ("OPENAI_MODEL", "m")).IsEnabled);
    }

    [Fact]
    public void ABadNumberIsReportedNotIgnored()
    {
        Assert.Throws<InvalidOperationException>(() => From(("Llm:TimeoutSeconds", "soon")));
    }
}
