-- Open deals whose expected close date is already in the past: they inflate pipeline and hide slippage.
SELECT o.opportunity_id
FROM opportunities o
WHERE o.is_closed = 'false' AND o.close_date < @asOf
  AND (@scopeAll = 1 OR o.territory_id IN @scopeTerritories OR o.owner_id IN @scopeReps)
ORDER BY o.close_date, o.opportunity_id
