-- The naive baseline of `salesops bench questions --naive` (docs/benchmarks.md): every history row of the scope's
-- deals, unaggregated, for the benchmark to compute the same figures in C# and show what the SQL aggregates save.
SELECT h.opportunity_id, h.changed_at, h.amount, h.close_date, h.is_closed, h.is_won
FROM opportunity_history h
JOIN opportunities o ON o.opportunity_id = h.opportunity_id
WHERE (@scopeAll = 1 OR o.territory_id IN @scopeTerritories OR o.owner_id IN @scopeReps)
  AND (@focusAll = 1 OR o.territory_id IN @focusTerritories OR o.owner_id IN @focusReps)
