using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;
using SalesOpsBot.Bot.Hosting;

namespace SalesOpsBot.Bot.Connector;

public enum OutboundDecision
{
    /// <summary>Call with the bot's bearer token.</summary>
    WithToken,

    /// <summary>Call without a token (loopback: anonymous mode or the in-process web chat connector).</summary>
    WithoutToken,

    /// <summary>Do not call at all.</summary>
    Refuse,
}

/// <summary>
/// Decides where the bot's token may go (botframework-protocol.md §3.2, security-anchors §4.4): only to a
/// serviceUrl that arrived on an authenticated inbound activity, or an https host on the configured allow-list.
/// A forged serviceUrl therefore never harvests a token.
/// </summary>
public sealed class ServiceUrlGuard(IOptions<BotOptions> options)
{
    /// <summary>Path prefix of the in-process connector behind the local web chat.</summary>
    public const string LocalConnectorPath = "/_connector/";

    private const int MaxRemembered = 1000;
    private readonly ConcurrentDictionary<string, byte> _authenticated = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Remembers a serviceUrl whose activity passed §2.2 including the serviceurl claim check.</summary>
    public void TrustAuthenticated(string serviceUrl)
    {
        if (_authenticated.Count < MaxRemembered)
        {
            _authenticated.TryAdd(Normalize(serviceUrl), 0);
        }
    }

    public OutboundDecision Decide(string? serviceUrl)
    {
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return OutboundDecision.Refuse;
        }

        var loopback = IsLoopback(uri);
        if (loopback && uri.AbsolutePath.StartsWith(LocalConnectorPath, StringComparison.Ordinal))
        {
            return OutboundDecision.WithoutToken;
        }

        if (options.Value.IsAnonymous)
        {
            // §2.4: with no app id, only call back to localhost.
            return loopback ? OutboundDecision.WithoutToken : OutboundDecision.Refuse;
        }

        if (_authenticated.ContainsKey(Normalize(serviceUrl!)))
        {
            return OutboundDecision.WithToken;
        }

        var host = uri.IdnHost;
        var allowListed = uri.Scheme == Uri.UriSchemeHttps && options.Value.TrustedServiceUrlHosts.Any(trusted =>
            host.Equals(trusted, StringComparison.OrdinalIgnoreCase) || host.EndsWith("." + trusted, StringComparison.OrdinalIgnoreCase));
        return allowListed ? OutboundDecision.WithToken : OutboundDecision.Refuse;
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    private static string Normalize(string serviceUrl) => serviceUrl.TrimEnd('/');
}
