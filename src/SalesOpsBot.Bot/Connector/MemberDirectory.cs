using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using SalesOpsBot.Bot.Hosting;

namespace SalesOpsBot.Bot.Connector;

/// <summary>
/// The email of a Teams member, from <c>GET /v3/conversations/{id}/members/{userId}</c> (§3.3), cached so a
/// conversation costs one lookup per hour rather than one per turn (the members API is throttled, §3.6).
/// </summary>
public sealed class MemberDirectory(ConnectorClient connector, IMemoryCache cache, IOptions<BotOptions> options, ILogger<MemberDirectory> logger)
{
    public async Task<string?> FindEmailAsync(string serviceUrl, string conversationId, string userId, CancellationToken cancellationToken)
    {
        var key = $"member-email\n{serviceUrl}\n{conversationId}\n{userId}";
        if (cache.TryGetValue(key, out string? cached))
        {
            return cached;
        }

        string? email = null;
        try
        {
            var member = await connector.GetMemberAsync(serviceUrl, conversationId, userId, cancellationToken);
            email = member?.Email ?? member?.UserPrincipalName;
        }
        catch (Exception exception) when (exception is ConnectorException or HttpRequestException)
        {
            // The engine still has the Entra object id; an unknown email is not a reason to fail the turn.
            logger.LogWarning("Member lookup failed: {Reason}", exception.Message);
            return null;
        }

        cache.Set(key, email, options.Value.MemberCacheDuration);
        return email;
    }
}
