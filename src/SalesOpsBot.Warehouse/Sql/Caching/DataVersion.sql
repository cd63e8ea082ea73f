-- A cheap fingerprint of the warehouse's contents for the answer cache (docs/benchmarks/performance.md,
-- "Caching"): loads and replication append history rows, move the latest change, or change row counts and
-- quota totals. Not scoped: the figures never reach a user, they only decide whether cached results are stale.
SELECT
    (SELECT COUNT(*) FROM opportunity_history) AS history_rows,
    (SELECT MAX(changed_at) FROM opportunity_history) AS last_change,
    (SELECT COUNT(*) FROM opportunities) AS opportunity_rows,
    (SELECT COUNT(*) FROM quotas) AS quota_rows,
    (SELECT SUM(amount) FROM quotas) AS quota_total,
    (SELECT COUNT(*) FROM territories) AS territory_rows,
    (SELECT COUNT(*) FROM reps) AS rep_rows
