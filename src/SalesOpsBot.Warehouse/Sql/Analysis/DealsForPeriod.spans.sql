-- DealsForPeriod.sql over the deal spans (src/SalesOpsBot.Warehouse/Derived/DealSpans.cs): same parameters, same rows.
-- The state at @asOf is the span holding @asOfEnd; the state at the start of P the span holding the earlier of @startAt
-- and @asOfEnd (the portable statement reads only history before @asOfEnd); pushes, the start of the current stage and
-- the highest amount are carried by each span as of that span, so the as-of span holds them. Two span rows per deal at
-- most, no window over the history.
WITH relevant AS (
    SELECT s.deal_key, s.opportunity_id, s.valid_to, s.stage, s.forecast_category, s.amount, s.close_date,
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
facts AS (
    SELECT x.deal_key,
           MAX(x.opportunity_id) AS opportunity_id,
           MAX(CASE WHEN x.valid_to >= @asOfEnd THEN x.stage END) AS stage,
           MAX(CASE WHEN x.valid_to >= @asOfEnd THEN x.forecast_category END) AS forecast_category,
           MAX(CASE WHEN x.valid_to >= @asOfEnd THEN x.amount END) AS amount,
           MAX(CASE WHEN x.valid_to >= @asOfEnd THEN x.close_date END) AS close_date,
           MAX(CASE WHEN x.valid_to >= @asOfEnd AND x.is_closed = 1 THEN 1 ELSE 0 END) AS is_closed,
           MAX(CASE WHEN x.valid_to >= @asOfEnd AND x.is_won = 1 THEN 1 ELSE 0 END) AS is_won,
           MAX(CASE WHEN x.at_start = 1 THEN x.close_date END) AS start_close_date,
           MAX(CASE WHEN x.at_start = 1 THEN x.amount END) AS start_amount,
           MAX(CASE WHEN x.at_start = 1 AND x.is_closed = 0 THEN 1 ELSE 0 END) AS open_at_start,
           MAX(CASE WHEN x.valid_to >= @asOfEnd THEN x.push_count END) AS push_count,
           MAX(CASE WHEN x.valid_to >= @asOfEnd THEN x.stage_since END) AS stage_since,
           MAX(CASE WHEN x.valid_to >= @asOfEnd THEN x.max_amount END) AS max_amount
    FROM relevant x
    GROUP BY x.deal_key
),
classified AS (
    SELECT f.opportunity_id, f.close_date, f.stage, f.forecast_category, f.amount, f.is_closed, f.is_won, f.open_at_start,
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
-- The deal's own columns and names are looked up for the kept deals only (fewer text columns to carry through the
-- grouping and ranking above).
SELECT r.opportunity_id, o.name, ac.name AS account_name, o.owner_id, rp.name AS owner_name, o.territory_id, ac.segment,
       o.product_id, o.type, o.created_date, r.close_date, r.stage, r.forecast_category, r.amount, r.is_closed, r.is_won,
       r.open_at_start, r.close_date_at_start, r.amount_at_start, r.push_count, r.stage_since, r.max_amount, o.loss_reason
FROM kept r
JOIN opportunities o ON o.opportunity_id = r.opportunity_id
JOIN accounts ac ON ac.account_id = o.account_id
JOIN reps rp ON rp.rep_id = o.owner_id
ORDER BY r.amount DESC, r.opportunity_id
