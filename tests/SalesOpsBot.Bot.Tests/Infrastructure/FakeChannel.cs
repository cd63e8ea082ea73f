using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using SalesOpsBot.Bot.Protocol;

namespace SalesOpsBot.Bot.Tests.Infrastructure;

/// <summary>One HTTP call the bot made to the fake connector.</summary>
public sealed record RecordedCall(string Method, string Path, string? Authorization, string Body)
{
    public Activity? Activity => Body.Length > 0 && Body.TrimStart().StartsWith('{') ? JsonSerializer.Deserialize(Body, BotJsonContext.Default.Activity) : null;
}

/// <summary>A scripted answer for the next connector call (status, Teams error code, Retry-After seconds).</summary>
public sealed record ScriptedResponse(int Status, string? Code = null, int? RetryAfterSeconds = null);

/// <summary>
/// Stands in for Azure Bot Service on loopback: serves the channel OpenID metadata and a JWKS (with endorsements)
/// for test RSA keys, and records every connector call the bot makes, answering as scripted.
/// </summary>
public sealed class FakeChannel : IAsyncDisposable
{
    public const string EndorsedKeyId = "test-key-endorsed";
    public const string UnendorsedKeyId = "test-key-skype-only";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ScriptedResponse> _script = new();
    private readonly List<(RsaSecurityKey Key, string[] Endorsements)> _published = [];
    private int _responseId;

    private FakeChannel(WebApplication app)
    {
        _app = app;
        EndorsedKey = NewKey(EndorsedKeyId);
        UnendorsedKey = NewKey(UnendorsedKeyId);
        UnknownKey = NewKey("test-key-never-published");
        Publish(EndorsedKey, "msteams", "webchat", "directline");
        Publish(UnendorsedKey, "skype");
    }

    public RsaSecurityKey EndorsedKey { get; }
    public RsaSecurityKey UnendorsedKey { get; }
    public RsaSecurityKey UnknownKey { get; }
    public string BaseUrl { get; private set; } = "";
    public string MetadataUrl => BaseUrl + "/v1/.well-known/openidconfiguration";
    public string ServiceUrl => BaseUrl + "/teams/";
    public ConcurrentQueue<RecordedCall> Calls { get; } = new();
    private int _metadataFetches;

    public int MetadataFetches => Volatile.Read(ref _metadataFetches);

    public static async Task<FakeChannel> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var channel = new FakeChannel(app);
        app.MapGet("/v1/.well-known/openidconfiguration", (HttpContext context) =>
        {
            channel.CountMetadataFetch();
            return Results.Text(new JsonObject
            {
                ["issuer"] = "https://api.botframework.com",
                ["authorization_endpoint"] = "https://invalid.example/authorize",
                ["jwks_uri"] = channel.BaseUrl + "/v1/.well-known/keys",
                ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
                ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
            }.ToJsonString(), "application/json");
        });
        app.MapGet("/v1/.well-known/keys", () => Results.Text(channel.Jwks(), "application/json"));
        app.Map("/teams/{**path}", (Delegate)channel.RecordAsync);
        await app.StartAsync();
        channel.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return channel;
    }

    /// <summary>Adds a key to the JWKS (signing-key rollover).</summary>
    public void Publish(RsaSecurityKey key, params string[] endorsements)
    {
        lock (_published)
        {
            _published.Add((key, endorsements));
        }
    }

    public void Enqueue(params ScriptedResponse[] responses)
    {
        foreach (var response in responses)
        {
            _script.Enqueue(response);
        }
    }

    /// <summary>Waits until a call matching <paramref name="match"/> was recorded (the bot answers in the background).</summary>
    public async Task<RecordedCall> WaitForCallAsync(Func<RecordedCall, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (DateTime.UtcNow < deadline)
        {
            if (Calls.FirstOrDefault(match) is { } call)
            {
                return call;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("The bot made no matching connector call. Calls: " + string.Join(", ", Calls.Select(call => call.Method + " " + call.Path)));
    }

    public IReadOnlyList<RecordedCall> Messages() =>
        [.. Calls.Where(call => call.Method != "GET" && call.Activity?.Type == ActivityTypes.Message)];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void CountMetadataFetch() => Interlocked.Increment(ref _metadataFetches);

    private async Task<IResult> RecordAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        // The raw target, so tests see the escaping the bot applied to Teams ids (§3.3).
        var rawTarget = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "";
        var call = new RecordedCall(context.Request.Method, rawTarget.Split('?')[0], context.Request.Headers.Authorization.FirstOrDefault(), body);
        Calls.Enqueue(call);

        if (_script.TryDequeue(out var scripted))
        {
            if (scripted.RetryAfterSeconds is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return scripted.Code is null
                ? Results.StatusCode(scripted.Status)
                : Results.Text(new JsonObject { ["error"] = new JsonObject { ["code"] = scripted.Code, ["message"] = scripted.Code } }.ToJsonString(), "application/json", statusCode: scripted.Status);
        }

        if (context.Request.Method == "GET" && call.Path.Contains("/members/", StringComparison.Ordinal))
        {
            var memberId = Uri.UnescapeDataString(call.Path[(call.Path.LastIndexOf('/') + 1)..]);
            return Results.Text(new JsonObject
            {
                ["id"] = memberId,
                ["name"] = "Lena Vogel",
                ["aadObjectId"] = "6f1c2b1e-0000-4000-8000-000000000001",
                ["email"] = "lena.vogel@example.com",
                ["userPrincipalName"] = "lena.vogel@example.com",
            }.ToJsonString(), "application/json");
        }

        return Results.Text(new JsonObject { ["id"] = "sent-" + Interlocked.Increment(ref _responseId) }.ToJsonString(), "application/json");
    }

    private string Jwks()
    {
        var keys = new JsonArray();
        lock (_published)
        {
            foreach (var (key, endorsements) in _published)
            {
                var parameters = key.Rsa.ExportParameters(false);
                keys.Add(new JsonObject
                {
                    ["kty"] = "RSA",
                    ["use"] = "sig",
                    ["kid"] = key.KeyId,
                    ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                    ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                    ["endorsements"] = new JsonArray([.. endorsements.Select(endorsement => (JsonNode)endorsement)]),
                });
            }
        }

        return new JsonObject { ["keys"] = keys }.ToJsonString();
    }

    private static RsaSecurityKey NewKey(string kid) => new(RSA.Create(2048)) { KeyId = kid };
}
