-- Quota-carrying seats (role AE) of the scope whose employment overlaps [@periodStart, @periodEnd], for capacity.
SELECT r.rep_id, r.name, r.territory_id, r.hire_date, r.end_date
FROM reps r
WHERE r.role = 'AE'
  AND r.hire_date <= @periodEnd
  AND (r.end_date IS NULL OR r.end_date >= @periodStart)
  AND (@scopeAll = 1 OR r.territory_id IN @scopeTerritories OR r.rep_id IN @scopeReps)
  AND (@focusAll = 1 OR r.territory_id IN @focusTerritories OR r.rep_id IN @focusReps)
