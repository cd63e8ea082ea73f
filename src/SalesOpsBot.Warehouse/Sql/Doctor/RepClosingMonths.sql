-- The months in which each rep closed (won or lost) deals; doctor maps them to fiscal quarters and looks
-- for quarters without a quota row for that rep.
SELECT o.owner_id AS rep_id,
       CAST(EXTRACT(YEAR FROM o.close_date) AS INT) AS close_year,
       CAST(EXTRACT(MONTH FROM o.close_date) AS INT) AS close_month
FROM opportunities o
WHERE o.is_closed = 'true'
  AND (@scopeAll = 1 OR o.territory_id IN @scopeTerritories OR o.owner_id IN @scopeReps)
GROUP BY o.owner_id, EXTRACT(YEAR FROM o.close_date), EXTRACT(MONTH FROM o.close_date)
