-- Every contract reference that points at a row that does not exist: one row per reference, with how many
-- rows dangle and one example id. Used by import (for tables it keeps) and by doctor (orphans).
SELECT 'territories.parent_id' AS reference, CAST(COUNT(*) AS BIGINT) AS dangling, MIN(t.parent_id) AS example
FROM territories t
WHERE t.parent_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM territories p WHERE p.territory_id = t.parent_id)
UNION ALL
SELECT 'reps.territory_id', CAST(COUNT(*) AS BIGINT), MIN(r.territory_id)
FROM reps r
WHERE NOT EXISTS (SELECT 1 FROM territories t WHERE t.territory_id = r.territory_id)
UNION ALL
SELECT 'reps.manager_id', CAST(COUNT(*) AS BIGINT), MIN(r.manager_id)
FROM reps r
WHERE r.manager_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM reps m WHERE m.rep_id = r.manager_id)
UNION ALL
SELECT 'opportunities.account_id', CAST(COUNT(*) AS BIGINT), MIN(o.account_id)
FROM opportunities o
WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.account_id = o.account_id)
UNION ALL
SELECT 'opportunities.owner_id', CAST(COUNT(*) AS BIGINT), MIN(o.owner_id)
FROM opportunities o
WHERE NOT EXISTS (SELECT 1 FROM reps r WHERE r.rep_id = o.owner_id)
UNION ALL
SELECT 'opportunities.territory_id', CAST(COUNT(*) AS BIGINT), MIN(o.territory_id)
FROM opportunities o
WHERE NOT EXISTS (SELECT 1 FROM territories t WHERE t.territory_id = o.territory_id)
UNION ALL
SELECT 'opportunities.product_id', CAST(COUNT(*) AS BIGINT), MIN(o.product_id)
FROM opportunities o
WHERE o.product_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM products p WHERE p.product_id = o.product_id)
UNION ALL
SELECT 'opportunity_history.opportunity_id', CAST(COUNT(*) AS BIGINT), MIN(h.opportunity_id)
FROM opportunity_history h
WHERE NOT EXISTS (SELECT 1 FROM opportunities o WHERE o.opportunity_id = h.opportunity_id)
UNION ALL
SELECT 'quotas.territory_id', CAST(COUNT(*) AS BIGINT), MIN(q.territory_id)
FROM quotas q
WHERE NOT EXISTS (SELECT 1 FROM territories t WHERE t.territory_id = q.territory_id)
UNION ALL
SELECT 'quotas.rep_id', CAST(COUNT(*) AS BIGINT), MIN(q.rep_id)
FROM quotas q
WHERE q.rep_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM reps r WHERE r.rep_id = q.rep_id)
UNION ALL
SELECT 'user_access.territory_id', CAST(COUNT(*) AS BIGINT), MIN(u.territory_id)
FROM user_access u
WHERE u.territory_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM territories t WHERE t.territory_id = u.territory_id)
UNION ALL
SELECT 'user_access.rep_id', CAST(COUNT(*) AS BIGINT), MIN(u.rep_id)
FROM user_access u
WHERE u.rep_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM reps r WHERE r.rep_id = u.rep_id)
