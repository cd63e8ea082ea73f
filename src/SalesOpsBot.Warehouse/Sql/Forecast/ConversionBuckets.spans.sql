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
relevant AS (
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
      -- Only spans holding one of the instants, tested against the parameters while scanning.
      AND ((s.valid_from < @q0PointAt AND s.valid_to >= @q0PointAt) OR (s.valid_from < @q0EndAt AND s.valid_to >= @q0EndAt)
        OR (s.valid_from < @q1PointAt AND s.valid_to >= @q1PointAt) OR (s.valid_from < @q1EndAt AND s.valid_to >= @q1EndAt)
        OR (s.valid_from < @q2PointAt AND s.valid_to >= @q2PointAt) OR (s.valid_from < @q2EndAt AND s.valid_to >= @q2EndAt)
        OR (s.valid_from < @q3PointAt AND s.valid_to >= @q3PointAt) OR (s.valid_from < @q3EndAt AND s.valid_to >= @q3EndAt)
        OR (s.valid_from < @q4PointAt AND s.valid_to >= @q4PointAt) OR (s.valid_from < @q4EndAt AND s.valid_to >= @q4EndAt))
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
-- No pairing of every deal's two states: the buckets need the end state only of deals won by the end, and the totals
-- none at all (folding both states per slot and deal cost most of this statement at 1M deals).
open_due AS (
    SELECT m.slot_index, m.deal_key, m.forecast_category, m.stage, m.amount
    FROM marked m
    JOIN quarters q ON q.slot_index = m.slot_index
    WHERE m.at_point = 1 AND m.is_closed = 0 AND m.close_date BETWEEN q.period_start AND q.period_end AND m.forecast_category <> 'Omitted'
),
won_by_end AS (
    SELECT m.slot_index, m.deal_key, m.amount
    FROM marked m
    JOIN quarters q ON q.slot_index = m.slot_index
    WHERE m.at_end = 1 AND m.is_won = 1 AND m.close_date BETWEEN q.period_start AND q.period_end
),
won_at_point AS (
    SELECT m.slot_index, m.amount
    FROM marked m
    JOIN quarters q ON q.slot_index = m.slot_index
    WHERE m.at_point = 1 AND m.is_won = 1 AND m.close_date BETWEEN q.period_start AND q.period_end
),
-- The slots with at least one relevant deal: those get a 'total' row, as in the portable statement.
populated AS (
    SELECT q.slot_index, q.period_start, q.period_end
    FROM quarters q
    WHERE EXISTS (
        SELECT 1
        FROM deal_spans s
        WHERE s.is_first = 1
          AND (@scopeAll = 1 OR s.territory_id IN @scopeTerritories OR s.owner_id IN @scopeReps)
          AND (@focusAll = 1 OR s.territory_id IN @focusTerritories OR s.owner_id IN @focusReps)
          AND (@segment IS NULL OR s.segment = @segment)
          AND (@productId IS NULL OR s.product_id = @productId)
          AND (@type IS NULL OR s.type = @type)
          AND (@leadSource IS NULL OR s.lead_source = @leadSource)
          AND s.deal_created_date <= q.period_end AND s.deal_close_date >= q.period_start)
)
SELECT 'bucket' AS kind, d.slot_index, d.forecast_category, d.stage,
       SUM(d.amount) AS open_amount,
       SUM(COALESCE(w.amount, 0)) AS won_amount
FROM open_due d
LEFT JOIN won_by_end w ON w.slot_index = d.slot_index AND w.deal_key = d.deal_key
GROUP BY d.slot_index, d.forecast_category, d.stage
UNION ALL
SELECT 'total', p.slot_index, NULL, NULL,
       COALESCE((SELECT SUM(a.amount) FROM won_at_point a WHERE a.slot_index = p.slot_index), 0),
       COALESCE((SELECT SUM(w.amount) FROM won_by_end w WHERE w.slot_index = p.slot_index), 0)
FROM populated p
