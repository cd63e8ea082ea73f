-- How quarters' open pipeline converted, for the landing projection, for up to five quarters at once (slot i, i below
-- @conversionCount: quarter [q<i>Start, q<i>End] seen at q<i>PointAt and followed to q<i>EndAt; unused slots repeat the
-- first). Per slot: the deals open at the point whose close date then lay in the quarter, by forecast category and stage
-- at that point (Omitted left out), with how much of each bucket was won in the quarter by the end; plus one 'total' row
-- per slot with relevant deals: bookings already won at the point, and by the end. The history of every deal relevant to
-- any slot is read once: LEAD turns each row into the span [changed_at, next changed_at) during which it was the deal's
-- state, and the state at an instant is the span holding it.
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
    SELECT o.opportunity_id, o.created_date, o.close_date
    FROM opportunities o
    JOIN accounts a ON a.account_id = o.account_id
    WHERE (@scopeAll = 1 OR o.territory_id IN @scopeTerritories OR o.owner_id IN @scopeReps)
      AND (@focusAll = 1 OR o.territory_id IN @focusTerritories OR o.owner_id IN @focusReps)
      AND (@segment IS NULL OR a.segment = @segment)
      AND (@productId IS NULL OR o.product_id = @productId)
      AND (@type IS NULL OR o.type = @type)
      AND (@leadSource IS NULL OR o.lead_source = @leadSource)
      AND o.created_date <= (SELECT MAX(q.period_end) FROM quarters q)
      AND o.close_date >= (SELECT MIN(q.period_start) FROM quarters q)
),
spans AS (
    SELECT h.opportunity_id, h.changed_at, h.stage, h.forecast_category, h.close_date, h.amount, h.is_closed, h.is_won,
           LEAD(h.changed_at) OVER (PARTITION BY h.opportunity_id ORDER BY h.changed_at) AS next_at
    FROM opportunity_history h
    JOIN relevant r ON r.opportunity_id = h.opportunity_id
),
marked AS (
    SELECT q.slot_index, r.opportunity_id, s.stage, s.forecast_category, s.close_date, s.amount, s.is_closed, s.is_won,
           CASE WHEN s.changed_at < q.point_at AND (s.next_at IS NULL OR s.next_at >= q.point_at) THEN 1 ELSE 0 END AS at_point,
           CASE WHEN s.changed_at < q.end_at AND (s.next_at IS NULL OR s.next_at >= q.end_at) THEN 1 ELSE 0 END AS at_end
    FROM relevant r
    JOIN quarters q ON r.created_date <= q.period_end AND r.close_date >= q.period_start
    JOIN spans s ON s.opportunity_id = r.opportunity_id
),
states AS (
    SELECT x.slot_index, x.opportunity_id,
           MAX(CASE WHEN x.at_point = 1 AND x.is_closed = 'false' THEN 1 ELSE 0 END) AS point_open,
           MAX(CASE WHEN x.at_point = 1 AND x.is_won = 'true' THEN 1 ELSE 0 END) AS point_won,
           MAX(CASE WHEN x.at_point = 1 THEN x.forecast_category END) AS point_category,
           MAX(CASE WHEN x.at_point = 1 THEN x.stage END) AS point_stage,
           MAX(CASE WHEN x.at_point = 1 THEN x.close_date END) AS point_close_date,
           SUM(CASE WHEN x.at_point = 1 THEN x.amount ELSE 0 END) AS point_amount,
           MAX(CASE WHEN x.at_end = 1 AND x.is_won = 'true' THEN 1 ELSE 0 END) AS end_won,
           MAX(CASE WHEN x.at_end = 1 THEN x.close_date END) AS end_close_date,
           SUM(CASE WHEN x.at_end = 1 THEN x.amount ELSE 0 END) AS end_amount
    FROM marked x
    GROUP BY x.slot_index, x.opportunity_id
)
SELECT 'bucket' AS kind, s.slot_index, s.point_category AS forecast_category, s.point_stage AS stage,
       SUM(s.point_amount) AS open_amount,
       SUM(CASE WHEN s.end_won = 1 AND s.end_close_date BETWEEN q.period_start AND q.period_end THEN s.end_amount ELSE 0 END) AS won_amount
FROM states s
JOIN quarters q ON q.slot_index = s.slot_index
WHERE s.point_open = 1 AND s.point_close_date BETWEEN q.period_start AND q.period_end AND s.point_category <> 'Omitted'
GROUP BY s.slot_index, s.point_category, s.point_stage
UNION ALL
SELECT 'total', s.slot_index, NULL, NULL,
       SUM(CASE WHEN s.point_won = 1 AND s.point_close_date BETWEEN q.period_start AND q.period_end THEN s.point_amount ELSE 0 END),
       SUM(CASE WHEN s.end_won = 1 AND s.end_close_date BETWEEN q.period_start AND q.period_end THEN s.end_amount ELSE 0 END)
FROM states s
JOIN quarters q ON q.slot_index = s.slot_index
GROUP BY s.slot_index
