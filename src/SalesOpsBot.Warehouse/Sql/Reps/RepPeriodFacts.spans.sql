-- RepPeriodFacts.sql over the deal spans (src/SalesOpsBot.Warehouse/Derived/DealSpans.cs): a deal's state at @asOf is
-- the span holding @asOfEnd, found by a range test instead of a window over the history. Same parameters, same rows.
-- Quota-carrying reps (role AE) of the scope employed at some point of [@lookbackStart, @periodEnd] (leavers of the
-- year before the period are kept: their seat may still be vacant), each with:
--   bookings, won_count: their deals won with close date in [@periodStart, @periodEnd], on the state recorded in
--                        history before @asOfEnd (the contract's "as of"); only deals the caller may see;
--   quota:               Σ of their quota rows for the quarters starting in the period;
--   full_seat_quota:     their largest quarterly quota row in [@quotaFrom, @quotaTo], the number the seat carries
--                        once ramped (a new hire whose quota is below it already has a ramped quota).
WITH seats AS (
    SELECT r.rep_id, r.name, r.territory_id, r.hire_date, r.end_date
    FROM reps r
    WHERE r.role = 'AE'
      AND r.hire_date <= @periodEnd
      AND (r.end_date IS NULL OR r.end_date >= @lookbackStart)
      AND (@scopeAll = 1 OR r.territory_id IN @scopeTerritories OR r.rep_id IN @scopeReps)
      AND (@focusAll = 1 OR r.territory_id IN @focusTerritories OR r.rep_id IN @focusReps)
),
booked AS (
    -- The deals' state at @asOf is the span holding @asOfEnd.
    SELECT s.owner_id, SUM(s.amount) AS bookings, COUNT(*) AS won_count
    FROM deal_spans s
    JOIN seats st ON st.rep_id = s.owner_id
    WHERE (@scopeAll = 1 OR s.territory_id IN @scopeTerritories OR s.owner_id IN @scopeReps)
      AND (@focusAll = 1 OR s.territory_id IN @focusTerritories OR s.owner_id IN @focusReps)
      AND s.deal_close_date >= @periodStart
      AND s.deal_created_date <= @periodEnd
      AND s.valid_from < @asOfEnd AND s.valid_to >= @asOfEnd
      AND s.is_won = 1
      AND s.close_date BETWEEN @periodStart AND @periodEnd
    GROUP BY s.owner_id
),
seat_quota AS (
    SELECT q.rep_id,
           SUM(CASE WHEN q.period_start BETWEEN @periodStart AND @periodEnd THEN q.amount ELSE 0 END) AS quota,
           MAX(q.amount) AS full_seat_quota
    FROM quotas q
    JOIN seats s ON s.rep_id = q.rep_id
    WHERE q.period_start BETWEEN @quotaFrom AND @quotaTo
    GROUP BY q.rep_id
)
SELECT s.rep_id, s.name, s.territory_id, s.hire_date, s.end_date,
       COALESCE(b.bookings, 0) AS bookings,
       CAST(COALESCE(b.won_count, 0) AS BIGINT) AS won_count,
       COALESCE(sq.quota, 0) AS quota,
       COALESCE(sq.full_seat_quota, 0) AS full_seat_quota
FROM seats s
LEFT JOIN booked b ON b.owner_id = s.rep_id
LEFT JOIN seat_quota sq ON sq.rep_id = s.rep_id
ORDER BY s.rep_id
