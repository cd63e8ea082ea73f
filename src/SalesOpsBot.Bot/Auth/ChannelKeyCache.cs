using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using SalesOpsBot.Bot.Hosting;

namespace SalesOpsBot.Bot.Auth;

/// <summary>
/// The channel's OpenID metadata and signing keys (§2.1), cached: refreshed when older than
/// <see cref="BotOptions.MetadataRefreshInterval"/> (the doc asks for at least daily), and on demand for an unknown
/// kid at most once per <see cref="BotOptions.MinimumMetadataRefreshInterval"/> so forged kids cannot cause a storm.
/// A failed refresh keeps serving the last good keys.
/// </summary>
public sealed class ChannelKeyCache(IOptions<BotOptions> options, IHttpClientFactory httpClientFactory, TimeProvider timeProvider) : IDisposable
{
    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private OpenIdConnectConfiguration? _current;
    private DateTimeOffset _fetchedAt;
    private DateTimeOffset _lastForcedRefresh = DateTimeOffset.MinValue;

    public async Task<OpenIdConnectConfiguration> GetAsync(bool forceRefresh, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var current = _current;
        if (current is not null && now - _fetchedAt < options.Value.MetadataRefreshInterval
            && (!forceRefresh || now - _lastForcedRefresh < options.Value.MinimumMetadataRefreshInterval))
        {
            return current;
        }

        await _refreshLock.WaitAsync(cancellationToken);
        try
        {
            // Another request may have refreshed while this one waited.
            now = timeProvider.GetUtcNow();
            if (_current is not null && now - _fetchedAt < options.Value.MetadataRefreshInterval
                && (!forceRefresh || now - _lastForcedRefresh < options.Value.MinimumMetadataRefreshInterval))
            {
                return _current;
            }

            if (forceRefresh)
            {
                _lastForcedRefresh = now;
            }

            try
            {
                var retriever = new HttpDocumentRetriever(httpClientFactory.CreateClient(nameof(ChannelKeyCache)))
                {
                    RequireHttps = options.Value.RequireHttpsMetadata,
                };
                _current = await OpenIdConnectConfigurationRetriever.GetAsync(options.Value.OpenIdMetadataUrl, retriever, cancellationToken);
                _fetchedAt = now;
            }
            catch (Exception exception) when (_current is not null && exception is IOException or HttpRequestException or InvalidOperationException or ArgumentException)
            {
                // Keep the last good keys; the next request tries again after the minimum interval.
                _fetchedAt = now - options.Value.MetadataRefreshInterval + options.Value.MinimumMetadataRefreshInterval;
            }

            return _current;
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    public void Dispose() => _refreshLock.Dispose();
}
