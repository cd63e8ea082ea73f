using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using SalesOpsBot.Bot.Tests.Infrastructure;
using SalesOpsBot.Bot.Turns;

namespace SalesOpsBot.Bot.Tests.Teams;

/// <summary>
/// infra/teams against the official manifest schema from npm <c>@microsoft/app-manifest</c> (installed into
/// infra/teams/schema by the test project's build, or by <c>npm ci --prefix infra/teams/schema</c>).
/// </summary>
public sealed class TeamsAppPackageTests
{
    private static readonly string TeamsFolder = Path.Combine(BotTestHost.RepositoryRoot(), "infra", "teams");

    private static JsonObject Manifest() => JsonNode.Parse(File.ReadAllText(Path.Combine(TeamsFolder, "manifest.json")))!.AsObject();

    private static JsonSchema OfficialSchema(string manifestVersion)
    {
        var path = Path.Combine(TeamsFolder, "schema", "node_modules", "@microsoft", "app-manifest", "build", "json-schemas", "teams", "v" + manifestVersion, "MicrosoftTeams.schema.json");
        if (!File.Exists(path))
        {
            Assert.Skip($"{path} is missing: run 'npm ci --prefix infra/teams/schema'.");
        }

        // The schemas declare draft-04, which JsonSchema.Net does not load; draft-07 reads them the same (feasibility notes).
        var schema = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        schema["$schema"] = "http://json-schema.org/draft-07/schema#";
        return JsonSchema.FromText(schema.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() }, new Uri($"https://schemas.test/teams/v{manifestVersion}/{Guid.NewGuid():N}.json"));
    }

    private static EvaluationResults Validate(JsonObject manifest)
    {
        var schema = OfficialSchema(manifest["manifestVersion"]!.GetValue<string>());
        using var document = JsonDocument.Parse(manifest.ToJsonString());
        return schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    [Fact]
    public void TheManifestIsValidAgainstTheOfficialSchemaOfItsVersion()
    {
        var results = Validate(Manifest());

        Assert.True(results.IsValid, JsonSerializer.Serialize(results.Details?.Where(detail => detail.Errors is not null).Select(detail => new { detail.InstanceLocation, detail.Errors })));
    }

    [Fact]
    public void TheManifestUsesTheNewestSchemaInThePackage()
    {
        var versions = Directory.GetDirectories(Path.Combine(TeamsFolder, "schema", "node_modules", "@microsoft", "app-manifest", "build", "json-schemas", "teams"), "v1.*")
            .Select(directory => Version.Parse(Path.GetFileName(directory)[1..]))
            .ToList();
        if (versions.Count == 0)
        {
            Assert.Skip("The @microsoft/app-manifest package is not installed.");
        }

        Assert.Equal(versions.Max()!.ToString(), Manifest()["manifestVersion"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("botId")]
    [InlineData("scope")]
    [InlineData("accentColor")]
    public void ABrokenManifestFailsValidation(string breakage)
    {
        var manifest = Manifest();
        var bot = manifest["bots"]![0]!.AsObject();
        switch (breakage)
        {
            case "botId":
                bot["botId"] = "not-a-guid";
                break;
            case "scope":
                bot["scopes"] = new JsonArray("personal", "meetingStage");
                break;
            default:
                manifest.Remove("accentColor");
                break;
        }

        Assert.False(Validate(manifest).IsValid);
    }

    [Fact]
    public void TheBotOffersPersonalTeamAndGroupChatScopesWithTheExampleQuestions()
    {
        var bot = Manifest()["bots"]![0]!.AsObject();

        Assert.Equal(["personal", "team", "groupChat"], bot["scopes"]!.AsArray().Select(scope => scope!.GetValue<string>()));
        var titles = bot["commandLists"]![0]!["commands"]!.AsArray().Select(command => command!["title"]!.GetValue<string>()).ToList();
        Assert.All(ExampleQuestions.All, question => Assert.Contains(question, titles));
    }

    [Theory]
    [InlineData("color.png", 192)]
    [InlineData("outline.png", 32)]
    public void IconsHaveTheSizesTeamsRequires(string file, int size)
    {
        var (width, height, _) = ReadPng(Path.Combine(TeamsFolder, file));

        Assert.Equal(size, width);
        Assert.Equal(size, height);
    }

    [Fact]
    public void TheOutlineIconIsWhiteOnTransparent()
    {
        var (_, _, pixels) = ReadPng(Path.Combine(TeamsFolder, "outline.png"));

        Assert.All(pixels, pixel => Assert.True(pixel == (0, 0, 0, 0) || pixel == (255, 255, 255, 255), $"unexpected pixel {pixel}"));
        Assert.Contains((byte)255, pixels.Select(pixel => pixel.A));
        Assert.Contains((byte)0, pixels.Select(pixel => pixel.A));
    }

    /// <summary>Reads an 8-bit RGBA PNG with unfiltered rows (as icons/make-icons.py writes them).</summary>
    private static (int Width, int Height, List<(byte R, byte G, byte B, byte A)> Pixels) ReadPng(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        int width = 0, height = 0;
        using var compressed = new MemoryStream();
        for (var offset = 8; offset < bytes.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(offset));
            var kind = System.Text.Encoding.ASCII.GetString(bytes, offset + 4, 4);
            var data = bytes.AsSpan(offset + 8, length);
            if (kind == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                Assert.Equal(8, data[8]);
                Assert.Equal(6, data[9]);
            }
            else if (kind == "IDAT")
            {
                compressed.Write(data);
            }

            offset += 12 + length;
        }

        compressed.Position = 0;
        using var inflater = new ZLibStream(compressed, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        inflater.CopyTo(raw);
        var scanlines = raw.ToArray();
        var pixels = new List<(byte, byte, byte, byte)>();
        for (var row = 0; row < height; row++)
        {
            var start = row * (1 + width * 4);
            Assert.Equal(0, scanlines[start]);
            for (var column = 0; column < width; column++)
            {
                var at = start + 1 + column * 4;
                pixels.Add((scanlines[at], scanlines[at + 1], scanlines[at + 2], scanlines[at + 3]));
            }
        }

        return (width, height, pixels);
    }
}
