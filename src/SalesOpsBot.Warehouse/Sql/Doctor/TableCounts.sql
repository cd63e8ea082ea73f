-- How much data there is, for the doctor's summary.
SELECT (SELECT CAST(COUNT(*) AS BIGINT) FROM territories) AS territories,
       (SELECT CAST(COUNT(*) AS BIGINT) FROM reps) AS reps,
       (SELECT CAST(COUNT(*) AS BIGINT) FROM accounts) AS accounts,
       (SELECT CAST(COUNT(*) AS BIGINT) FROM products) AS products,
       (SELECT CAST(COUNT(*) AS BIGINT) FROM opportunities) AS opportunities,
       (SELECT CAST(COUNT(*) AS BIGINT) FROM opportunity_history) AS opportunity_history,
       (SELECT CAST(COUNT(*) AS BIGINT) FROM quotas) AS quotas,
       (SELECT CAST(COUNT(*) AS BIGINT) FROM territories WHERE parent_id IS NULL) AS root_territories,
       (SELECT MAX(changed_at) FROM opportunity_history) AS last_change
