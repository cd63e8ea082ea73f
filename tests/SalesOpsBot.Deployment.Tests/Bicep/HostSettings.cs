using System.Collections;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using SalesOpsBot.Bot.DirectLine;
using SalesOpsBot.Bot.Hosting;
using SalesOpsBot.Conversation.Llm;

namespace SalesOpsBot.Deployment.Tests.Bicep;

/// <summary>
/// The settings the host reads, taken from the code itself: the option classes bound to configuration sections
/// (by reflection and by the configuration binder), and the keys <see cref="LlmSettings.From"/> looks up (recorded by
/// calling it). An app setting a template sets must be one of them, with a value the host accepts.
/// </summary>
internal static class HostSettings
{
    /// <summary>Sections bound with <c>AddOptions&lt;T&gt;().Bind(...)</c> in BotServiceExtensions and AssistantServiceExtensions.</summary>
    private static readonly Dictionary<string, Type> BoundSections = new(StringComparer.OrdinalIgnoreCase)
    {
        [BotOptions.SectionName] = typeof(BotOptions),
        [WarehouseOptions.SectionName] = typeof(WarehouseOptions),
        [LocalWebChatOptions.SectionName] = typeof(LocalWebChatOptions),
    };

    /// <summary>Variables read by platform libraries rather than our options: each with the reason it is allowed.</summary>
    public static readonly IReadOnlyDictionary<string, string> PlatformVariables = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "the Azure Monitor OpenTelemetry exporter's documented variable (issue 9, observability)",
    };

    public static IReadOnlySet<string> LlmKeys { get; } = RecordLlmKeys();

    /// <summary>Null when <paramref name="variable"/> (an environment variable name, <c>__</c> as separator) is a setting the
    /// host reads and accepts every value in <paramref name="possibleValues"/>; otherwise why not.</summary>
    public static string? Problem(string variable, IReadOnlyList<string> possibleValues)
    {
        if (PlatformVariables.ContainsKey(variable))
        {
            return null;
        }

        var key = variable.Replace("__", ":", StringComparison.Ordinal);
        var segments = key.Split(':');
        if (segments[0].Equals("Llm", StringComparison.OrdinalIgnoreCase))
        {
            return LlmProblem(key, possibleValues);
        }

        if (!BoundSections.TryGetValue(segments[0], out var optionsType))
        {
            return $"{variable}: no option section '{segments[0]}' in the host";
        }

        if (OptionType(optionsType, segments.AsSpan(1)) is null)
        {
            return $"{variable}: {optionsType.Name} has no settable option '{string.Join(':', segments.Skip(1))}'";
        }

        foreach (var value in possibleValues)
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build();
            try
            {
                configuration.GetSection(segments[0]).Bind(Activator.CreateInstance(optionsType)!, binder => binder.ErrorOnUnknownConfiguration = true);
            }
            catch (InvalidOperationException exception)
            {
                return $"{variable}={value}: {exception.Message}";
            }
        }

        return null;
    }

    /// <summary>The type of the option at <paramref name="path"/> below <paramref name="type"/>, or null when there is none.</summary>
    private static Type? OptionType(Type type, ReadOnlySpan<string> path)
    {
        if (path.IsEmpty)
        {
            return type;
        }

        var element = ElementType(type);
        if (element is not null)
        {
            return int.TryParse(path[0], out _) ? OptionType(element, path[1..]) : null;
        }

        var property = type.GetProperty(path[0], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        if (property is null || property.GetMethod is null)
        {
            return null;
        }

        var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        var isLeaf = path.Length == 1;
        var isComplex = !propertyType.IsPrimitive && !propertyType.IsEnum && propertyType != typeof(string) && propertyType != typeof(TimeSpan);
        // A leaf needs a setter; a complex property may be get-only (the binder fills the existing instance).
        return isLeaf && !isComplex && property.SetMethod is null ? null : OptionType(propertyType, path[1..]);
    }

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type) && type != typeof(string) ? type.GetGenericArguments()[0]
        : null;

    private static string? LlmProblem(string key, IReadOnlyList<string> possibleValues)
    {
        if (!LlmKeys.Contains(key))
        {
            return $"{key}: LlmSettings.From does not read it (it reads {string.Join(", ", LlmKeys.Where(k => k.StartsWith("Llm:", StringComparison.Ordinal)))})";
        }

        foreach (var value in possibleValues)
        {
            try
            {
                _ = LlmSettings.From(k => k == key ? value : null);
            }
            catch (Exception exception) when (exception is InvalidOperationException or UriFormatException)
            {
                return $"{key}={value}: {exception.Message}";
            }
        }

        return null;
    }

    private static HashSet<string> RecordLlmKeys()
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        _ = LlmSettings.From(key =>
        {
            keys.Add(key);
            return null;
        });
        return keys;
    }
}
