-- How a quarter's open pipeline converted, for the landing projection: the deals open at @pointAt whose close date then
-- lay in [@periodStart, @periodEnd], by forecast category and stage at that point (Omitted left out), with how much of
-- each bucket was won in the period by @endAt; plus one 'total' row: bookings already won at the point, and by the end.
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
      AND o.created_date <= @periodEnd
      AND o.close_date >= @periodStart
),
ranked AS (
    SELECT h.opportunity_id, h.stage, h.forecast_category, h.close_date, h.amount, h.is_closed, h.is_won,
           CASE WHEN h.changed_at < @pointAt THEN ROW_NUMBER() OVER (
               PARTITION BY h.opportunity_id, CASE WHEN h.changed_at < @pointAt THEN 1 ELSE 0 END ORDER BY h.changed_at DESC) END AS point_recency,
           CASE WHEN h.changed_at < @endAt THEN ROW_NUMBER() OVER (
               PARTITION BY h.opportunity_id, CASE WHEN h.changed_at < @endAt THEN 1 ELSE 0 END ORDER BY h.changed_at DESC) END AS end_recency
    FROM opportunity_history h
    JOIN relevant r ON r.opportunity_id = h.opportunity_id
),
states AS (
    SELECT x.opportunity_id,
           MAX(CASE WHEN x.point_recency = 1 AND x.is_closed = 'false' THEN 1 ELSE 0 END) AS point_open,
           MAX(CASE WHEN x.point_recency = 1 AND x.is_won = 'true' THEN 1 ELSE 0 END) AS point_won,
           MAX(CASE WHEN x.point_recency = 1 THEN x.forecast_category END) AS point_category,
           MAX(CASE WHEN x.point_recency = 1 THEN x.stage END) AS point_stage,
           MAX(CASE WHEN x.point_recency = 1 THEN x.close_date END) AS point_close_date,
           SUM(CASE WHEN x.point_recency = 1 THEN x.amount ELSE 0 END) AS point_amount,
           MAX(CASE WHEN x.end_recency = 1 AND x.is_won = 'true' THEN 1 ELSE 0 END) AS end_won,
           MAX(CASE WHEN x.end_recency = 1 THEN x.close_date END) AS end_close_date,
           SUM(CASE WHEN x.end_recency = 1 THEN x.amount ELSE 0 END) AS end_amount
    FROM ranked x
    GROUP BY x.opportunity_id
)
SELECT 'bucket' AS kind, s.point_category AS forecast_category, s.point_stage AS stage,
       SUM(s.point_amount) AS open_amount,
       SUM(CASE WHEN s.end_won = 1 AND s.end_close_date BETWEEN @periodStart AND @periodEnd THEN s.end_amount ELSE 0 END) AS won_amount
FROM states s
WHERE s.point_open = 1 AND s.point_close_date BETWEEN @periodStart AND @periodEnd AND s.point_category <> 'Omitted'
GROUP BY s.point_category, s.point_stage
UNION ALL
SELECT 'total', NULL, NULL,
       SUM(CASE WHEN s.point_won = 1 AND s.point_close_date BETWEEN @periodStart AND @periodEnd THEN s.point_amount ELSE 0 END),
       SUM(CASE WHEN s.end_won = 1 AND s.end_close_date BETWEEN @periodStart AND @periodEnd THEN s.end_amount ELSE 0 END)
FROM states s
