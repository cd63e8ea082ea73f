using System.Text.Json.Serialization;

namespace SalesOpsBot.Bot.DirectLine;

/// <summary>A principal the local web chat lets you act as (demo world, /work/helper-briefs/demo-world.md).</summary>
public sealed record DemoUser(
    [property: JsonPropertyName("email")] string Email,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("role")] string Role);

/// <summary>Section <c>WebChat</c>: who can be picked on the local page. The lead binds the seeded principals here.</summary>
public sealed class LocalWebChatOptions
{
    public const string SectionName = "WebChat";

    public List<DemoUser> DemoUsers { get; set; } = [];

    /// <summary>
    /// Used when configuration lists nobody: the demo principals (the same emails as
    /// <c>SalesOpsBot.Warehouse.Seeding.DemoPrincipals</c>, which this branch does not reference yet).
    /// </summary>
    public static IReadOnlyList<DemoUser> Defaults { get; } =
    [
        new("admin@example.com", "Admin", "admin"),
        new("dana.whitfield@example.com", "Dana Whitfield", "CRO"),
        new("sophie.laurent@example.com", "Sophie Laurent", "VP EMEA"),
        new("markus.weber@example.com", "Markus Weber", "Director DACH"),
        new("oliver.hughes@example.com", "Oliver Hughes", "Manager UK South"),
        new("alex.morgan@example.com", "Alex Morgan", "AE UK South"),
    ];

    public IReadOnlyList<DemoUser> Effective => DemoUsers.Count > 0 ? DemoUsers : Defaults;
}
