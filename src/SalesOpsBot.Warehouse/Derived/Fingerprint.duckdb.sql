-- What the derived tables were built from: row counts and an order-independent checksum of every contract column
-- they copy (each row hashed, reduced modulo a prime so the sum stays a BIGINT). Run when the file changed, never per
-- question; equal fingerprints mean the deal spans still describe the contract tables.
SELECT
    (SELECT COUNT(*) FROM opportunities) AS opportunity_rows,
    (SELECT COALESCE(SUM(CAST(hash(o.opportunity_id, o.name, o.account_id, o.owner_id, o.territory_id, o.product_id, o.type,
                                   o.lead_source, o.created_date, o.close_date, o.is_won, o.loss_reason) % 1000000007 AS BIGINT)), 0)
     FROM opportunities o) AS opportunity_hash,
    (SELECT COUNT(*) FROM accounts) AS account_rows,
    (SELECT COALESCE(SUM(CAST(hash(a.account_id, a.segment) % 1000000007 AS BIGINT)), 0) FROM accounts a) AS account_hash,
    (SELECT COUNT(*) FROM opportunity_history) AS history_rows,
    (SELECT COALESCE(SUM(CAST(hash(h.opportunity_id, h.changed_at, h.stage, h.forecast_category, h.amount, h.close_date,
                                   h.is_closed, h.is_won) % 1000000007 AS BIGINT)), 0)
     FROM opportunity_history h) AS history_hash
