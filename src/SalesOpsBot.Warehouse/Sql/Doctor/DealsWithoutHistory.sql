-- Deals with no history row: slippage, waterfalls and "as of" answers cannot see them.
SELECT o.opportunity_id
FROM opportunities o
WHERE NOT EXISTS (SELECT 1 FROM opportunity_history h WHERE h.opportunity_id = o.opportunity_id)
  AND (@scopeAll = 1 OR o.territory_id IN @scopeTerritories OR o.owner_id IN @scopeReps)
ORDER BY o.opportunity_id
