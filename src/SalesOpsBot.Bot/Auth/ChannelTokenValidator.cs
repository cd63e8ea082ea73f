using System.Collections;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using SalesOpsBot.Bot.Hosting;
using SalesOpsBot.Bot.Protocol;

namespace SalesOpsBot.Bot.Auth;

/// <summary>A validated channel token: what the activity checks (§2.2 rules 6–7) still need.</summary>
public sealed record ChannelIdentity(string? AppId, string? ServiceUrl, IReadOnlyList<string> Endorsements);

/// <summary>Outcome of inbound authentication. <see cref="Failure"/> is a reason code for the log, never the token.</summary>
public sealed record InboundAuthResult(ChannelIdentity? Identity, string? Failure)
{
    public bool Succeeded => Failure is null;

    public static InboundAuthResult Fail(string reason) => new(null, reason);
}

/// <summary>
/// Validates the Bot Connector's JWT exactly as botframework-protocol.md §2.2 lists: Bearer scheme, well-formed
/// JWS, issuer (checked before any key fetch), RS256 only, signature with a key of the channel JWKS (one forced
/// refresh on an unknown kid), lifetime with clock skew, audience = our app id. Rules 6 and 7 need the activity
/// and are in <see cref="CheckActivity"/>.
/// </summary>
public sealed class ChannelTokenValidator
{
    // Agents JS accepts RS256 only; the brief narrows the SDK's RS256/384/512 to that (§2.1).
    private static readonly string[] AllowedAlgorithms = [SecurityAlgorithms.RsaSha256];

    private readonly BotOptions _options;
    private readonly ChannelKeyCache _keys;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public ChannelTokenValidator(IOptions<BotOptions> options, ChannelKeyCache keys)
    {
        _options = options.Value;
        _keys = keys;
    }

    public async Task<InboundAuthResult> AuthenticateAsync(string? authorizationHeader, CancellationToken cancellationToken)
    {
        // Rule 1: exactly "Bearer <token>".
        if (string.IsNullOrEmpty(authorizationHeader))
        {
            return InboundAuthResult.Fail("missing_authorization");
        }

        var parts = authorizationHeader.Split(' ');
        if (parts.Length != 2 || !string.Equals(parts[0], "Bearer", StringComparison.OrdinalIgnoreCase) || parts[1].Length == 0)
        {
            return InboundAuthResult.Fail("not_bearer");
        }

        var token = parts[1];
        if (!_handler.CanReadToken(token))
        {
            return InboundAuthResult.Fail("malformed_token");
        }

        JsonWebToken unverified;
        try
        {
            unverified = _handler.ReadJsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return InboundAuthResult.Fail("malformed_token");
        }

        // Rules 2 and 3 before touching the key cache: an attacker's token never makes us fetch anything.
        if (!AllowedAlgorithms.Contains(unverified.Alg, StringComparer.Ordinal))
        {
            return InboundAuthResult.Fail("algorithm_not_allowed");
        }

        if (!string.Equals(unverified.Issuer, _options.ChannelTokenIssuer, StringComparison.Ordinal))
        {
            return InboundAuthResult.Fail("wrong_issuer");
        }

        OpenIdConnectConfiguration configuration;
        try
        {
            configuration = await _keys.GetAsync(forceRefresh: false, cancellationToken);
            if (FindKey(configuration, unverified.Kid) is null)
            {
                // Keys roll over at any time (§2.2 "Key caching"): one rate-limited refresh before failing.
                configuration = await _keys.GetAsync(forceRefresh: true, cancellationToken);
            }
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException or InvalidOperationException or ArgumentException)
        {
            return InboundAuthResult.Fail("metadata_unavailable");
        }

        var signingKey = FindKey(configuration, unverified.Kid);
        if (signingKey is null)
        {
            return InboundAuthResult.Fail("unknown_signing_key");
        }

        var parameters = new TokenValidationParameters
        {
            ValidIssuer = _options.ChannelTokenIssuer,
            ValidAudience = _options.MicrosoftAppId,
            IssuerSigningKeys = [signingKey],
            ValidAlgorithms = AllowedAlgorithms,
            ClockSkew = _options.ClockSkew,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            RequireAudience = true,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            TryAllIssuerSigningKeys = false,
        };

        var result = await _handler.ValidateTokenAsync(token, parameters);
        if (!result.IsValid)
        {
            return InboundAuthResult.Fail(result.Exception switch
            {
                SecurityTokenExpiredException => "token_expired",
                SecurityTokenNotYetValidException => "token_not_yet_valid",
                SecurityTokenInvalidAudienceException => "wrong_audience",
                SecurityTokenInvalidIssuerException => "wrong_issuer",
                SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException => "bad_signature",
                SecurityTokenInvalidAlgorithmException => "algorithm_not_allowed",
                _ => "invalid_token",
            });
        }

        var serviceUrl = result.Claims.TryGetValue("serviceurl", out var claim) ? claim as string : null;
        var appId = result.Claims.TryGetValue("appid", out var appIdClaim) ? appIdClaim as string : null;
        return new InboundAuthResult(new ChannelIdentity(appId, serviceUrl, ReadEndorsements(signingKey)), null);
    }

    /// <summary>Rules 6 and 7 of §2.2, which need the parsed activity.</summary>
    public static InboundAuthResult CheckActivity(ChannelIdentity identity, Activity activity)
    {
        // Rule 7: the token is bound to the region/endpoint it was issued for; replies go only there.
        if (string.IsNullOrEmpty(identity.ServiceUrl))
        {
            return InboundAuthResult.Fail("missing_serviceurl_claim");
        }

        if (!string.Equals(identity.ServiceUrl, activity.ServiceUrl, StringComparison.OrdinalIgnoreCase))
        {
            return InboundAuthResult.Fail("serviceurl_mismatch");
        }

        // Rule 6: an empty channelId passes; otherwise the signing key must vouch for that channel.
        if (!string.IsNullOrEmpty(activity.ChannelId)
            && !identity.Endorsements.Contains(activity.ChannelId, StringComparer.OrdinalIgnoreCase))
        {
            return InboundAuthResult.Fail("channel_not_endorsed");
        }

        return new InboundAuthResult(identity, null);
    }

    private static JsonWebKey? FindKey(OpenIdConnectConfiguration configuration, string? kid)
    {
        if (string.IsNullOrEmpty(kid) || configuration.JsonWebKeySet is null)
        {
            return null;
        }

        return configuration.JsonWebKeySet.Keys.FirstOrDefault(key => string.Equals(key.Kid, kid, StringComparison.Ordinal));
    }

    // The JWKS carries a non-standard "endorsements" array per key; IdentityModel keeps it in AdditionalData.
    private static string[] ReadEndorsements(JsonWebKey key)
    {
        if (!key.AdditionalData.TryGetValue("endorsements", out var raw) || raw is null)
        {
            return [];
        }

        return raw switch
        {
            JsonElement { ValueKind: JsonValueKind.Array } array => [.. array.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.String).Select(item => item.GetString()!)],
            string single => [single],
            IEnumerable items => [.. items.Cast<object?>().Select(item => item?.ToString()).OfType<string>()],
            _ => [],
        };
    }
}
