using System.Text.RegularExpressions;

namespace SalesOpsBot.Deployment.Tests.Docker;

/// <summary>One instruction of a Dockerfile, continuation lines joined.</summary>
internal sealed record DockerInstruction(string Keyword, string Arguments, int Stage);

/// <summary>A Dockerfile read into stages of instructions: enough to check its rules without a Docker engine.</summary>
internal sealed partial record Dockerfile(IReadOnlyList<DockerInstruction> Instructions)
{
    public static Dockerfile Parse(string text)
    {
        var instructions = new List<DockerInstruction>();
        var stage = -1;
        var joined = ContinuedLine().Replace(text, " ");
        foreach (var raw in joined.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var keyword = (space < 0 ? line : line[..space]).ToUpperInvariant();
            var arguments = space < 0 ? "" : line[(space + 1)..].Trim();
            if (keyword == "FROM")
            {
                stage++;
            }

            instructions.Add(new DockerInstruction(keyword, arguments, stage));
        }

        return new Dockerfile(instructions);
    }

    public int StageCount => Instructions.Count == 0 ? 0 : Instructions.Max(i => i.Stage) + 1;

    public IEnumerable<DockerInstruction> Stage(int stage) => Instructions.Where(i => i.Stage == stage);

    public IEnumerable<DockerInstruction> FinalStage => Stage(StageCount - 1);

    /// <summary>The user the final image runs as: the last USER of the last stage; root when there is none.</summary>
    public string FinalUser => FinalStage.LastOrDefault(i => i.Keyword == "USER")?.Arguments ?? "root";

    /// <summary>ENV of the final stage, both the <c>KEY=value</c> and the legacy <c>KEY value</c> forms.</summary>
    public IReadOnlyDictionary<string, string> FinalEnvironment()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var instruction in Instructions.Where(i => i.Keyword is "ENV" or "ARG" && i.Stage == StageCount - 1))
        {
            if (IsLegacyForm(instruction.Arguments))
            {
                var parts = instruction.Arguments.Split(' ', 2, StringSplitOptions.TrimEntries);
                environment[parts[0]] = parts.Length > 1 ? parts[1] : "";
                continue;
            }

            foreach (Match pair in Assignment().Matches(instruction.Arguments))
            {
                environment[pair.Groups["key"].Value] = pair.Groups["value"].Value.Trim('"');
            }
        }

        return environment;
    }

    /// <summary>Names given to ENV or ARG in any stage (secrets there end up in image layers or history).</summary>
    public IEnumerable<string> DeclaredVariables() => Instructions.Where(i => i.Keyword is "ENV" or "ARG")
        .SelectMany(i => IsLegacyForm(i.Arguments)
            ? [i.Arguments.Split(' ', 2)[0]]
            : Assignment().Matches(i.Arguments).Select(m => m.Groups["key"].Value));

    /// <summary><c>ENV KEY value</c> (one variable, the value may contain '='), as opposed to <c>ENV KEY=value …</c>.</summary>
    private static bool IsLegacyForm(string arguments) => !arguments.Split(' ', 2)[0].Contains('=', StringComparison.Ordinal);

    [GeneratedRegex(@"\\\r?\n")]
    private static partial Regex ContinuedLine();

    [GeneratedRegex(@"(?<key>[A-Za-z_][A-Za-z0-9_]*)=(?<value>""[^""]*""|\S*)")]
    private static partial Regex Assignment();
}
