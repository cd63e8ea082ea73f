using SalesOpsBot.Warehouse.Contract;

namespace SalesOpsBot.Warehouse.Seeding;

internal sealed partial class SeedRun
{
    /// <summary>
    /// Rep rows for every AE in every quarter they worked (ramped, prorated), and an own row for every
    /// territory: a leaf's manager carries their reps plus any vacant seat; sub-regions, regions and the
    /// company are over-assigned (a share of the rep quotas below them).
    /// </summary>
    private void EmitQuotas()
    {
        var leafReps = new double[_world.Leaves.Count];
        var leafVacant = new double[_world.Leaves.Count];
        var subRegionReps = new double[_world.SubRegionIds.Count];
        var regionReps = new double[DemoWorld.Regions.Length];
        for (var offset = DemoTime.FirstOffset; offset <= DemoTime.LastQuotaOffset; offset++)
        {
            Array.Clear(leafReps);
            Array.Clear(leafVacant);
            Array.Clear(subRegionReps);
            Array.Clear(regionReps);
            var start = _time.Start(offset);
            var end = _time.End(offset);
            var periodStart = DateOnly.FromDayNumber(start);
            foreach (var ae in _aes)
            {
                var from = Math.Max(start, ae.HireDay);
                var to = Math.Min(end, ae.EndDay ?? int.MaxValue);
                if (from > to)
                {
                    continue;
                }

                var share = (to - from + 1) / (double)_time.Days(offset);
                var ramp = DemoEconomics.Ramp(start + 45 - ae.HireDay);
                var cents = Math.Max(100_000, DemoEconomics.QuotaCents(SeatQuota(ae.Segment, offset) * ramp * share));
                Quota(ae.TerritoryId, ae.RepId, periodStart, cents);
                var leaf = _world.Leaves[ae.Leaf];
                leafReps[leaf.Index] += cents;
                subRegionReps[leaf.SubRegion] += cents;
                regionReps[leaf.Region] += cents;
            }

            foreach (var seat in _world.Seats)
            {
                leafVacant[seat.Leaf] += VacantShare(seat, start, end) * SeatQuota(seat.Segment, offset) * 100;
            }

            foreach (var leaf in _world.Leaves)
            {
                Quota(leaf.Id, null, periodStart,
                    DemoEconomics.QuotaCents(DemoEconomics.LeafFactor * (leafReps[leaf.Index] + leafVacant[leaf.Index]) / 100));
            }

            for (var s = 0; s < _world.SubRegionIds.Count; s++)
            {
                Quota(_world.SubRegionIds[s], null, periodStart,
                    DemoEconomics.QuotaCents(DemoEconomics.SubRegionFactor * subRegionReps[s] / 100));
            }

            var company = 0.0;
            for (var r = 0; r < regionReps.Length; r++)
            {
                company += regionReps[r];
                Quota(DemoWorld.Regions[r].Id, null, periodStart,
                    DemoEconomics.QuotaCents(DemoEconomics.RegionFactor * regionReps[r] / 100));
            }

            Quota(DemoWorld.RootId, null, periodStart, DemoEconomics.QuotaCents(DemoEconomics.GlobalFactor * company / 100));
        }
    }

    /// <summary>Share of [start, end] during which a seat that once had a holder had none (a leaver not yet replaced).</summary>
    private double VacantShare(DemoSeat seat, int start, int end)
    {
        var vacantDays = 0;
        for (var h = 0; h < seat.Holders.Count; h++)
        {
            if (_world.People[seat.Holders[h]].EndDay is not { } left)
            {
                continue;
            }

            var refilled = h + 1 < seat.Holders.Count ? _world.People[seat.Holders[h + 1]].HireDay : int.MaxValue;
            var from = Math.Max(start, left + 1);
            var to = Math.Min(end, refilled - 1);
            vacantDays += Math.Max(0, to - from + 1);
        }

        return vacantDays / (double)(end - start + 1);
    }

    private void Quota(string territoryId, string? repId, DateOnly periodStart, long cents)
    {
        _sink.Add(new QuotaRow(territoryId, repId, periodStart, DealTimeline.Money(cents)));
        _quotas++;
    }
}
