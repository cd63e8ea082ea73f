-- The territories a caller may name: their scope's territories (all of them for admins), plus the home
-- territories of the reps in their scope. Used for the router's vocabulary and for roll-ups.
SELECT t.territory_id, t.name, t.parent_id, t.level_name
FROM territories t
WHERE @scopeAll = 1
   OR t.territory_id IN @scopeTerritories
   OR t.territory_id IN (SELECT r.territory_id FROM reps r WHERE r.rep_id IN @scopeReps)
ORDER BY t.territory_id
