-- Forecast amounts per credited territory for [@periodStart, @periodEnd] at @asOf (state before @asOfEnd =
-- @asOf + 1 day): won = bookings so far; commit / best case / pipeline = deals open at @asOf with close date
-- in the period, by forecast category at @asOf (Omitted left out).
WITH relevant AS (
    SELECT o.opportunity_id, o.territory_id
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
as_of_state AS (
    SELECT h.opportunity_id, h.close_date, h.amount, h.is_closed, h.is_won, h.forecast_category
    FROM (
        SELECT h.opportunity_id, h.close_date, h.amount, h.is_closed, h.is_won, h.forecast_category,
               ROW_NUMBER() OVER (PARTITION BY h.opportunity_id ORDER BY h.changed_at DESC) AS recency
        FROM opportunity_history h
        JOIN relevant r ON r.opportunity_id = h.opportunity_id
        WHERE h.changed_at < @asOfEnd
    ) h
    WHERE h.recency = 1 AND h.close_date BETWEEN @periodStart AND @periodEnd
)
SELECT r.territory_id,
       SUM(CASE WHEN s.is_won = 'true' THEN s.amount ELSE 0 END) AS won,
       SUM(CASE WHEN s.is_closed = 'false' AND s.forecast_category = 'Commit' THEN s.amount ELSE 0 END) AS commit_amount,
       SUM(CASE WHEN s.is_closed = 'false' AND s.forecast_category = 'Best Case' THEN s.amount ELSE 0 END) AS best_case,
       SUM(CASE WHEN s.is_closed = 'false' AND s.forecast_category = 'Pipeline' THEN s.amount ELSE 0 END) AS pipeline
FROM relevant r
JOIN as_of_state s ON s.opportunity_id = r.opportunity_id
GROUP BY r.territory_id
