using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SalesOpsBot.Bot.Hosting;
using SalesOpsBot.Bot.Tests.Infrastructure;

namespace SalesOpsBot.Bot.Tests.Operations;

/// <summary>
/// The real host (anonymous development mode, real engine over a given warehouse, temporary SQLite app state) with a
/// hook on the builder, for the operations tests that add exporters or loggers.
/// </summary>
public sealed class OperationsHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _stateFile;

    private OperationsHost(WebApplication app, string stateFile)
    {
        _app = app;
        _stateFile = stateFile;
        BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
    }

    public string BaseUrl { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<OperationsHost> StartAsync(IDictionary<string, string> settings, Action<WebApplicationBuilder>? configure = null)
    {
        var stateFile = Path.Combine(Path.GetTempPath(), $"salesopsbot-ops-{Guid.NewGuid():N}.db");
        var arguments = new Dictionary<string, string>
        {
            ["environment"] = "Development",
            ["urls"] = "http://127.0.0.1:0",
            ["Bot:StateConnectionString"] = $"Data Source={stateFile};Pooling=false",
            ["Warehouse:SeedDemoWhenMissing"] = "false",
        };
        foreach (var (key, value) in settings)
        {
            arguments[key] = value;
        }

        var app = BotHost.Build([.. arguments.Select(a => $"--{a.Key}={a.Value}")], builder =>
        {
            builder.Logging.ClearProviders();
            configure?.Invoke(builder);
        }, contentRoot: BotTestHost.BotProjectDirectory());
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new OperationsHost(app, stateFile);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _stateFile, _stateFile + "-wal", _stateFile + "-shm" })
        {
            File.Delete(file);
        }
    }
}

/// <summary>Every log line the host writes at or above a level, formatted, with its exception.</summary>
public sealed class CapturingLoggerProvider(LogLevel minimum) : ILoggerProvider
{
    private readonly LogLevel _minimum = minimum;

    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= provider._minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
            }
        }
    }
}
