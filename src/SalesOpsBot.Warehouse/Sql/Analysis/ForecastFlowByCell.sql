-- What the forecast at the start of P said and what became of it, per credited territory and segment (the cells the
-- attainment bridge rolls up), as defined in src/SalesOpsBot.Analysis/Bridge/BridgeModel.cs (ForecastStartFlow).
--   start state: the deal's last history row before @startAt (P's first day, 00:00)
--   end state:   the deal's last history row before @endAt (min(P's last day, as-of) + 1 day, 00:00)
-- Due at start = open at start with its close date then in P. The forecast at the start (the plan) weights each due
-- deal's amount at start by its forecast category then: Commit 1, Best Case @bestCaseShare, anything else 0; the
-- "commit" columns below are those weighted amounts, and a won deal's unweighted rest counts as upside. Won in P = closed and won at the end with close date in P; slipped =
-- due at start, not closed in P and no longer due in P (the contract's rule, as in PeriodMeasuresByCell).
-- Every deal won in P falls in exactly one won bucket: commit, upside (due, not Commit), pulled in (due after P),
-- created (no state at the start), other (past due at the start, or closed at the start and reopened).
-- Optional filters (@segment, @productId, @type, @leadSource) apply when not null.
WITH relevant AS (
    SELECT o.opportunity_id, o.territory_id, a.segment
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
spans AS (
    SELECT h.opportunity_id, h.changed_at, h.close_date, h.amount, h.is_closed, h.is_won, h.forecast_category,
           LEAD(h.changed_at) OVER (PARTITION BY h.opportunity_id ORDER BY h.changed_at) AS next_at
    FROM opportunity_history h
    JOIN relevant r ON r.opportunity_id = h.opportunity_id
    WHERE h.changed_at < @endAt
),
marked AS (
    SELECT s.opportunity_id, s.close_date, s.amount, s.is_closed, s.is_won, s.forecast_category,
           CASE WHEN s.changed_at < @startAt AND (s.next_at IS NULL OR s.next_at >= @startAt) THEN 1 ELSE 0 END AS at_start,
           CASE WHEN s.next_at IS NULL THEN 1 ELSE 0 END AS at_end
    FROM spans s
),
states AS (
    SELECT m.opportunity_id,
           MAX(m.at_start) AS has_start,
           MAX(CASE WHEN m.at_start = 1 AND m.is_closed = 'false' THEN 1 ELSE 0 END) AS open_at_start,
           MAX(CASE WHEN m.at_start = 1 THEN m.close_date END) AS start_close_date,
           MAX(CASE WHEN m.at_start = 1 AND m.forecast_category = 'Commit' THEN 1.0
                    WHEN m.at_start = 1 AND m.forecast_category = 'Best Case' THEN @bestCaseShare ELSE 0.0 END) AS plan_weight,
           SUM(CASE WHEN m.at_start = 1 THEN m.amount ELSE 0 END) AS start_amount,
           MAX(CASE WHEN m.at_end = 1 AND m.is_closed = 'true' THEN 1 ELSE 0 END) AS closed_at_end,
           MAX(CASE WHEN m.at_end = 1 AND m.is_closed = 'false' THEN 1 ELSE 0 END) AS open_at_end,
           MAX(CASE WHEN m.at_end = 1 AND m.is_won = 'true' THEN 1 ELSE 0 END) AS won_at_end,
           MAX(CASE WHEN m.at_end = 1 THEN m.close_date END) AS end_close_date,
           SUM(CASE WHEN m.at_end = 1 THEN m.amount ELSE 0 END) AS end_amount
    FROM marked m
    WHERE m.at_start = 1 OR m.at_end = 1
    GROUP BY m.opportunity_id
),
deals AS (
    SELECT r.territory_id, r.segment, s.start_amount, s.end_amount, s.has_start, s.won_at_end,
           CASE WHEN s.open_at_start = 1 AND s.start_close_date BETWEEN @periodStart AND @periodEnd THEN 1 ELSE 0 END AS due,
           CASE WHEN s.open_at_start = 1 AND s.start_close_date > @periodEnd THEN 1 ELSE 0 END AS due_after,
           CASE WHEN s.closed_at_end = 1 AND s.end_close_date BETWEEN @periodStart AND @periodEnd THEN 1 ELSE 0 END AS closed_in_period,
           CASE WHEN s.open_at_end = 1 AND s.end_close_date BETWEEN @periodStart AND @periodEnd THEN 1 ELSE 0 END AS still_due,
           s.plan_weight
    FROM states s
    JOIN relevant r ON r.opportunity_id = s.opportunity_id
),
flagged AS (
    SELECT d.territory_id, d.segment, d.start_amount, d.end_amount,
           d.due * d.plan_weight AS in_commit,
           d.closed_in_period * d.won_at_end AS won,
           d.closed_in_period * (1 - d.won_at_end) AS lost,
           (1 - d.closed_in_period) * (1 - d.still_due) AS slipped,
           d.still_due, d.due, d.due_after, d.has_start
    FROM deals d
)
SELECT f.territory_id, f.segment,
       SUM(f.in_commit * f.start_amount) AS commit_at_start,
       SUM(f.in_commit * f.won * f.start_amount) AS commit_won_at_start_amount,
       SUM(f.in_commit * f.won * f.end_amount) AS commit_won_final_amount,
       SUM(f.in_commit * f.lost * f.start_amount) AS commit_lost,
       SUM(f.in_commit * f.slipped * f.start_amount) AS commit_slipped,
       SUM(f.in_commit * f.still_due * f.start_amount) AS commit_still_open,
       SUM(f.won * f.due * (1 - f.in_commit) * f.end_amount) AS upside_won,
       SUM(f.won * f.due_after * f.end_amount) AS pulled_in_won,
       SUM(f.won * (1 - f.has_start) * f.end_amount) AS created_won,
       SUM(f.won * f.has_start * (1 - f.due) * (1 - f.due_after) * f.end_amount) AS other_won
FROM flagged f
GROUP BY f.territory_id, f.segment
HAVING SUM(f.due + f.won) > 0
