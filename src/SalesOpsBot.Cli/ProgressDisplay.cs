using Spectre.Console;

namespace SalesOpsBot.Cli;

/// <summary>A progress bar on stderr (stdout stays clean for results); plain when stderr is not a terminal.</summary>
internal static class ProgressDisplay
{
    private static readonly IAnsiConsole ErrorConsole = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(Console.Error),
    });

    /// <summary>Runs <paramref name="work"/>, which reports progress as a fraction from 0 to 1.</summary>
    public static async Task<T> RunAsync<T>(string title, Func<IProgress<double>, Task<T>> work)
    {
        if (Console.IsErrorRedirected)
        {
            return await work(new Progress<double>());
        }

        return await ErrorConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(title), maxValue: 1.0);
                var result = await work(new Progress<double>(fraction => task.Value = Math.Clamp(fraction, 0, 1)));
                task.Value = 1.0;
                return result;
            });
    }
}
