-- The additive measures of period P = [@periodStart, @periodEnd] for every leaf cell (credited territory,
-- segment, product, type, lead source, owner) of the caller's scope, as defined in
-- src/SalesOpsBot.Analysis/Metrics/PeriodMeasures.cs and the contract's metric definitions.
--   start state: the deal's last history row before P's first day (@startAt = @periodStart 00:00)
--   end state:   the deal's last history row before @endAt = min(@periodEnd, @asOf) + 1 day, 00:00
--   @restStart:  max(@periodStart, @asOf), the first day of the rest of P (for open pipeline)
-- Optional filters (@segment, @productId, @type, @leadSource) apply when not null.
WITH relevant AS (
    SELECT o.opportunity_id, o.territory_id, a.segment, COALESCE(o.product_id, '') AS product_id, o.type,
           COALESCE(o.lead_source, '') AS lead_source, o.owner_id, o.created_date
    FROM opportunities o
    JOIN accounts a ON a.account_id = o.account_id
    WHERE (@scopeAll = 1 OR o.territory_id IN @scopeTerritories OR o.owner_id IN @scopeReps)
      AND (@focusAll = 1 OR o.territory_id IN @focusTerritories OR o.owner_id IN @focusReps)
      AND (@segment IS NULL OR a.segment = @segment)
      AND (@productId IS NULL OR o.product_id = @productId)
      AND (@type IS NULL OR o.type = @type)
      AND (@leadSource IS NULL OR o.lead_source = @leadSource)
      AND o.created_date <= @periodEnd
      AND o.close_date >= @periodStart
),
ranked AS (
    SELECT h.opportunity_id, h.changed_at, h.close_date, h.amount, h.is_closed, h.is_won,
           ROW_NUMBER() OVER (PARTITION BY h.opportunity_id ORDER BY h.changed_at) AS age,
           CASE WHEN h.changed_at < @startAt THEN ROW_NUMBER() OVER (
               PARTITION BY h.opportunity_id, CASE WHEN h.changed_at < @startAt THEN 1 ELSE 0 END ORDER BY h.changed_at DESC) END AS start_recency,
           CASE WHEN h.changed_at < @endAt THEN ROW_NUMBER() OVER (
               PARTITION BY h.opportunity_id, CASE WHEN h.changed_at < @endAt THEN 1 ELSE 0 END ORDER BY h.changed_at DESC) END AS end_recency
    FROM opportunity_history h
    JOIN relevant r ON r.opportunity_id = h.opportunity_id
),
states AS (
    SELECT x.opportunity_id,
           MAX(CASE WHEN x.start_recency = 1 THEN x.close_date END) AS start_close_date,
           SUM(CASE WHEN x.start_recency = 1 THEN x.amount ELSE 0 END) AS start_amount,
           MAX(CASE WHEN x.start_recency = 1 AND x.is_closed = 'false' THEN 1 ELSE 0 END) AS open_at_start,
           MAX(CASE WHEN x.end_recency = 1 THEN x.close_date END) AS end_close_date,
           SUM(CASE WHEN x.end_recency = 1 THEN x.amount ELSE 0 END) AS end_amount,
           MAX(CASE WHEN x.end_recency = 1 AND x.is_closed = 'true' THEN 1 ELSE 0 END) AS closed_at_end,
           MAX(CASE WHEN x.end_recency = 1 AND x.is_closed = 'false' THEN 1 ELSE 0 END) AS open_at_end,
           MAX(CASE WHEN x.end_recency = 1 AND x.is_won = 'true' THEN 1 ELSE 0 END) AS won,
           SUM(CASE WHEN x.age = 1 THEN x.amount ELSE 0 END) AS first_amount
    FROM ranked x
    GROUP BY x.opportunity_id
),
deals AS (
    SELECT r.territory_id, r.segment, r.product_id, r.type, r.lead_source, r.owner_id,
           CASE WHEN s.closed_at_end = 1 AND s.end_close_date BETWEEN @periodStart AND @periodEnd THEN 1 ELSE 0 END AS closed_in_period,
           s.won,
           CASE WHEN s.open_at_start = 1 AND s.start_close_date BETWEEN @periodStart AND @periodEnd THEN 1 ELSE 0 END AS due_at_start,
           CASE WHEN s.open_at_start = 1 AND s.start_close_date > @periodEnd THEN 1 ELSE 0 END AS due_after,
           CASE WHEN r.created_date BETWEEN @periodStart AND @periodEnd THEN 1 ELSE 0 END AS created,
           CASE WHEN s.open_at_end = 1 AND s.end_close_date BETWEEN @restStart AND @periodEnd THEN 1 ELSE 0 END AS open_rest,
           s.end_amount, s.start_amount, s.first_amount
    FROM relevant r
    JOIN states s ON s.opportunity_id = r.opportunity_id
)
SELECT d.territory_id, d.segment, d.product_id, d.type, d.lead_source, d.owner_id,
       CAST(SUM(d.closed_in_period * d.won) AS BIGINT) AS won_count,
       SUM(d.closed_in_period * d.won * d.end_amount) AS won_amount,
       CAST(SUM(d.closed_in_period * (1 - d.won)) AS BIGINT) AS lost_count,
       SUM(d.closed_in_period * (1 - d.won) * d.end_amount) AS lost_amount,
       CAST(SUM(d.created) AS BIGINT) AS created_count,
       SUM(d.created * d.first_amount) AS created_amount,
       CAST(SUM(d.created * d.closed_in_period) AS BIGINT) AS created_closed_count,
       CAST(SUM(d.due_at_start) AS BIGINT) AS due_at_start_count,
       SUM(d.due_at_start * d.start_amount) AS due_at_start_amount,
       CAST(SUM(d.due_at_start * (1 - d.closed_in_period)) AS BIGINT) AS slipped_count,
       SUM(d.due_at_start * (1 - d.closed_in_period) * d.start_amount) AS slipped_amount,
       CAST(SUM(d.due_after * d.closed_in_period) AS BIGINT) AS pulled_in_count,
       SUM(d.due_after * d.closed_in_period * d.won * d.end_amount) AS pulled_in_amount,
       CAST(SUM(d.open_rest) AS BIGINT) AS open_count,
       SUM(d.open_rest * d.end_amount) AS open_amount
FROM deals d
GROUP BY d.territory_id, d.segment, d.product_id, d.type, d.lead_source, d.owner_id
HAVING SUM(d.closed_in_period + d.created + d.due_at_start + d.due_after * d.closed_in_period + d.open_rest) > 0
