using SalesOpsBot.Conversation.Routing;

namespace SalesOpsBot.Cli.Bench;

/// <summary>Router accuracy on the hand-written golden set and the held-out questions (tests/golden).</summary>
internal static class RouterBenchmark
{
    public static async Task<int> RunAsync(DirectoryInfo golden, TextWriter output)
    {
        foreach (var file in new[] { RouterGoldenSet.FileName, RouterGoldenSet.HoldoutFileName })
        {
            if (!File.Exists(Path.Combine(golden.FullName, file)))
            {
                continue;
            }

            var report = RouterGoldenSet.Evaluate(golden.FullName, file);
            await output.WriteLineAsync($"{file}:");
            await output.WriteLineAsync(report.Format());
        }

        return 0;
    }
}
