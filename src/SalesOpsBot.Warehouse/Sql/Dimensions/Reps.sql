-- The people a caller may name: reps in their scope's territories or reporting lines (everyone for admins).
SELECT r.rep_id, r.name, r.email, r.manager_id, r.territory_id, r.role, r.hire_date, r.end_date
FROM reps r
WHERE @scopeAll = 1
   OR r.territory_id IN @scopeTerritories
   OR r.rep_id IN @scopeReps
ORDER BY r.rep_id
