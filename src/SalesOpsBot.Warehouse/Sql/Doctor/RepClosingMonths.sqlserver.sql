-- SQL Server has no EXTRACT: YEAR() and MONTH() instead.
SELECT o.owner_id AS rep_id,
       YEAR(o.close_date) AS close_year,
       MONTH(o.close_date) AS close_month
FROM opportunities o
WHERE o.is_closed = 1
  AND (@scopeAll = 1 OR o.territory_id IN @scopeTerritories OR o.owner_id IN @scopeReps)
GROUP BY o.owner_id, YEAR(o.close_date), MONTH(o.close_date)
