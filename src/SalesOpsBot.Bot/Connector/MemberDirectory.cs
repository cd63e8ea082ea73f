using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using SalesOpsBot.Bot.Hosting;

namespace SalesOpsBot.Bot.Connector;

/// <summary>
/// The email of a Teams member, from <c>GET /v3/conversations/{id}/members/{userId}</c> (§3.3), cached so a
/// conversation costs one lookup per hour rather than one per turn (the members API is throttled, §3.6).
/// </summary>
public sealed class MemberDirectory(ConnectorClient connector, MemberEmailCache cache, ILogger<MemberDirectory> logger)
{
    public async Task<string?> FindEmailAsync(string serviceUrl, string conversationId, string userId, CancellationToken cancellationToken)
    {
        try
        {
            return await cache.GetOrLookUpAsync($"{serviceUrl}\n{conversationId}\n{userId}", async () =>
            {
                var member = await connector.GetMemberAsync(serviceUrl, conversationId, userId, CancellationToken.None);
                return member?.Email ?? member?.UserPrincipalName;
            }).WaitAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is ConnectorException or HttpRequestException)
        {
            // The engine still has the Entra object id; an unknown email is not a reason to fail the turn.
            logger.LogWarning("Member lookup failed: {Reason}", exception.Message);
            return null;
        }
    }
}

/// <summary>
/// One lookup per member at a time (turns of one conversation run in parallel workers), kept for
/// <see cref="BotOptions.MemberCacheDuration"/>; a failed lookup is retried on the next turn.
/// </summary>
public sealed class MemberEmailCache(IOptions<BotOptions> options, TimeProvider timeProvider)
{
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<string, (Lazy<Task<string?>> Lookup, DateTimeOffset Expires)> _entries = new(StringComparer.Ordinal);

    public Task<string?> GetOrLookUpAsync(string key, Func<Task<string?>> lookUp)
    {
        var now = timeProvider.GetUtcNow();
        if (_entries.Count > MaxEntries)
        {
            _entries.Clear();
        }

        (Lazy<Task<string?>>, DateTimeOffset) Fresh() => (new Lazy<Task<string?>>(lookUp), now + options.Value.MemberCacheDuration);
        var entry = _entries.AddOrUpdate(key, _ => Fresh(), (_, existing) =>
            existing.Expires > now && !(existing.Lookup.IsValueCreated && existing.Lookup.Value.IsFaulted) ? existing : Fresh());
        return entry.Lookup.Value;
    }
}
