-- Won deals that break the contract: not closed, or not in forecast category 'Closed'.
SELECT o.opportunity_id
FROM opportunities o
WHERE o.is_won = 'true' AND (o.is_closed = 'false' OR o.forecast_category <> 'Closed')
  AND (@scopeAll = 1 OR o.territory_id IN @scopeTerritories OR o.owner_id IN @scopeReps)
ORDER BY o.opportunity_id
