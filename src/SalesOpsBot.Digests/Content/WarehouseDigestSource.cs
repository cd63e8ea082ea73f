using SalesOpsBot.Digests.Delivery;
using SalesOpsBot.Digests.Subscriptions;
using SalesOpsBot.Warehouse.Access;

namespace SalesOpsBot.Digests.Content;

/// <summary>
/// The production <see cref="IDigestContentSource"/>: resolves the subscriber's access scope at send time (so a revoked
/// grant takes effect on the next digest) and composes the digest for the slot's local date in the subscriber's time zone,
/// or for <paramref name="fixedAsOf"/> when the warehouse is a snapshot (the demo data). Alert subscriptions get the
/// alerts the pack triggers and that are not cooling down, or nothing.
/// </summary>
public sealed class WarehouseDigestSource(AccessResolver access, DigestComposer composer, DateOnly? fixedAsOf = null, AlertRules? alertRules = null, AlertCooldown? cooldown = null) : IDigestContentSource
{
    public async Task<DigestContent?> ComposeAsync(Subscription subscription, DateTimeOffset slot, DateTimeOffset? previousSlot, CancellationToken cancellationToken)
    {
        var resolution = await access.ResolveAsync(subscription.Principal, cancellationToken);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(subscription.TimeZone);
        DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
        var asOf = fixedAsOf ?? LocalDate(slot);
        DateOnly? previous = previousSlot is { } p && fixedAsOf is null ? LocalDate(p) : null;
        var scope = resolution.Denial is null ? resolution.Scope : AccessScope.Nothing;
        var pack = await composer.ComposeAsync(new DigestRequest(scope, subscription.TerritoryId, asOf, previous), cancellationToken);
        if (subscription.Kind != DigestKind.PipelineAlerts)
        {
            return pack;
        }

        var coolingDown = cooldown is null ? null : await cooldown.CoolingDownAsync(subscription.Id, cancellationToken);
        return DigestAlerts.From(pack, alertRules ?? AlertRules.Default, coolingDown);
    }
}
