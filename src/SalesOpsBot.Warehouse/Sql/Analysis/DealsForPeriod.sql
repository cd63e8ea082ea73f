-- The deals behind an answer for period P = [@periodStart, @periodEnd] at @asOf, with the facts their history
-- gives (src/SalesOpsBot.Analysis/Deals/DealRecord.cs): state at @asOf (last row before @asOfEnd), state at the
-- start of P (last row before @startAt), pushes, when the current stage began, the highest amount.
-- Kept: deals closed in P, due in or after P at its start, created in P, or open at @asOf with a close date in P;
-- then at most @perList of each kind (largest first) so that a large scope stays bounded. One window pass over the
-- history: a row is the deal's state from its changed_at until the next row's, so the state at @asOf is the row
-- without a next one and the state at the start of P the row whose span holds @startAt.
WITH relevant AS (
    SELECT o.opportunity_id, o.name, ac.name AS account_name, o.owner_id, rp.name AS owner_name, o.territory_id,
           ac.segment, o.product_id, o.type, o.created_date, o.loss_reason
    FROM opportunities o
    JOIN accounts ac ON ac.account_id = o.account_id
    JOIN reps rp ON rp.rep_id = o.owner_id
    WHERE (@scopeAll = 1 OR o.territory_id IN @scopeTerritories OR o.owner_id IN @scopeReps)
      AND (@focusAll = 1 OR o.territory_id IN @focusTerritories OR o.owner_id IN @focusReps)
      AND (@segment IS NULL OR ac.segment = @segment)
      AND (@productId IS NULL OR o.product_id = @productId)
      AND (@type IS NULL OR o.type = @type)
      AND (@leadSource IS NULL OR o.lead_source = @leadSource)
      AND o.created_date <= @periodEnd
      AND o.close_date >= @periodStart
),
ordered AS (
    SELECT h.opportunity_id, h.changed_at, h.stage, h.forecast_category, h.amount, h.close_date, h.is_closed, h.is_won,
           LAG(h.close_date) OVER (PARTITION BY h.opportunity_id ORDER BY h.changed_at) AS previous_close_date,
           LAG(h.stage) OVER (PARTITION BY h.opportunity_id ORDER BY h.changed_at) AS previous_stage,
           LEAD(h.changed_at) OVER (PARTITION BY h.opportunity_id ORDER BY h.changed_at) AS next_at
    FROM opportunity_history h
    JOIN relevant r ON r.opportunity_id = h.opportunity_id
    WHERE h.changed_at < @asOfEnd
),
facts AS (
    SELECT x.opportunity_id,
           MAX(CASE WHEN x.next_at IS NULL THEN x.stage END) AS stage,
           MAX(CASE WHEN x.next_at IS NULL THEN x.forecast_category END) AS forecast_category,
           MAX(CASE WHEN x.next_at IS NULL THEN x.amount END) AS amount,
           MAX(CASE WHEN x.next_at IS NULL THEN x.close_date END) AS close_date,
           MAX(CASE WHEN x.next_at IS NULL AND x.is_closed = 'true' THEN 1 ELSE 0 END) AS is_closed,
           MAX(CASE WHEN x.next_at IS NULL AND x.is_won = 'true' THEN 1 ELSE 0 END) AS is_won,
           MAX(CASE WHEN x.changed_at < @startAt AND (x.next_at IS NULL OR x.next_at >= @startAt) THEN x.close_date END) AS start_close_date,
           MAX(CASE WHEN x.changed_at < @startAt AND (x.next_at IS NULL OR x.next_at >= @startAt) THEN x.amount END) AS start_amount,
           MAX(CASE WHEN x.changed_at < @startAt AND (x.next_at IS NULL OR x.next_at >= @startAt) AND x.is_closed = 'false' THEN 1 ELSE 0 END) AS open_at_start,
           CAST(SUM(CASE WHEN x.close_date > x.previous_close_date THEN 1 ELSE 0 END) AS INT) AS push_count,
           MAX(CASE WHEN x.previous_stage IS NULL OR x.stage <> x.previous_stage THEN x.changed_at END) AS stage_since,
           MAX(x.amount) AS max_amount
    FROM ordered x
    GROUP BY x.opportunity_id
),
classified AS (
    SELECT r.opportunity_id, r.name, r.account_name, r.owner_id, r.owner_name, r.territory_id, r.segment, r.product_id,
           r.type, r.created_date, f.close_date, f.stage, f.forecast_category, f.amount, f.is_closed, f.is_won,
           f.open_at_start,
           f.start_close_date AS close_date_at_start,
           COALESCE(f.start_amount, 0) AS amount_at_start,
           f.push_count, f.stage_since, f.max_amount, r.loss_reason,
           CASE WHEN f.is_closed = 1 AND f.close_date BETWEEN @periodStart AND @periodEnd THEN 1 ELSE 0 END AS closed_in_period,
           CASE WHEN f.open_at_start = 1 AND f.start_close_date BETWEEN @periodStart AND @periodEnd THEN 1 ELSE 0 END AS due_at_start,
           CASE WHEN f.open_at_start = 1 AND f.start_close_date > @periodEnd THEN 1 ELSE 0 END AS due_after,
           CASE WHEN f.is_closed = 0 AND f.close_date BETWEEN @periodStart AND @periodEnd THEN 1 ELSE 0 END AS open_in_period
    FROM relevant r
    JOIN facts f ON f.opportunity_id = r.opportunity_id
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
)
SELECT r.opportunity_id, r.name, r.account_name, r.owner_id, r.owner_name, r.territory_id, r.segment, r.product_id, r.type,
       r.created_date, r.close_date, r.stage, r.forecast_category, r.amount, r.is_closed, r.is_won, r.open_at_start,
       r.close_date_at_start, r.amount_at_start, r.push_count, r.stage_since, r.max_amount, r.loss_reason
FROM ranked r
WHERE (r.closed_in_period = 1 AND r.closed_rank <= @perList)
   OR (r.due_at_start = 1 AND r.due_rank <= @perList)
   OR (r.due_after = 1 AND r.closed_in_period = 1 AND r.pulled_rank <= @perList)
   OR (r.open_in_period = 1 AND r.open_rank <= @perList)
ORDER BY r.amount DESC, r.opportunity_id
