-- ConversionBuckets.sql over the deal spans (src/SalesOpsBot.Warehouse/Derived/DealSpans.cs): the states at each slot's
-- point and end are the spans holding those instants, found by range tests instead of a window over the history. Same
-- parameters, same rows: a slot's 'total' row appears when the slot has relevant deals, 0 when none of them was won,
-- as the portable statement's sum over every relevant deal gives.
WITH slots AS (
    SELECT 0 AS slot_index, @q0Start AS period_start, @q0End AS period_end, @q0PointAt AS point_at, @q0EndAt AS end_at
    UNION ALL SELECT 1, @q1Start, @q1End, @q1PointAt, @q1EndAt
    UNION ALL SELECT 2, @q2Start, @q2End, @q2PointAt, @q2EndAt
    UNION ALL SELECT 3, @q3Start, @q3End, @q3PointAt, @q3EndAt
    UNION ALL SELECT 4, @q4Start, @q4End, @q4PointAt, @q4EndAt
),
quarters AS (
    SELECT s.slot_index, s.period_start, s.period_end, s.point_at, s.end_at
    FROM slots s
    WHERE s.slot_index < @conversionCount
),
relevant AS MATERIALIZED (
    SELECT s.deal_key, s.deal_created_date, s.deal_close_date, s.stage, s.forecast_category, s.close_date, s.amount,
           s.is_closed, s.is_won, s.valid_from, s.valid_to
    FROM deal_spans s
    WHERE (@scopeAll = 1 OR s.territory_id IN @scopeTerritories OR s.owner_id IN @scopeReps)
      AND (@focusAll = 1 OR s.territory_id IN @focusTerritories OR s.owner_id IN @focusReps)
      AND (@segment IS NULL OR s.segment = @segment)
      AND (@productId IS NULL OR s.product_id = @productId)
      AND (@type IS NULL OR s.type = @type)
      AND (@leadSource IS NULL OR s.lead_source = @leadSource)
      -- Bounds from the slot parameters (unused slots repeat the first), so that DuckDB skips row groups by close date.
      AND s.deal_created_date <= GREATEST(@q0End, @q1End, @q2End, @q3End, @q4End)
      AND s.deal_close_date >= LEAST(@q0Start, @q1Start, @q2Start, @q3Start, @q4Start)
),
marked AS (
    SELECT q.slot_index, r.deal_key, r.stage, r.forecast_category, r.close_date, r.amount, r.is_closed, r.is_won,
           CASE WHEN r.valid_from < q.point_at AND r.valid_to >= q.point_at THEN 1 ELSE 0 END AS at_point,
           CASE WHEN r.valid_from < q.end_at AND r.valid_to >= q.end_at THEN 1 ELSE 0 END AS at_end
    FROM relevant r
    CROSS JOIN quarters q
    -- One CASE rather than AND-ed comparisons, so that DuckDB tests each span against the few slots instead of planning
    -- a sort-merge range join.
    WHERE CASE WHEN r.deal_created_date <= q.period_end AND r.deal_close_date >= q.period_start
                AND ((r.valid_from < q.point_at AND r.valid_to >= q.point_at) OR (r.valid_from < q.end_at AND r.valid_to >= q.end_at))
               THEN 1 ELSE 0 END = 1
),
states AS (
    SELECT x.slot_index, x.deal_key,
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
    GROUP BY x.slot_index, x.deal_key
),
-- The slots with at least one relevant deal: those get a 'total' row, as in the portable statement.
populated AS (
    SELECT q.slot_index, q.period_start, q.period_end
    FROM quarters q
    WHERE EXISTS (SELECT 1 FROM relevant r WHERE r.deal_created_date <= q.period_end AND r.deal_close_date >= q.period_start)
)
SELECT 'bucket' AS kind, s.slot_index, s.point_category AS forecast_category, s.point_stage AS stage,
       SUM(s.point_amount) AS open_amount,
       SUM(CASE WHEN s.end_won = 1 AND s.end_close_date BETWEEN q.period_start AND q.period_end THEN s.end_amount ELSE 0 END) AS won_amount
FROM states s
JOIN quarters q ON q.slot_index = s.slot_index
WHERE s.point_open = 1 AND s.point_close_date BETWEEN q.period_start AND q.period_end AND s.point_category <> 'Omitted'
GROUP BY s.slot_index, s.point_category, s.point_stage
UNION ALL
SELECT 'total', p.slot_index, NULL, NULL,
       COALESCE(SUM(CASE WHEN s.point_won = 1 AND s.point_close_date BETWEEN p.period_start AND p.period_end THEN s.point_amount ELSE 0 END), 0),
       COALESCE(SUM(CASE WHEN s.end_won = 1 AND s.end_close_date BETWEEN p.period_start AND p.period_end THEN s.end_amount ELSE 0 END), 0)
FROM populated p
LEFT JOIN states s ON s.slot_index = p.slot_index
GROUP BY p.slot_index
