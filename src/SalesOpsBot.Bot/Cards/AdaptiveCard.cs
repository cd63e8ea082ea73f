using System.Text.Json;
using System.Text.Json.Serialization;

namespace SalesOpsBot.Bot.Cards;

// Adaptive Card 1.5 as typed records (the subset this bot renders), serialized with CardJsonContext.
// Teams renders up to 1.5 and its native Chart.* elements (botframework-protocol.md §4.4); every chart carries a
// fallback for hosts that do not know it (Web Chat, older clients).

public sealed record AdaptiveCard
{
    [JsonPropertyOrder(-3)] public string Type { get; } = "AdaptiveCard";
    [JsonPropertyOrder(-2), JsonPropertyName("$schema")] public string Schema { get; } = "http://adaptivecards.io/schemas/adaptive-card.json";
    [JsonPropertyOrder(-1)] public string Version { get; init; } = "1.5";
    public required IReadOnlyList<CardElement> Body { get; init; }
    public IReadOnlyList<CardAction>? Actions { get; init; }
    public string? FallbackText { get; init; }
    public string? Speak { get; init; }
    public CardTeamsOptions? Msteams { get; init; }
}

/// <summary>Teams-only card options (<c>width: Full</c> gives charts room).</summary>
public sealed record CardTeamsOptions(string Width);

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TextBlock), "TextBlock")]
[JsonDerivedType(typeof(Container), "Container")]
[JsonDerivedType(typeof(ColumnSet), "ColumnSet")]
[JsonDerivedType(typeof(FactSet), "FactSet")]
[JsonDerivedType(typeof(Image), "Image")]
[JsonDerivedType(typeof(ActionSet), "ActionSet")]
[JsonDerivedType(typeof(VerticalBarChart), "Chart.VerticalBar")]
[JsonDerivedType(typeof(HorizontalBarChart), "Chart.HorizontalBar")]
[JsonDerivedType(typeof(LineChart), "Chart.Line")]
public abstract record CardElement
{
    public string? Id { get; init; }
    public string? Spacing { get; init; }
    public bool? Separator { get; init; }

    /// <summary>False hides the element until an <see cref="ToggleVisibilityAction"/> shows it.</summary>
    public bool? IsVisible { get; init; }

    /// <summary>What a host that does not know this element renders instead.</summary>
    public CardElement? Fallback { get; init; }
}

public sealed record TextBlock(string Text) : CardElement
{
    public string? Size { get; init; }
    public string? Weight { get; init; }
    public string? Color { get; init; }
    public bool? IsSubtle { get; init; }
    public bool? Wrap { get; init; } = true;
    public int? MaxLines { get; init; }
    public string? HorizontalAlignment { get; init; }
}

/// <summary>An image; the bot only ever sets a <c>data:</c> URI it rendered itself, never a URL from data.</summary>
public sealed record Image(string Url) : CardElement
{
    public string? AltText { get; init; }
    public string? Size { get; init; }
}

public sealed record Container(IReadOnlyList<CardElement> Items) : CardElement
{
    public string? Style { get; init; }
}

public sealed record ColumnSet(IReadOnlyList<Column> Columns) : CardElement;

public sealed record Column(IReadOnlyList<CardElement> Items)
{
    public string Type { get; } = "Column";
    public string? Width { get; init; }
    public string? VerticalContentAlignment { get; init; }
}

public sealed record FactSet(IReadOnlyList<Fact> Facts) : CardElement;

public sealed record Fact(string Title, string Value);

public sealed record ActionSet(IReadOnlyList<CardAction> Actions) : CardElement;

public sealed record VerticalBarChart(IReadOnlyList<BarPoint> Data) : CardElement
{
    public string? Title { get; init; }
    public string? XAxisTitle { get; init; }
    public string? YAxisTitle { get; init; }
    public string? ColorSet { get; init; }
}

public sealed record HorizontalBarChart(IReadOnlyList<BarPoint> Data) : CardElement
{
    public string? Title { get; init; }
    public string? XAxisTitle { get; init; }
    public string? YAxisTitle { get; init; }
    public string? ColorSet { get; init; }
}

public sealed record BarPoint(string X, decimal Y)
{
    public string? Color { get; init; }
}

public sealed record LineChart(IReadOnlyList<LineSeries> Data) : CardElement
{
    public string? Title { get; init; }
    public string? XAxisTitle { get; init; }
    public string? YAxisTitle { get; init; }
}

public sealed record LineSeries(string Legend, IReadOnlyList<LinePoint> Values);

public sealed record LinePoint(string X, decimal Y);

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ExecuteAction), "Action.Execute")]
[JsonDerivedType(typeof(SubmitAction), "Action.Submit")]
[JsonDerivedType(typeof(ToggleVisibilityAction), "Action.ToggleVisibility")]
public abstract record CardAction(string Title)
{
    public string? Id { get; init; }
}

/// <summary>Universal Action: Teams sends an <c>adaptiveCard/action</c> invoke (§4.6); needs card version ≥ 1.4.</summary>
public sealed record ExecuteAction(string Title, string Verb, JsonElement Data) : CardAction(Title)
{
    /// <summary>For clients without Universal Actions (§4.6: "define Action.Submit in fallback").</summary>
    public CardAction? Fallback { get; init; }
}

/// <summary>Arrives as a <c>message</c> with <c>value</c> = data (§4.6).</summary>
public sealed record SubmitAction(string Title, JsonElement Data) : CardAction(Title);

/// <summary>Shows or hides elements of the card itself, with no round trip to the bot.</summary>
public sealed record ToggleVisibilityAction(string Title, IReadOnlyList<string> TargetElements) : CardAction(Title);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AdaptiveCard))]
[JsonSerializable(typeof(CardActionData))]
public sealed partial class CardJsonContext : JsonSerializerContext;

/// <summary>The data of every button this bot renders: the engine treats it like a typed follow-up.</summary>
public sealed record CardActionData(string Verb, string Question);
