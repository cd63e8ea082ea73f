using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.SemanticKernel;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SalesOpsBot.Conversation.Llm;

/// <summary>
/// The prompts of <c>prompts/conversation/*.yaml</c> (embedded at build), read as Semantic Kernel prompt
/// configurations. The YAML is mapped to the JSON form Semantic Kernel reads, keeping plain numbers and booleans typed.
/// </summary>
public static class PromptLibrary
{
    public const string Answer = "answer";

    public static PromptTemplateConfig Load(string name)
    {
        using var stream = typeof(PromptLibrary).Assembly.GetManifestResourceStream($"SalesOpsBot.Conversation.prompts.{name}.yaml")
            ?? throw new InvalidOperationException($"The prompt {name}.yaml is not embedded.");
        using var reader = new StreamReader(stream);
        return FromYaml(reader.ReadToEnd());
    }

    public static PromptTemplateConfig FromYaml(string yaml)
    {
        var document = new YamlStream();
        document.Load(new StringReader(yaml));
        var json = ToJson(document.Documents[0].RootNode) ?? throw new InvalidDataException("The prompt file is empty.");
        return PromptTemplateConfig.FromJson(json.ToJsonString());
    }

    /// <summary>Renders a prompt with Semantic Kernel's own template engine (input values are HTML-encoded).</summary>
    public static Task<string> RenderAsync(PromptTemplateConfig prompt, KernelArguments arguments, CancellationToken cancellationToken)
    {
        var template = new KernelPromptTemplateFactory().Create(prompt);
        return template.RenderAsync(new Kernel(), arguments, cancellationToken);
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(ToJson)]),
        YamlScalarNode { Style: ScalarStyle.Plain } plain => Typed(plain.Value),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => null,
    };

    private static JsonValue? Typed(string? value)
    {
        if (value is null or "" or "~" or "null")
        {
            return null;
        }

        if (bool.TryParse(value, out var flag))
        {
            return JsonValue.Create(flag);
        }

        return decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? JsonValue.Create(number)
            : JsonValue.Create(value);
    }
}
