-- The pipeline waterfall of period P = [@periodStart, @periodEnd] between two dates (state at the end of the first
-- date, i.e. before @fromAt, and at the end of @toDate, before @toAt), in the caller's scope: each deal is classified once by
-- the rules of src/SalesOpsBot.Analysis/Pipeline/PipelineWaterfall.cs, so the steps reconcile exactly:
-- start + created + pulled in + won + lost + slipped + amount changes + moves = end (outflows negative).
-- Pipeline here is every open deal whose close date lies in P (all forecast categories).
WITH relevant AS (
    SELECT o.opportunity_id
    FROM opportunities o
    JOIN accounts a ON a.account_id = o.account_id
    WHERE (@scopeAll = 1 OR o.territory_id IN @scopeTerritories OR o.owner_id IN @scopeReps)
      AND (@focusAll = 1 OR o.territory_id IN @focusTerritories OR o.owner_id IN @focusReps)
      AND (@segment IS NULL OR a.segment = @segment)
      AND (@productId IS NULL OR o.product_id = @productId)
      AND (@type IS NULL OR o.type = @type)
      AND (@leadSource IS NULL OR o.lead_source = @leadSource)
      AND o.created_date <= @toDate
),
ranked AS (
    SELECT h.opportunity_id, h.close_date, h.amount, h.is_closed, h.is_won,
           CASE WHEN h.changed_at < @fromAt THEN ROW_NUMBER() OVER (
               PARTITION BY h.opportunity_id, CASE WHEN h.changed_at < @fromAt THEN 1 ELSE 0 END ORDER BY h.changed_at DESC) END AS start_recency,
           CASE WHEN h.changed_at < @toAt THEN ROW_NUMBER() OVER (
               PARTITION BY h.opportunity_id, CASE WHEN h.changed_at < @toAt THEN 1 ELSE 0 END ORDER BY h.changed_at DESC) END AS end_recency
    FROM opportunity_history h
    JOIN relevant r ON r.opportunity_id = h.opportunity_id
),
states AS (
    SELECT x.opportunity_id,
           MAX(CASE WHEN x.start_recency = 1 THEN 1 ELSE 0 END) AS existed_at_start,
           MAX(CASE WHEN x.start_recency = 1 AND x.is_closed = 'true' THEN 1 ELSE 0 END) AS closed_at_start,
           MAX(CASE WHEN x.start_recency = 1 THEN x.close_date END) AS start_close_date,
           SUM(CASE WHEN x.start_recency = 1 THEN x.amount ELSE 0 END) AS start_amount,
           MAX(CASE WHEN x.end_recency = 1 THEN 1 ELSE 0 END) AS existed_at_end,
           MAX(CASE WHEN x.end_recency = 1 AND x.is_closed = 'true' THEN 1 ELSE 0 END) AS closed_at_end,
           MAX(CASE WHEN x.end_recency = 1 AND x.is_won = 'true' THEN 1 ELSE 0 END) AS won_at_end,
           MAX(CASE WHEN x.end_recency = 1 THEN x.close_date END) AS end_close_date,
           SUM(CASE WHEN x.end_recency = 1 THEN x.amount ELSE 0 END) AS end_amount
    FROM ranked x
    GROUP BY x.opportunity_id
),
flags AS (
    SELECT s.*,
           CASE WHEN s.existed_at_start = 1 AND s.closed_at_start = 0 AND s.start_close_date BETWEEN @periodStart AND @periodEnd THEN 1 ELSE 0 END AS in_start,
           CASE WHEN s.existed_at_end = 1 AND s.closed_at_end = 0 AND s.end_close_date BETWEEN @periodStart AND @periodEnd THEN 1 ELSE 0 END AS in_end,
           CASE WHEN s.end_close_date BETWEEN @periodStart AND @periodEnd THEN 1 ELSE 0 END AS end_in_period,
           CASE WHEN s.existed_at_start = 1 AND s.closed_at_start = 0 AND s.start_close_date NOT BETWEEN @periodStart AND @periodEnd THEN 1 ELSE 0 END AS start_open_outside
    FROM states s
    WHERE s.existed_at_end = 1
),
steps AS (
    SELECT f.*,
           -- Entered and left the pipeline between the two dates (created or pulled in, then closed in P).
           CASE WHEN f.in_start = 0 AND f.in_end = 0 AND f.closed_at_end = 1 AND f.end_in_period = 1
                     AND (f.existed_at_start = 0 OR f.start_open_outside = 1) THEN 1 ELSE 0 END AS passed_through
    FROM flags f
)
SELECT SUM(CASE WHEN s.in_start = 1 THEN s.start_amount ELSE 0 END) AS start_pipeline,
       SUM(CASE WHEN s.existed_at_start = 0 AND (s.in_end = 1 OR s.passed_through = 1) AND s.in_start = 0 THEN s.end_amount ELSE 0 END) AS created,
       SUM(CASE WHEN s.existed_at_start = 1 AND s.in_start = 0 AND (
                     (s.in_end = 1 AND (s.closed_at_start = 1 OR s.start_open_outside = 1)) OR s.passed_through = 1)
                THEN s.end_amount ELSE 0 END) AS pulled_in,
       -SUM(CASE WHEN s.closed_at_end = 1 AND s.won_at_end = 1 AND (s.in_start = 1 OR s.passed_through = 1) THEN s.end_amount ELSE 0 END) AS won,
       -SUM(CASE WHEN s.closed_at_end = 1 AND s.won_at_end = 0 AND (s.in_start = 1 OR s.passed_through = 1) THEN s.end_amount ELSE 0 END) AS lost,
       -SUM(CASE WHEN s.in_start = 1 AND s.in_end = 0 AND s.closed_at_end = 0 AND s.end_in_period = 0 THEN s.start_amount ELSE 0 END) AS slipped_out,
       SUM(CASE WHEN s.in_start = 1 AND (s.in_end = 1 OR s.closed_at_end = 1) THEN s.end_amount - s.start_amount ELSE 0 END) AS amount_changes,
       SUM(CASE WHEN s.in_end = 1 AND s.in_start = 0 AND s.existed_at_start = 1 AND s.closed_at_start = 0 AND s.start_open_outside = 0 THEN s.end_amount ELSE 0 END) AS category_moves_in,
       -SUM(CASE WHEN s.in_start = 1 AND s.in_end = 0 AND s.closed_at_end = 0 AND s.end_in_period = 1 THEN s.start_amount ELSE 0 END) AS category_moves_out,
       SUM(CASE WHEN s.in_end = 1 THEN s.end_amount ELSE 0 END) AS end_pipeline
FROM steps s
