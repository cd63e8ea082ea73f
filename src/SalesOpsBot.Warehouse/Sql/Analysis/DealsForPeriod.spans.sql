-- DealsForPeriod.sql over the deal spans (src/SalesOpsBot.Warehouse/Derived/DealSpans.cs): same parameters, same rows.
-- The state at @asOf is the span holding @asOfEnd; the state at the start of P the span holding the earlier of @startAt
-- and @asOfEnd (the portable statement reads only history before @asOfEnd); pushes, the start of the current stage and
-- the highest amount are carried by each span as of that span, so the as-of span holds them. Two span rows per deal at
-- most, no window over the history. The deal's cell comes from the span, as the portable statement's from opportunities.
WITH relevant AS (
    SELECT s.deal_key, s.opportunity_id, s.owner_id, s.territory_id, s.segment, NULLIF(s.product_id, '') AS product_id, s.type,
           s.deal_created_date AS created_date, s.valid_to, s.stage, s.forecast_category, s.amount, s.close_date,
           s.is_closed, s.is_won, s.push_count, s.stage_since, s.max_amount,
           CASE WHEN s.valid_from < LEAST(@startAt, @asOfEnd) AND s.valid_to >= LEAST(@startAt, @asOfEnd) THEN 1 ELSE 0 END AS at_start
    FROM deal_spans s
    WHERE (@scopeAll = 1 OR s.territory_id IN @scopeTerritories OR s.owner_id IN @scopeReps)
      AND (@focusAll = 1 OR s.territory_id IN @focusTerritories OR s.owner_id IN @focusReps)
      AND (@segment IS NULL OR s.segment = @segment)
      AND (@productId IS NULL OR s.product_id = @productId)
      AND (@type IS NULL OR s.type = @type)
      AND (@leadSource IS NULL OR s.lead_source = @leadSource)
      AND s.deal_created_date <= @periodEnd
      AND s.deal_close_date >= @periodStart
      AND s.valid_from < @asOfEnd
      AND (s.valid_to >= @asOfEnd OR (s.valid_from < LEAST(@startAt, @asOfEnd) AND s.valid_to >= LEAST(@startAt, @asOfEnd)))
),
-- The as-of span of each deal joined to its start span (at most one each), rather than both folded by a GROUP BY.
facts AS (
    SELECT x.deal_key, x.opportunity_id, x.owner_id, x.territory_id, x.segment, x.product_id, x.type, x.created_date,
           x.stage, x.forecast_category, x.amount, x.close_date,
           x.is_closed, x.is_won, x.push_count, x.stage_since, x.max_amount,
           st.close_date AS start_close_date, st.amount AS start_amount,
           CASE WHEN st.is_closed = 0 THEN 1 ELSE 0 END AS open_at_start
    FROM relevant x
    LEFT JOIN relevant st ON st.deal_key = x.deal_key AND st.at_start = 1
    WHERE x.valid_to >= @asOfEnd
),
classified AS (
    SELECT f.deal_key, f.opportunity_id, f.owner_id, f.territory_id, f.segment, f.product_id, f.type, f.created_date,
           f.close_date, f.stage, f.forecast_category, f.amount, f.is_closed, f.is_won, f.open_at_start,
           f.start_close_date AS close_date_at_start,
           COALESCE(f.start_amount, 0) AS amount_at_start,
           f.push_count, f.stage_since, f.max_amount,
           CASE WHEN f.is_closed = 1 AND f.close_date BETWEEN @periodStart AND @periodEnd THEN 1 ELSE 0 END AS closed_in_period,
           CASE WHEN f.open_at_start = 1 AND f.start_close_date BETWEEN @periodStart AND @periodEnd THEN 1 ELSE 0 END AS due_at_start,
           CASE WHEN f.open_at_start = 1 AND f.start_close_date > @periodEnd THEN 1 ELSE 0 END AS due_after,
           CASE WHEN f.is_closed = 0 AND f.close_date BETWEEN @periodStart AND @periodEnd THEN 1 ELSE 0 END AS open_in_period
    FROM facts f
),
listed AS (
    -- Only deals on some list are ranked; each list ranks within its own flag, so this changes no rank.
    SELECT c.*
    FROM classified c
    WHERE c.closed_in_period = 1 OR c.due_at_start = 1 OR c.open_in_period = 1
),
ranked AS (
    SELECT c.*,
           ROW_NUMBER() OVER (PARTITION BY c.closed_in_period, c.is_won ORDER BY c.amount DESC, c.opportunity_id) AS closed_rank,
           ROW_NUMBER() OVER (PARTITION BY c.due_at_start, c.closed_in_period ORDER BY c.amount_at_start DESC, c.opportunity_id) AS due_rank,
           ROW_NUMBER() OVER (PARTITION BY c.due_after, c.closed_in_period ORDER BY c.amount DESC, c.opportunity_id) AS pulled_rank,
           ROW_NUMBER() OVER (PARTITION BY c.open_in_period ORDER BY c.amount DESC, c.opportunity_id) AS open_rank
    FROM listed c
),
kept AS (
    SELECT r.*
    FROM ranked r
    WHERE (r.closed_in_period = 1 AND r.closed_rank <= @perList)
       OR (r.due_at_start = 1 AND r.due_rank <= @perList)
       OR (r.due_after = 1 AND r.closed_in_period = 1 AND r.pulled_rank <= @perList)
       OR (r.open_in_period = 1 AND r.open_rank <= @perList)
)
-- Names are looked up for the kept deals only, by deal key (deal_names is stored in key order, so the join reads a few
-- row groups instead of scanning opportunities by its text id).
SELECT r.opportunity_id, n.name, ac.name AS account_name, r.owner_id, rp.name AS owner_name, r.territory_id, r.segment,
       r.product_id, r.type, r.created_date, r.close_date, r.stage, r.forecast_category, r.amount, r.is_closed, r.is_won,
       r.open_at_start, r.close_date_at_start, r.amount_at_start, r.push_count, r.stage_since, r.max_amount, n.loss_reason
FROM kept r
JOIN deal_names n ON n.deal_key = r.deal_key
JOIN accounts ac ON ac.account_id = n.account_id
JOIN reps rp ON rp.rep_id = r.owner_id
ORDER BY r.amount DESC, r.opportunity_id