-- Quota rows for the quarters starting in [@periodStart, @periodEnd] within the caller's scope: a territory's own
-- rows for territories in scope, and rep rows for reps in scope or credited in territories in scope.
SELECT q.territory_id, q.rep_id, q.period_start, q.amount
FROM quotas q
WHERE q.period_start BETWEEN @periodStart AND @periodEnd
  AND (@scopeAll = 1 OR q.territory_id IN @scopeTerritories OR q.rep_id IN @scopeReps)
  AND (@focusAll = 1 OR q.territory_id IN @focusTerritories OR q.rep_id IN @focusReps)
