-- The spans of the deals keyed $firstDeal..$lastDeal (run once per slice of deals, in key order, so that memory stays
-- bounded by the slice rather than the whole history). Each history row becomes the span [valid_from, valid_to)
-- during which it was the deal's state (valid_to of the latest row is 9999-12-31), carrying what the statements would
-- otherwise compute with windows on every question: the deal's first amount, its pushes so far, when its current stage
-- began, its highest amount so far, and the deal's cell, so that no statement joins back to opportunities and accounts.
INSERT INTO deal_spans
WITH deals AS (
    SELECT k.opportunity_id, k.deal_key, k.cell_key, c.territory_id, c.segment, c.product_id, c.type, c.lead_source,
           c.owner_id, k.created_date, k.close_date, k.won_cycle_days
    FROM deal_keys k
    JOIN deal_cells c ON c.cell_key = k.cell_key
    WHERE k.deal_key BETWEEN $firstDeal AND $lastDeal
),
steps AS (
    SELECT h.*,
           LAG(h.close_date) OVER (PARTITION BY h.opportunity_id ORDER BY h.changed_at) AS previous_close_date,
           LAG(h.stage) OVER (PARTITION BY h.opportunity_id ORDER BY h.changed_at) AS previous_stage
    FROM opportunity_history h
    SEMI JOIN deals d ON d.opportunity_id = h.opportunity_id
),
spans AS (
    SELECT s.opportunity_id, s.changed_at, s.stage, s.forecast_category, s.amount, s.close_date, s.is_closed, s.is_won,
           LEAD(s.changed_at) OVER w AS next_at,
           ROW_NUMBER() OVER w AS row_number,
           FIRST_VALUE(s.amount) OVER w AS first_amount,
           SUM(CASE WHEN s.close_date > s.previous_close_date THEN 1 ELSE 0 END) OVER (w ROWS UNBOUNDED PRECEDING) AS push_count,
           MAX(CASE WHEN s.previous_stage IS NULL OR s.stage <> s.previous_stage THEN s.changed_at END) OVER (w ROWS UNBOUNDED PRECEDING) AS stage_since,
           MAX(s.amount) OVER (w ROWS UNBOUNDED PRECEDING) AS max_amount
    FROM steps s
    WINDOW w AS (PARTITION BY s.opportunity_id ORDER BY s.changed_at)
)
SELECT d.deal_key, d.opportunity_id, d.cell_key, d.territory_id, d.segment, d.product_id, d.type, d.lead_source, d.owner_id,
       d.created_date, d.close_date, d.won_cycle_days, s.first_amount,
       CASE WHEN s.row_number = 1 THEN 1 ELSE 0 END,
       s.changed_at, COALESCE(s.next_at, TIMESTAMP '9999-12-31 00:00:00'),
       s.stage, s.forecast_category, s.amount, s.close_date,
       CASE WHEN s.is_closed THEN 1 ELSE 0 END, CASE WHEN s.is_won THEN 1 ELSE 0 END,
       CAST(s.push_count AS INTEGER), s.stage_since, s.max_amount
FROM spans s
JOIN deals d ON d.opportunity_id = s.opportunity_id
ORDER BY d.deal_key, s.changed_at
