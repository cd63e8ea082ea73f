-- PeriodMeasuresByCell.sql over the deal spans (src/SalesOpsBot.Warehouse/Derived/DealSpans.cs): the same parameters
-- and the same rows. A span row already knows when it stopped being the deal's state (valid_to), so the state at an
-- instant is a range test instead of a window over the history, and the deal's cell is one integer (cell_key) until
-- the cells are named at the end. Kept per deal and period: the span holding the period's start instant, the one
-- holding its end instant, and for a deal whose history begins only after the end instant its first span (it can
-- still count as created in P and for won cycle days, as in the portable statement).
WITH slots AS (
    SELECT 0 AS period_index, @p0Start AS period_start, @p0End AS period_end, @p0StartAt AS start_at, @p0EndAt AS end_at, @p0RestStart AS rest_start, @p0Group AS group_index
    UNION ALL SELECT 1, @p1Start, @p1End, @p1StartAt, @p1EndAt, @p1RestStart, @p1Group
    UNION ALL SELECT 2, @p2Start, @p2End, @p2StartAt, @p2EndAt, @p2RestStart, @p2Group
    UNION ALL SELECT 3, @p3Start, @p3End, @p3StartAt, @p3EndAt, @p3RestStart, @p3Group
    UNION ALL SELECT 4, @p4Start, @p4End, @p4StartAt, @p4EndAt, @p4RestStart, @p4Group
    UNION ALL SELECT 5, @p5Start, @p5End, @p5StartAt, @p5EndAt, @p5RestStart, @p5Group
),
periods AS (
    SELECT s.period_index, s.period_start, s.period_end, s.start_at, s.end_at, s.rest_start, s.group_index
    FROM slots s
    WHERE s.period_index < @periodCount
),
-- A whole fiscal quarter seen after its end (as-of past its last day) reads the cells stored at load (quarter_cells,
-- written by this statement for the load's fiscal calendar, Derived/DealSpans.cs): no later as-of date changes them.
stored AS (
    SELECT p.period_index
    FROM periods p
    WHERE p.start_at = CAST(p.period_start AS TIMESTAMP)
      AND p.end_at = CAST(p.period_end AS TIMESTAMP) + INTERVAL 1 DAY
      AND p.rest_start > p.period_end
      AND EXISTS (SELECT 1 FROM quarter_cells q WHERE q.period_start = p.period_start AND q.period_end = p.period_end)
),
live_periods AS (
    SELECT p.*
    FROM periods p
    WHERE p.period_index NOT IN (SELECT st.period_index FROM stored st)
),
-- One row when some period is computed from the spans, none otherwise: joined to the spans, an empty side lets DuckDB
-- skip their scan altogether.
any_live AS (
    SELECT MIN(l.period_index) AS period_index
    FROM live_periods l
    HAVING COUNT(*) > 0
),
-- The caller's spans first (materialized, so the filters run before the period test rather than after it).
candidates AS MATERIALIZED (
    SELECT s.deal_key, s.cell_key, s.deal_created_date, s.deal_close_date, s.won_cycle_days, s.first_amount,
           s.close_date, s.amount, s.is_closed, s.is_won, s.valid_from, s.valid_to, s.is_first
    FROM deal_spans s
    CROSS JOIN any_live
    WHERE (@scopeAll = 1 OR s.territory_id IN @scopeTerritories OR s.owner_id IN @scopeReps)
      AND (@focusAll = 1 OR s.territory_id IN @focusTerritories OR s.owner_id IN @focusReps)
      AND (@segment IS NULL OR s.segment = @segment)
      AND (@productId IS NULL OR s.product_id = @productId)
      AND (@type IS NULL OR s.type = @type)
      AND (@leadSource IS NULL OR s.lead_source = @leadSource)
      -- The bounds of all periods from the slots themselves (unused slots repeat the first period), not from a
      -- subquery: a plain comparison with parameters lets DuckDB skip row groups of deals closed before them.
      AND s.deal_created_date <= GREATEST(@p0End, @p1End, @p2End, @p3End, @p4End, @p5End)
      AND s.deal_close_date >= LEAST(@p0Start, @p1Start, @p2Start, @p3Start, @p4Start, @p5Start)
),
marked AS (
    SELECT s.deal_key, p.period_index, s.cell_key, s.deal_created_date, s.deal_close_date, s.won_cycle_days, s.first_amount,
           s.close_date, s.amount, s.is_closed, s.is_won,
           CASE WHEN s.valid_from < p.start_at AND s.valid_to >= p.start_at THEN 1 ELSE 0 END AS at_start,
           CASE WHEN s.valid_from < p.end_at AND s.valid_to >= p.end_at THEN 1 ELSE 0 END AS at_end,
           CASE WHEN s.is_first = 1 AND s.valid_from >= p.end_at THEN 1 ELSE 0 END AS first_after_end
    FROM candidates s
    CROSS JOIN live_periods p
    -- One CASE rather than AND-ed comparisons: DuckDB would otherwise plan the period test as a sort-merge range
    -- join (0.2 s at 1M deals); with six periods at most, testing each span against each period is cheaper.
    WHERE CASE WHEN s.deal_created_date <= p.period_end AND s.deal_close_date >= p.period_start
                AND ((s.valid_from < p.start_at AND s.valid_to >= p.start_at)
                  OR (s.valid_from < p.end_at AND s.valid_to >= p.end_at)
                  OR (s.is_first = 1 AND s.valid_from >= p.end_at))
               THEN 1 ELSE 0 END = 1
),
ends AS (
    -- One row per relevant deal and period: the span holding the end instant, or the first span of a deal whose history
    -- begins after it (that span may also hold the start instant, when the period starts after the as-of date).
    SELECT m.deal_key, m.period_index, m.cell_key, m.deal_created_date AS created_date, m.deal_close_date AS current_close_date,
           m.won_cycle_days, m.first_amount,
           CASE WHEN m.at_end = 1 THEN m.close_date END AS end_close_date,
           CASE WHEN m.at_end = 1 THEN m.amount ELSE 0 END AS end_amount,
           CASE WHEN m.at_end = 1 AND m.is_closed = 1 THEN 1 ELSE 0 END AS closed_at_end,
           CASE WHEN m.at_end = 1 AND m.is_closed = 0 THEN 1 ELSE 0 END AS open_at_end,
           CASE WHEN m.at_end = 1 AND m.is_won = 1 THEN 1 ELSE 0 END AS won
    FROM marked m
    WHERE m.at_end = 1 OR m.first_after_end = 1
),
-- The state at the start joined to the end row, not both folded by a GROUP BY over deal and period: a hash join on
-- two integers cost a quarter less than aggregating fourteen columns per deal at 1M deals.
states AS (
    SELECT e.*, st.close_date AS start_close_date, COALESCE(st.amount, 0) AS start_amount,
           CASE WHEN st.is_closed = 0 THEN 1 ELSE 0 END AS open_at_start
    FROM ends e
    LEFT JOIN marked st ON st.deal_key = e.deal_key AND st.period_index = e.period_index AND st.at_start = 1
),
deals AS (
    SELECT s.period_index, s.cell_key,
           CASE WHEN s.closed_at_end = 1 AND s.end_close_date BETWEEN p.period_start AND p.period_end THEN 1 ELSE 0 END AS closed_in_period,
           s.won,
           CASE WHEN s.open_at_start = 1 AND s.start_close_date BETWEEN p.period_start AND p.period_end THEN 1 ELSE 0 END AS due_at_start,
           CASE WHEN s.open_at_start = 1 AND s.start_close_date > p.period_end THEN 1 ELSE 0 END AS due_after,
           -- Still open and still due in P at its end (or at the as-of date mid-period): not slipped, its close date did not move past P.
           CASE WHEN s.open_at_end = 1 AND s.end_close_date BETWEEN p.period_start AND p.period_end THEN 1 ELSE 0 END AS still_due,
           -- Created in P and known at the as-of date: a deal created after it does not exist yet "as of d".
           CASE WHEN s.created_date BETWEEN p.period_start AND p.period_end AND s.created_date < p.end_at THEN 1 ELSE 0 END AS created,
           CASE WHEN s.open_at_end = 1 AND s.end_close_date BETWEEN p.rest_start AND p.period_end THEN 1 ELSE 0 END AS open_rest,
           CASE WHEN s.current_close_date BETWEEN p.period_start AND p.period_end THEN s.won_cycle_days ELSE 0 END AS won_cycle_days,
           s.end_amount, s.start_amount, s.first_amount
    FROM states s
    JOIN periods p ON p.period_index = s.period_index
),
live_cells AS (
    -- Conditional sums rather than flags multiplied with amounts, as the portable statement does: an integer times a
    -- DECIMAL(18,2) widens to a 128-bit decimal, and summing those cost a third of this statement at 1M deals.
    SELECT d.period_index, d.cell_key,
           COUNT(CASE WHEN d.closed_in_period = 1 AND d.won = 1 THEN 1 END) AS won_count,
           SUM(CASE WHEN d.closed_in_period = 1 AND d.won = 1 THEN d.end_amount ELSE 0 END) AS won_amount,
           COUNT(CASE WHEN d.closed_in_period = 1 AND d.won = 0 THEN 1 END) AS lost_count,
           SUM(CASE WHEN d.closed_in_period = 1 AND d.won = 0 THEN d.end_amount ELSE 0 END) AS lost_amount,
           CAST(SUM(d.won_cycle_days) AS DOUBLE PRECISION) AS won_cycle_days,
           COUNT(CASE WHEN d.created = 1 THEN 1 END) AS created_count,
           SUM(CASE WHEN d.created = 1 THEN d.first_amount ELSE 0 END) AS created_amount,
           COUNT(CASE WHEN d.created = 1 AND d.closed_in_period = 1 THEN 1 END) AS created_closed_count,
           COUNT(CASE WHEN d.due_at_start = 1 THEN 1 END) AS due_at_start_count,
           SUM(CASE WHEN d.due_at_start = 1 THEN d.start_amount ELSE 0 END) AS due_at_start_amount,
           COUNT(CASE WHEN d.due_at_start = 1 AND d.closed_in_period = 0 AND d.still_due = 0 THEN 1 END) AS slipped_count,
           SUM(CASE WHEN d.due_at_start = 1 AND d.closed_in_period = 0 AND d.still_due = 0 THEN d.start_amount ELSE 0 END) AS slipped_amount,
           COUNT(CASE WHEN d.due_after = 1 AND d.closed_in_period = 1 THEN 1 END) AS pulled_in_count,
           SUM(CASE WHEN d.due_after = 1 AND d.closed_in_period = 1 AND d.won = 1 THEN d.end_amount ELSE 0 END) AS pulled_in_amount,
           COUNT(CASE WHEN d.open_rest = 1 THEN 1 END) AS open_count,
           SUM(CASE WHEN d.open_rest = 1 THEN d.end_amount ELSE 0 END) AS open_amount
    FROM deals d
    GROUP BY d.period_index, d.cell_key
    HAVING COUNT(CASE WHEN d.closed_in_period = 1 OR d.created = 1 OR d.due_at_start = 1 OR d.open_rest = 1 THEN 1 END) > 0
),
cells AS (
    SELECT c.* FROM live_cells c
    UNION ALL
    SELECT st.period_index, q.cell_key, q.won_count, q.won_amount, q.lost_count, q.lost_amount, q.won_cycle_days,
           q.created_count, q.created_amount, q.created_closed_count, q.due_at_start_count, q.due_at_start_amount,
           q.slipped_count, q.slipped_amount, q.pulled_in_count, q.pulled_in_amount, q.open_count, q.open_amount
    FROM stored st
    JOIN periods p ON p.period_index = st.period_index
    JOIN quarter_cells q ON q.period_start = p.period_start AND q.period_end = p.period_end
    JOIN deal_cells k ON k.cell_key = q.cell_key
    -- Every measure is a sum over the deals of a cell, so the caller's scope, the question's focus and its filters
    -- select whole cells.
    WHERE (@scopeAll = 1 OR k.territory_id IN @scopeTerritories OR k.owner_id IN @scopeReps)
      AND (@focusAll = 1 OR k.territory_id IN @focusTerritories OR k.owner_id IN @focusReps)
      AND (@segment IS NULL OR k.segment = @segment)
      AND (@productId IS NULL OR k.product_id = @productId)
      AND (@type IS NULL OR k.type = @type)
      AND (@leadSource IS NULL OR k.lead_source = @leadSource)
),
grouped AS (
    SELECT p.group_index,
           CASE WHEN @leafCells = 1 THEN k.territory_id ELSE '' END AS territory_id,
           CASE WHEN @leafCells = 1 THEN k.segment ELSE '' END AS segment,
           CASE WHEN @leafCells = 1 THEN k.product_id ELSE '' END AS product_id,
           CASE WHEN @leafCells = 1 THEN k.type ELSE '' END AS type,
           CASE WHEN @leafCells = 1 THEN k.lead_source ELSE '' END AS lead_source,
           CASE WHEN @leafCells = 1 THEN k.owner_id ELSE '' END AS owner_id,
           c.won_count, c.won_amount, c.lost_count, c.lost_amount, c.won_cycle_days, c.created_count, c.created_amount,
           c.created_closed_count, c.due_at_start_count, c.due_at_start_amount, c.slipped_count, c.slipped_amount,
           c.pulled_in_count, c.pulled_in_amount, c.open_count, c.open_amount
    FROM cells c
    JOIN periods p ON p.period_index = c.period_index
    JOIN deal_cells k ON k.cell_key = c.cell_key
)
SELECT g.group_index, g.territory_id, g.segment, g.product_id, g.type, g.lead_source, g.owner_id,
       CAST(SUM(g.won_count) AS BIGINT) AS won_count,
       SUM(g.won_amount) AS won_amount,
       CAST(SUM(g.lost_count) AS BIGINT) AS lost_count,
       SUM(g.lost_amount) AS lost_amount,
       CAST(SUM(g.won_cycle_days) AS DOUBLE PRECISION) AS won_cycle_days,
       CAST(SUM(g.created_count) AS BIGINT) AS created_count,
       SUM(g.created_amount) AS created_amount,
       CAST(SUM(g.created_closed_count) AS BIGINT) AS created_closed_count,
       CAST(SUM(g.due_at_start_count) AS BIGINT) AS due_at_start_count,
       SUM(g.due_at_start_amount) AS due_at_start_amount,
       CAST(SUM(g.slipped_count) AS BIGINT) AS slipped_count,
       SUM(g.slipped_amount) AS slipped_amount,
       CAST(SUM(g.pulled_in_count) AS BIGINT) AS pulled_in_count,
       SUM(g.pulled_in_amount) AS pulled_in_amount,
       CAST(SUM(g.open_count) AS BIGINT) AS open_count,
       SUM(g.open_amount) AS open_amount
FROM grouped g
GROUP BY g.group_index, g.territory_id, g.segment, g.product_id, g.type, g.lead_source, g.owner_id
