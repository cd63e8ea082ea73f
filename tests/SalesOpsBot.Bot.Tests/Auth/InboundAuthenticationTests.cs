using System.Net;
using Microsoft.IdentityModel.Tokens;
using SalesOpsBot.Bot.Protocol;
using SalesOpsBot.Bot.Tests.Infrastructure;

namespace SalesOpsBot.Bot.Tests.Auth;

/// <summary>The token-fault catalogue of botframework-protocol.md §2.2 and security-anchors §8.1 against the real host.</summary>
public sealed class InboundAuthenticationTests : IAsyncLifetime
{
    private FakeChannel _channel = null!;
    private BotTestHost _bot = null!;
    private readonly RecordingAnswerer _answerer = new();

    public async ValueTask InitializeAsync()
    {
        _channel = await FakeChannel.StartAsync();
        _bot = await BotTestHost.StartAsync(_answerer, _channel);
    }

    public async ValueTask DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _channel.DisposeAsync();
    }

    public static TheoryData<string> Faults() =>
    [
        "missing", "basic_scheme", "malformed", "expired", "not_yet_valid", "wrong_issuer", "emulator_issuer", "wrong_audience",
        "unknown_key", "alg_none", "hs256_with_public_key", "bad_signature", "missing_serviceurl", "mismatched_serviceurl",
        "unendorsed_channel",
    ];

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task EveryTokenFaultIsRejectedWith401AndNeverReachesTheHandler(string fault)
    {
        var activity = SampleActivities.Message(_channel.ServiceUrl, "why did EMEA miss Q3?");
        var now = DateTime.UtcNow;
        var header = fault == "basic_scheme" ? "Basic " + Convert.ToBase64String("user:pass"u8.ToArray()) : null;
        string? token = fault switch
        {
            "missing" or "basic_scheme" => null,
            "malformed" => TestTokens.Garbage,
            "expired" => TestTokens.Create(_channel.EndorsedKey, _channel.ServiceUrl, notBefore: now.AddMinutes(-70), expires: now.AddMinutes(-6)),
            "not_yet_valid" => TestTokens.Create(_channel.EndorsedKey, _channel.ServiceUrl, notBefore: now.AddMinutes(6), expires: now.AddMinutes(60)),
            "wrong_issuer" => TestTokens.Create(_channel.EndorsedKey, _channel.ServiceUrl, issuer: "https://evil.example"),
            "emulator_issuer" => TestTokens.Create(_channel.EndorsedKey, _channel.ServiceUrl, issuer: "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/"),
            "wrong_audience" => TestTokens.Create(_channel.EndorsedKey, _channel.ServiceUrl, audience: "another-bot-app-id"),
            "unknown_key" => TestTokens.Create(_channel.UnknownKey, _channel.ServiceUrl),
            "alg_none" => TestTokens.AlgNone(_channel.ServiceUrl),
            "hs256_with_public_key" => TestTokens.Hs256WithPublicKey(_channel.EndorsedKey, _channel.ServiceUrl),
            "bad_signature" => TestTokens.WithBadSignature(TestTokens.Create(_channel.EndorsedKey, _channel.ServiceUrl)),
            "missing_serviceurl" => TestTokens.Create(_channel.EndorsedKey, serviceUrl: null),
            "mismatched_serviceurl" => TestTokens.Create(_channel.EndorsedKey, "https://smba.trafficmanager.net/emea/"),
            "unendorsed_channel" => TestTokens.Create(_channel.UnendorsedKey, _channel.ServiceUrl),
            _ => throw new ArgumentOutOfRangeException(nameof(fault)),
        };

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(activity, BotJsonContext.Default.Activity), System.Text.Encoding.UTF8, "application/json"),
        };
        if (header is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", header);
        }
        else if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await _bot.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        // Give a wrongly accepted turn time to reach the engine or the connector before asserting it did not.
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.Empty(_answerer.Turns);
        Assert.Empty(_channel.Calls);
    }

    [Fact]
    public async Task AValidTokenIsAcceptedAndTheAnswerIsSentWithTheBotsToken()
    {
        var activity = SampleActivities.Message(_channel.ServiceUrl, "why did EMEA miss Q3?");

        using var response = await _bot.PostActivityAsync(activity, TestTokens.Create(_channel.EndorsedKey, _channel.ServiceUrl));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = await _channel.WaitForCallAsync(call => call.Activity?.Type == ActivityTypes.Message);
        Assert.Equal("Bearer " + BotTestHost.OutboundToken, reply.Authorization);
        Assert.Single(_answerer.Turns);
    }

    [Fact]
    public async Task ATokenExpiredFourMinutesAgoIsStillInsideTheFiveMinuteSkew()
    {
        var now = DateTime.UtcNow;
        var token = TestTokens.Create(_channel.EndorsedKey, _channel.ServiceUrl, notBefore: now.AddMinutes(-60), expires: now.AddMinutes(-4));

        using var response = await _bot.PostActivityAsync(SampleActivities.Message(_channel.ServiceUrl, "hello"), token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ARolledOverSigningKeyIsAcceptedAfterOneMetadataRefresh()
    {
        using (var warmUp = await _bot.PostActivityAsync(SampleActivities.Message(_channel.ServiceUrl, "hello"), TestTokens.Create(_channel.EndorsedKey, _channel.ServiceUrl)))
        {
            Assert.Equal(HttpStatusCode.OK, warmUp.StatusCode);
        }

        var fetchesBefore = _channel.MetadataFetches;
        var newKey = new RsaSecurityKey(System.Security.Cryptography.RSA.Create(2048)) { KeyId = "rolled-over-key" };
        _channel.Publish(newKey, "msteams");
        // The forced refresh is rate-limited (MinimumMetadataRefreshInterval = 1 s in tests).
        await Task.Delay(1100, TestContext.Current.CancellationToken);

        using var response = await _bot.PostActivityAsync(SampleActivities.Message(_channel.ServiceUrl, "hello again"), TestTokens.Create(newKey, _channel.ServiceUrl));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(fetchesBefore + 1, _channel.MetadataFetches);
    }

    [Fact]
    public async Task AnUnknownKeyStormCausesAtMostOneMetadataRefresh()
    {
        // The production minimum interval between forced refreshes (5 min), so the bound holds however slow the machine.
        await using var bot = await BotTestHost.StartAsync(_answerer, _channel, new Dictionary<string, string> { ["Bot:MinimumMetadataRefreshInterval"] = "00:05:00" });
        using (var warmUp = await bot.PostActivityAsync(SampleActivities.Message(_channel.ServiceUrl, "hello"), TestTokens.Create(_channel.EndorsedKey, _channel.ServiceUrl)))
        {
            Assert.Equal(HttpStatusCode.OK, warmUp.StatusCode);
        }

        var fetchesBefore = _channel.MetadataFetches;
        for (var attempt = 0; attempt < 10; attempt++)
        {
            using var response = await bot.PostActivityAsync(SampleActivities.Message(_channel.ServiceUrl, "x"), TestTokens.Create(_channel.UnknownKey, _channel.ServiceUrl));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        Assert.InRange(_channel.MetadataFetches - fetchesBefore, 0, 1);
    }
}
