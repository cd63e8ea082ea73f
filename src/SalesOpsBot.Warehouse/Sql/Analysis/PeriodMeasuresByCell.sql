-- The additive measures of up to six periods in one pass over the history, as defined in
-- src/SalesOpsBot.Analysis/Metrics/PeriodMeasures.cs and the contract's metric definitions. Slot i holds period
-- P_i = [p<i>Start, p<i>End]; only slots below @periodCount are read. Each period is measured per leaf cell
-- (credited territory, segment, product, type, lead source, owner), cells without activity dropped; the cells of
-- the periods with the same p<i>Group are then summed into one row per group_index and cell (e.g. four baseline
-- quarters into one window), or into one row per group when @leafCells = 0 (a trend needs only totals).
--   start state: the deal's last history row before P's first day (p<i>StartAt = p<i>Start 00:00)
--   end state:   the deal's last history row before p<i>EndAt = min(p<i>End, as-of) + 1 day, 00:00
--   p<i>RestStart: max(p<i>Start, as-of), the first day of the rest of P (for open pipeline)
-- Each history row is read once: LAG/LEAD turn it into the span [changed_at, next changed_at) during which it was
-- the deal's state, and the state at an instant is the row whose span holds it. Won cycle days come from the
-- deal's current row (close_date - created_date).
-- Optional filters (@segment, @productId, @type, @leadSource) apply when not null.
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
relevant AS (
    SELECT o.opportunity_id, o.territory_id, a.segment, COALESCE(o.product_id, '') AS product_id, o.type,
           COALESCE(o.lead_source, '') AS lead_source, o.owner_id, o.created_date, o.close_date,
           CASE WHEN o.is_won = 'true' THEN DATEDIFF(day, o.created_date, o.close_date) ELSE 0 END AS won_cycle_days
    FROM opportunities o
    JOIN accounts a ON a.account_id = o.account_id
    WHERE (@scopeAll = 1 OR o.territory_id IN @scopeTerritories OR o.owner_id IN @scopeReps)
      AND (@focusAll = 1 OR o.territory_id IN @focusTerritories OR o.owner_id IN @focusReps)
      AND (@segment IS NULL OR a.segment = @segment)
      AND (@productId IS NULL OR o.product_id = @productId)
      AND (@type IS NULL OR o.type = @type)
      AND (@leadSource IS NULL OR o.lead_source = @leadSource)
      AND o.created_date <= (SELECT MAX(p.period_end) FROM periods p)
      AND o.close_date >= (SELECT MIN(p.period_start) FROM periods p)
),
spans AS (
    SELECT h.opportunity_id, h.changed_at, h.close_date, h.amount, h.is_closed, h.is_won,
           LAG(h.changed_at) OVER (PARTITION BY h.opportunity_id ORDER BY h.changed_at) AS previous_at,
           LEAD(h.changed_at) OVER (PARTITION BY h.opportunity_id ORDER BY h.changed_at) AS next_at
    FROM opportunity_history h
    JOIN relevant r ON r.opportunity_id = h.opportunity_id
),
marked AS (
    SELECT r.opportunity_id, p.period_index, s.close_date, s.amount, s.is_closed, s.is_won,
           r.territory_id, r.segment, r.product_id, r.type, r.lead_source, r.owner_id, r.created_date,
           r.close_date AS current_close_date, r.won_cycle_days,
           CASE WHEN s.changed_at < p.start_at AND (s.next_at IS NULL OR s.next_at >= p.start_at) THEN 1 ELSE 0 END AS at_start,
           CASE WHEN s.changed_at < p.end_at AND (s.next_at IS NULL OR s.next_at >= p.end_at) THEN 1 ELSE 0 END AS at_end,
           CASE WHEN s.previous_at IS NULL THEN 1 ELSE 0 END AS first_row
    FROM relevant r
    JOIN periods p ON r.created_date <= p.period_end AND r.close_date >= p.period_start
    JOIN spans s ON s.opportunity_id = r.opportunity_id
),
-- The deal's cell attributes ride along (MAX over equal values) so that no later step joins back to `relevant`:
-- PostgreSQL cannot estimate that join and chose a nested loop over hundreds of thousands of rows at 1M deals.
states AS (
    SELECT m.opportunity_id, m.period_index,
           MAX(m.territory_id) AS territory_id, MAX(m.segment) AS segment, MAX(m.product_id) AS product_id,
           MAX(m.type) AS type, MAX(m.lead_source) AS lead_source, MAX(m.owner_id) AS owner_id,
           MAX(m.created_date) AS created_date, MAX(m.current_close_date) AS current_close_date,
           MAX(m.won_cycle_days) AS won_cycle_days,
           MAX(CASE WHEN m.at_start = 1 THEN m.close_date END) AS start_close_date,
           SUM(CASE WHEN m.at_start = 1 THEN m.amount ELSE 0 END) AS start_amount,
           MAX(CASE WHEN m.at_start = 1 AND m.is_closed = 'false' THEN 1 ELSE 0 END) AS open_at_start,
           MAX(CASE WHEN m.at_end = 1 THEN m.close_date END) AS end_close_date,
           SUM(CASE WHEN m.at_end = 1 THEN m.amount ELSE 0 END) AS end_amount,
           MAX(CASE WHEN m.at_end = 1 AND m.is_closed = 'true' THEN 1 ELSE 0 END) AS closed_at_end,
           MAX(CASE WHEN m.at_end = 1 AND m.is_closed = 'false' THEN 1 ELSE 0 END) AS open_at_end,
           MAX(CASE WHEN m.at_end = 1 AND m.is_won = 'true' THEN 1 ELSE 0 END) AS won,
           SUM(CASE WHEN m.first_row = 1 THEN m.amount ELSE 0 END) AS first_amount
    FROM marked m
    WHERE m.at_start = 1 OR m.at_end = 1 OR m.first_row = 1
    GROUP BY m.opportunity_id, m.period_index
),
deals AS (
    SELECT s.period_index, s.territory_id, s.segment, s.product_id, s.type, s.lead_source, s.owner_id,
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
cells AS (
        SELECT d.period_index, d.territory_id, d.segment, d.product_id, d.type, d.lead_source, d.owner_id,
           CAST(SUM(d.closed_in_period * d.won) AS BIGINT) AS won_count,
           SUM(d.closed_in_period * d.won * d.end_amount) AS won_amount,
           CAST(SUM(d.closed_in_period * (1 - d.won)) AS BIGINT) AS lost_count,
           SUM(d.closed_in_period * (1 - d.won) * d.end_amount) AS lost_amount,
           CAST(SUM(d.won_cycle_days) AS DOUBLE PRECISION) AS won_cycle_days,
           CAST(SUM(d.created) AS BIGINT) AS created_count,
           SUM(d.created * d.first_amount) AS created_amount,
           CAST(SUM(d.created * d.closed_in_period) AS BIGINT) AS created_closed_count,
           CAST(SUM(d.due_at_start) AS BIGINT) AS due_at_start_count,
           SUM(d.due_at_start * d.start_amount) AS due_at_start_amount,
           CAST(SUM(d.due_at_start * (1 - d.closed_in_period) * (1 - d.still_due)) AS BIGINT) AS slipped_count,
           SUM(d.due_at_start * (1 - d.closed_in_period) * (1 - d.still_due) * d.start_amount) AS slipped_amount,
           CAST(SUM(d.due_after * d.closed_in_period) AS BIGINT) AS pulled_in_count,
           SUM(d.due_after * d.closed_in_period * d.won * d.end_amount) AS pulled_in_amount,
           CAST(SUM(d.open_rest) AS BIGINT) AS open_count,
           SUM(d.open_rest * d.end_amount) AS open_amount
    FROM deals d
    GROUP BY d.period_index, d.territory_id, d.segment, d.product_id, d.type, d.lead_source, d.owner_id
    HAVING SUM(d.closed_in_period + d.created + d.due_at_start + d.due_after * d.closed_in_period + d.open_rest) > 0
),
grouped AS (
    SELECT p.group_index,
           CASE WHEN @leafCells = 1 THEN c.territory_id ELSE '' END AS territory_id,
           CASE WHEN @leafCells = 1 THEN c.segment ELSE '' END AS segment,
           CASE WHEN @leafCells = 1 THEN c.product_id ELSE '' END AS product_id,
           CASE WHEN @leafCells = 1 THEN c.type ELSE '' END AS type,
           CASE WHEN @leafCells = 1 THEN c.lead_source ELSE '' END AS lead_source,
           CASE WHEN @leafCells = 1 THEN c.owner_id ELSE '' END AS owner_id,
           c.won_count, c.won_amount, c.lost_count, c.lost_amount, c.won_cycle_days, c.created_count, c.created_amount,
           c.created_closed_count, c.due_at_start_count, c.due_at_start_amount, c.slipped_count, c.slipped_amount,
           c.pulled_in_count, c.pulled_in_amount, c.open_count, c.open_amount
    FROM cells c
    JOIN periods p ON p.period_index = c.period_index
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
