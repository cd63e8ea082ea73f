-- Deals whose last history row differs from their current state (the contract requires them equal).
SELECT o.opportunity_id
FROM opportunities o
JOIN opportunity_history h ON h.opportunity_id = o.opportunity_id
WHERE (@scopeAll = 1 OR o.territory_id IN @scopeTerritories OR o.owner_id IN @scopeReps)
  AND h.changed_at = (SELECT MAX(l.changed_at) FROM opportunity_history l WHERE l.opportunity_id = o.opportunity_id)
  AND (h.stage <> o.stage
       OR h.forecast_category <> o.forecast_category
       OR h.amount <> o.amount
       OR h.close_date <> o.close_date
       OR h.is_closed <> o.is_closed
       OR h.is_won <> o.is_won)
ORDER BY o.opportunity_id
