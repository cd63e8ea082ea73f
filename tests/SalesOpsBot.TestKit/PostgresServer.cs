using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace SalesOpsBot.TestKit;

/// <summary>
/// A real PostgreSQL server for tests: the one named by <c>SALESOPS_TEST_POSTGRES</c> (an Npgsql connection
/// string to a database where the user may create databases), or else a private cluster started on a free
/// loopback port in a temporary folder with the machine's initdb/pg_ctl, stopped when disposed.
/// One per test assembly (an xunit assembly fixture); each test asks for its own fresh database.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string EnvironmentVariable = "SALESOPS_TEST_POSTGRES";
    private readonly string? _dataDirectory;
    private readonly string _adminConnectionString;
    private int _databases;

    public PostgresServer()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            _adminConnectionString = configured;
            return;
        }

        _dataDirectory = Path.Combine(Path.GetTempPath(), "salesops-pg-" + Guid.NewGuid().ToString("N")[..12]);
        var port = FreePort();
        StartCluster(_dataDirectory, port);
        _adminConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true;Timeout=15";
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        var name = $"salesops_test_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid().ToString("N")[..6]}";
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_dataDirectory is null)
        {
            return;
        }

        await Task.Run(() => Run("pg_ctl", $"-D {_dataDirectory} -m immediate stop", throwOnError: false));
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A server still releasing files; the folder is under the temp directory.
        }
    }

    private static void StartCluster(string directory, int port)
    {
        Directory.CreateDirectory(directory);
        if (Environment.UserName == "root")
        {
            // initdb refuses to run as root; the Debian package's postgres account owns the cluster instead.
            Run("chown", $"postgres {directory}");
        }

        Run("initdb", $"-D {directory} -A trust -U postgres -E UTF8 --no-sync --locale=C.UTF-8");
        var options = $"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200";
        Run("pg_ctl", $"-D {directory} -l {directory}/server.log -w -t 60 -o \"{options}\" start");
    }

    private static void Run(string tool, string arguments, bool throwOnError = true)
    {
        var asPostgres = Environment.UserName == "root" && tool is "initdb" or "pg_ctl";
        var start = new ProcessStartInfo(asPostgres ? "runuser" : tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgres)
        {
            start.ArgumentList.Add("-u");
            start.ArgumentList.Add("postgres");
            start.ArgumentList.Add("--");
            start.ArgumentList.Add(tool);
        }

        foreach (var argument in SplitArguments(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {tool}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} did not finish in 90 s.");
        }

        if (throwOnError && process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{tool} {arguments} failed ({process.ExitCode}): {error.Result} {output.Result}. " +
                $"PostgreSQL 15 (initdb, pg_ctl) must be installed, or set {EnvironmentVariable}.");
        }
    }

    private static IEnumerable<string> SplitArguments(string arguments)
    {
        var current = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in arguments)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ' ' && !quoted)
            {
                if (current.Length > 0)
                {
                    yield return current.ToString();
                    current.Clear();
                }
            }
            else
            {
                current.Append(c);
            }
        }

        if (current.Length > 0)
        {
            yield return current.ToString();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
