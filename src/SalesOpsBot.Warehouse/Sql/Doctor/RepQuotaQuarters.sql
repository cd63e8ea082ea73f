-- The quarters for which each rep has a quota row.
SELECT DISTINCT q.rep_id, q.period_start
FROM quotas q
WHERE q.rep_id IS NOT NULL
