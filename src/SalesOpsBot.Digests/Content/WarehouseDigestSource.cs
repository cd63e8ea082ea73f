using System.Collections.Concurrent;
using SalesOpsBot.Digests.Delivery;
using SalesOpsBot.Digests.Subscriptions;
using SalesOpsBot.Warehouse.Access;

namespace SalesOpsBot.Digests.Content;

/// <summary>
/// The production <see cref="IDigestContentSource"/>: resolves the subscriber's access scope at send time (so a revoked
/// grant takes effect on the next digest) and composes the digest for the slot's local date in the subscriber's time zone,
/// or for <paramref name="fixedAsOf"/> when the warehouse is a snapshot (the demo data). Alert subscriptions get the
/// alerts the pack triggers and that are not cooling down, or nothing. Within one scheduler pass a pack is composed once per
/// (resolved scope, territory, as-of, previous digest) and shared by every subscriber with exactly that scope
/// (<paramref name="composeOncePerScope"/>); the runner clears the cache at the start of each pass.
/// </summary>
public sealed class WarehouseDigestSource(
    AccessResolver access,
    DigestComposer composer,
    DateOnly? fixedAsOf = null,
    AlertRules? alertRules = null,
    AlertCooldown? cooldown = null,
    bool composeOncePerScope = true) : IDigestContentSource, IDigestPassScope
{
    private ConcurrentDictionary<string, Lazy<Task<DigestContent>>> _packs = new(StringComparer.Ordinal);

    /// <summary>How many packs were composed (not served from the pass cache) since this source was created.</summary>
    public int PacksComposed => _packsComposed;

    private int _packsComposed;

    public void StartPass() => Interlocked.Exchange(ref _packs, new(StringComparer.Ordinal));

    public async Task<DigestContent?> ComposeAsync(Subscription subscription, DateTimeOffset slot, DateTimeOffset? previousSlot, CancellationToken cancellationToken)
    {
        var resolution = await access.ResolveAsync(subscription.Principal, cancellationToken);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(subscription.TimeZone);
        DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
        var asOf = fixedAsOf ?? LocalDate(slot);
        DateOnly? previous = previousSlot is { } p && fixedAsOf is null ? LocalDate(p) : null;
        var scope = resolution.Denial is null ? resolution.Scope : AccessScope.Nothing;
        var request = new DigestRequest(scope, subscription.TerritoryId, asOf, previous);
        var pack = await PackAsync(request, cancellationToken);
        if (subscription.Kind != DigestKind.PipelineAlerts)
        {
            return pack;
        }

        var rules = alertRules ?? AlertRules.Default;
        if (cooldown is null)
        {
            return DigestAlerts.From(pack, rules);
        }

        var coolingDown = await cooldown.CoolingDownAsync(subscription.Id, cancellationToken);
        var baseline = await cooldown.BaselineAsync(subscription.Id, cancellationToken);
        var alerts = DigestAlerts.From(pack, rules, coolingDown, baseline);
        if (alerts is null)
        {
            // Nothing to send, so this check is settled now; with an alert the runner moves the baseline once it is sent.
            await cooldown.RecordBaselineAsync(subscription.Id, DigestAlerts.BaselineOf(pack, rules), cancellationToken);
        }

        return alerts;
    }

    private Task<DigestContent> PackAsync(DigestRequest request, CancellationToken cancellationToken)
    {
        if (!composeOncePerScope)
        {
            Interlocked.Increment(ref _packsComposed);
            return composer.ComposeAsync(request, cancellationToken);
        }

        // Two subscribers share a pack only when everything the composer reads is identical, including the exact scope.
        var scope = request.Access;
        var key = string.Join('|', scope.All, string.Join(',', scope.TerritoryIds), string.Join(',', scope.RepIds), request.TerritoryId,
            request.AsOf.DayNumber, request.PreviousDigest?.DayNumber);
        var entry = _packs.GetOrAdd(key, _ => new Lazy<Task<DigestContent>>(() =>
        {
            Interlocked.Increment(ref _packsComposed);
            return composer.ComposeAsync(request, CancellationToken.None);
        }));
        return entry.Value.WaitAsync(cancellationToken);
    }
}
