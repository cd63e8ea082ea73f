using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using SalesOpsBot.Bot.Connector;
using SalesOpsBot.Bot.Hosting;
using SalesOpsBot.Bot.Protocol;
using SalesOpsBot.Bot.Turns;

namespace SalesOpsBot.Bot.Tests.Infrastructure;

/// <summary>The real bot host on Kestrel, on a free loopback port, with a test answerer and a temporary state file.</summary>
public sealed class BotTestHost : IAsyncDisposable
{
    public const string OutboundToken = "outbound-test-token";

    private readonly WebApplication _app;
    private readonly string _stateFile;

    private BotTestHost(WebApplication app, string stateFile, string baseUrl)
    {
        _app = app;
        _stateFile = stateFile;
        BaseUrl = baseUrl;
        Client = new HttpClient { BaseAddress = new Uri(baseUrl) };
    }

    public string BaseUrl { get; }
    public HttpClient Client { get; }
    public IServiceProvider Services => _app.Services;

    /// <summary>Starts the host. With a <paramref name="channel"/> it authenticates against it; without one it runs anonymous.
    /// A null <paramref name="answerer"/> keeps the placeholder help answerer.</summary>
    public static async Task<BotTestHost> StartAsync(ITurnAnswerer? answerer, FakeChannel? channel = null, IDictionary<string, string>? settings = null, string environment = "Development")
    {
        var stateFile = Path.Combine(Path.GetTempPath(), $"salesopsbot-test-{Guid.NewGuid():N}.db");
        var arguments = new Dictionary<string, string>
        {
            ["environment"] = environment,
            ["urls"] = "http://127.0.0.1:0",
            ["Bot:StateConnectionString"] = $"Data Source={stateFile};Pooling=false",
            ["Bot:ConnectorRetry:BaseDelay"] = "00:00:00.020",
            ["Bot:ConnectorRetry:MaxDelay"] = "00:00:00.100",
            ["Bot:ConnectorRetry:MaxRetryAfter"] = "00:00:05",
            ["Bot:MinimumMetadataRefreshInterval"] = "00:00:01",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        if (channel is not null)
        {
            arguments["Bot:MicrosoftAppId"] = TestTokens.AppId;
            arguments["Bot:MicrosoftAppTenantId"] = "00000000-0000-4000-8000-0000000000aa";
            arguments["Bot:MicrosoftAppPassword"] = "not-used-by-tests";
            arguments["Bot:OpenIdMetadataUrl"] = channel.MetadataUrl;
            arguments["Bot:RequireHttpsMetadata"] = "false";
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            arguments[key] = value;
        }

        var app = BotHost.Build(
            [.. arguments.Select(argument => $"--{argument.Key}={argument.Value}")],
            builder =>
            {
                builder.Logging.ClearProviders();
                if (answerer is not null)
                {
                    builder.Services.Replace(ServiceDescriptor.Singleton(answerer));
                }

                builder.Services.Replace(ServiceDescriptor.Singleton<IBotTokenProvider>(new FixedTokenProvider(channel is null ? null : OutboundToken)));
            },
            contentRoot: BotProjectDirectory());
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BotTestHost(app, stateFile, baseUrl);
    }

    /// <summary>POSTs an activity to /api/messages with an optional bearer token.</summary>
    public Task<HttpResponseMessage> PostActivityAsync(Activity activity, string? token) =>
        PostRawAsync(JsonSerializer.Serialize(activity, BotJsonContext.Default.Activity), token);

    public async Task<HttpResponseMessage> PostRawAsync(string body, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
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

    /// <summary>src/SalesOpsBot.Bot, so static files (the web chat page and bundle) are served as in development.</summary>
    public static string BotProjectDirectory()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !Directory.Exists(Path.Combine(directory.FullName, "src", "SalesOpsBot.Bot")))
        {
            directory = directory.Parent;
        }

        return directory is null
            ? throw new DirectoryNotFoundException("Cannot find src/SalesOpsBot.Bot above the test output.")
            : Path.Combine(directory.FullName, "src", "SalesOpsBot.Bot");
    }

    public static string RepositoryRoot() => Path.GetFullPath(Path.Combine(BotProjectDirectory(), "..", ".."));

    private sealed class FixedTokenProvider(string? token) : IBotTokenProvider
    {
        public Task<string?> GetTokenAsync(CancellationToken cancellationToken) => Task.FromResult(token);
    }
}
