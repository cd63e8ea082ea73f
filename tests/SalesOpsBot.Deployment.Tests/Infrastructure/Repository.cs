using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace SalesOpsBot.Deployment.Tests.Infrastructure;

/// <summary>Paths of the repository the tests run in, and a way to run its command-line tools.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>The bicep executable restored from the Azure.Bicep.CommandLine package (see the csproj).</summary>
    public static string BicepPath { get; } = typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "BicepPath").Value!;

    public static async Task<ToolResult> RunAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        // The package restored is the linux-x64 build of the CLI (the build and CI machines).
        Assert.SkipWhen(fileName == BicepPath && !(OperatingSystem.IsLinux() && RuntimeInformation.OSArchitecture == Architecture.X64),
            "the Bicep CLI package restored here is linux-x64");
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = new StringBuilder();
        var error = new StringBuilder();
        var readOutput = Task.Run(async () => output.Append(await process.StandardOutput.ReadToEndAsync(cancellationToken)), cancellationToken);
        var readError = Task.Run(async () => error.Append(await process.StandardError.ReadToEndAsync(cancellationToken)), cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        await Task.WhenAll(readOutput, readError);
        return new ToolResult(process.ExitCode, output.ToString(), error.ToString());
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SalesOpsBot.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("SalesOpsBot.sln not found above the test output folder.");
    }
}

internal sealed record ToolResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n{Output}\n{Error}";
}
