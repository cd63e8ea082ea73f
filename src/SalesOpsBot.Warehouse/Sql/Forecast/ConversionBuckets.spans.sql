-- ConversionBuckets.sql over the deal spans (src/SalesOpsBot.Warehouse/Derived/DealSpans.cs): the states at @pointAt
-- and @endAt are the spans holding those instants, found by range tests instead of two windows over the history.
-- Same parameters, same rows: the 'total' row is 0, not NULL, when the caller has relevant deals but none with a state at
-- either instant, as the portable statement's sum over every relevant deal is.
WITH relevant AS NOT MATERIALIZED (
    SELECT s.deal_key, s.stage, s.forecast_category, s.close_date, s.amount, s.is_closed, s.is_won, s.valid_from, s.valid_to
    FROM deal_spans s
    WHERE (@scopeAll = 1 OR s.territory_id IN @scopeTerritories OR s.owner_id IN @scopeReps)
      AND (@focusAll = 1 OR s.territory_id IN @focusTerritories OR s.owner_id IN @focusReps)
      AND (@segment IS NULL OR s.segment = @segment)
      AND (@productId IS NULL OR s.product_id = @productId)
      AND (@type IS NULL OR s.type = @type)
      AND (@leadSource IS NULL OR s.lead_source = @leadSource)
      AND s.deal_created_date <= @periodEnd
      AND s.deal_close_date >= @periodStart
),
marked AS (
    SELECT r.deal_key, r.stage, r.forecast_category, r.close_date, r.amount, r.is_closed, r.is_won,
           CASE WHEN r.valid_from < @pointAt AND r.valid_to >= @pointAt THEN 1 ELSE 0 END AS at_point,
           CASE WHEN r.valid_from < @endAt AND r.valid_to >= @endAt THEN 1 ELSE 0 END AS at_end
    FROM relevant r
    WHERE (r.valid_from < @pointAt AND r.valid_to >= @pointAt) OR (r.valid_from < @endAt AND r.valid_to >= @endAt)
),
states AS (
    SELECT x.deal_key,
           MAX(CASE WHEN x.at_point = 1 AND x.is_closed = 0 THEN 1 ELSE 0 END) AS point_open,
           MAX(CASE WHEN x.at_point = 1 AND x.is_won = 1 THEN 1 ELSE 0 END) AS point_won,
           MAX(CASE WHEN x.at_point = 1 THEN x.forecast_category END) AS point_category,
           MAX(CASE WHEN x.at_point = 1 THEN x.stage END) AS point_stage,
           MAX(CASE WHEN x.at_point = 1 THEN x.close_date END) AS point_close_date,
           SUM(CASE WHEN x.at_point = 1 THEN x.amount ELSE 0 END) AS point_amount,
           MAX(CASE WHEN x.at_end = 1 AND x.is_won = 1 THEN 1 ELSE 0 END) AS end_won,
           MAX(CASE WHEN x.at_end = 1 THEN x.close_date END) AS end_close_date,
           SUM(CASE WHEN x.at_end = 1 THEN x.amount ELSE 0 END) AS end_amount
    FROM marked x
    GROUP BY x.deal_key
)
SELECT 'bucket' AS kind, s.point_category AS forecast_category, s.point_stage AS stage,
       SUM(s.point_amount) AS open_amount,
       SUM(CASE WHEN s.end_won = 1 AND s.end_close_date BETWEEN @periodStart AND @periodEnd THEN s.end_amount ELSE 0 END) AS won_amount
FROM states s
WHERE s.point_open = 1 AND s.point_close_date BETWEEN @periodStart AND @periodEnd AND s.point_category <> 'Omitted'
GROUP BY s.point_category, s.point_stage
UNION ALL
SELECT 'total', NULL, NULL,
       CASE WHEN EXISTS (SELECT 1 FROM relevant) THEN COALESCE(SUM(CASE WHEN s.point_won = 1 AND s.point_close_date BETWEEN @periodStart AND @periodEnd THEN s.point_amount ELSE 0 END), 0) END,
       CASE WHEN EXISTS (SELECT 1 FROM relevant) THEN COALESCE(SUM(CASE WHEN s.end_won = 1 AND s.end_close_date BETWEEN @periodStart AND @periodEnd THEN s.end_amount ELSE 0 END), 0) END
FROM states s
