using System.CommandLine;
using SalesOpsBot.Cli.Bench;
using SalesOpsBot.Cli.Bench.Rca;

namespace SalesOpsBot.Cli.Commands;

/// <summary><c>salesops bench ...</c>: benchmarks that print figures (docs/benchmarks.md records them).</summary>
internal static class BenchCommand
{
    public static Command Create(TimeProvider time)
    {
        var bench = new Command("bench", "Benchmarks that print figures: rca (root-cause localization), bridge (attainment bridge latency), router (golden-set accuracy).");

        var data = new Option<DirectoryInfo>("--data")
        {
            Description = "The root-cause benchmark folder (with squeeze-B0-subset/, RS/ and baseline-results/), e.g. ../shared/data/rca.",
            Required = true,
        };
        var rca = new Command("rca", "Micro-F1, exact-set accuracy and time per case of the root-cause localizer on the benchmark cases.") { data };
        rca.SetAction(time, async (_, parse, cancellationToken) =>
        {
            var folder = parse.GetValue(data)!;
            if (!folder.Exists)
            {
                throw new UserErrorException($"No benchmark folder at {folder.FullName}.");
            }

            return await RcaBenchmark.RunAsync(folder, Console.Out, cancellationToken);
        });
        bench.Subcommands.Add(rca);

        var territory = new Option<string>("--territory") { Description = "Territory id to explain.", DefaultValueFactory = _ => "T-EMEA" };
        var repeat = new Option<int>("--repeat") { Description = "Warm runs after the cold one.", DefaultValueFactory = _ => 20 };
        var bridge = new Command("bridge", "Latency of the attainment bridge (SQL + engine) for the last completed quarter, cold and warm.") { territory, repeat };
        bridge.SetAction(time, (context, parse, cancellationToken) =>
            BridgeBenchmark.RunAsync(context, parse.GetValue(territory)!, Math.Max(1, parse.GetValue(repeat)), Console.Out, cancellationToken));
        bench.Subcommands.Add(bridge);

        var golden = new Option<DirectoryInfo>("--golden")
        {
            Description = "Folder with router-golden.json, router-holdout.json and vocabulary.json.",
            DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("tests", "golden")),
        };
        var router = new Command("router", "Accuracy of the question router on the golden set (intent, scope and period all right).") { golden };
        router.SetAction(time, (_, parse, _) =>
        {
            var folder = parse.GetValue(golden)!;
            return folder.Exists ? RouterBenchmark.RunAsync(folder, Console.Out) : throw new UserErrorException($"No golden set at {folder.FullName}.");
        });
        bench.Subcommands.Add(router);

        var scale = new Option<int>("--scale") { Description = "Opportunities to generate.", DefaultValueFactory = _ => 1_000_000 };
        var work = new Option<DirectoryInfo>("--work") { Description = "Scratch folder for the warehouses and CSV files.", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine(Path.GetTempPath(), "salesops-bench-scale")) };
        var load = new Command("load", "Seed and import throughput (rows/s) and peak memory at a given scale, on DuckDB.") { scale, work };
        load.SetAction(time, (context, parse, cancellationToken) =>
            ScaleBenchmark.RunAsync(context, parse.GetValue(scale), parse.GetValue(work)!, Console.Out, cancellationToken));
        bench.Subcommands.Add(load);

        var questionRepeat = new Option<int>("--repeat") { Description = "Warm runs of each question after the cold one.", DefaultValueFactory = _ => 20 };
        var cache = new Option<bool>("--cache") { Description = "Answer with the cache of analysis results on (as the bot does); off by default so that SQL time is measured." };
        var naive = new Option<bool>("--naive") { Description = "Also time the naive baseline: read every history row of the scope and compute in C#." };
        var portable = new Option<bool>("--portable") { Description = "Run the portable statements even where the embedded warehouse's derived deal spans are current, to measure what those buy." };
        var questions = new Command("questions", "Latency of the ten most common question types through the whole engine, cold and warm, beside their SQL time.") { questionRepeat, cache, naive, portable };
        questions.SetAction(time, async (context, parse, cancellationToken) =>
        {
            await SeedCommand.EnsureDemoAsync(context, time, cancellationToken);
            var options = new QuestionBenchmarkOptions(Math.Max(1, parse.GetValue(questionRepeat)), parse.GetValue(cache), parse.GetValue(naive), parse.GetValue(portable), parse);
            var assistant = AssistantSetup.Create(context, time, parse, options.Cache, useDerivedTables: !options.Portable);
            return await QuestionBenchmark.RunAsync(context, assistant, options, Console.Out, cancellationToken);
        });
        bench.Subcommands.Add(questions);
        bench.Subcommands.Add(DigestFanOutBenchmark.Command(time));
        return bench;
    }
}
