-- Bookings (won amount and count) by credited territory for deals closed in [@periodStart, @periodEnd],
-- within the caller's access scope.
SELECT o.territory_id,
       SUM(o.amount) AS bookings,
       CAST(COUNT(*) AS BIGINT) AS won_deals
FROM opportunities o
WHERE o.is_won = 'true'
  AND o.close_date BETWEEN @periodStart AND @periodEnd
  AND (@scopeAll = 1 OR o.territory_id IN @scopeTerritories OR o.owner_id IN @scopeReps)
GROUP BY o.territory_id
ORDER BY o.territory_id
