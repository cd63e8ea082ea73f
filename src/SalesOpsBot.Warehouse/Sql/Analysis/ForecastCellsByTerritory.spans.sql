-- ForecastCellsByTerritory.sql over the deal spans (src/SalesOpsBot.Warehouse/Derived/DealSpans.cs): the state at
-- @asOf is the span holding @asOfEnd, found by a range test instead of a window over the history. Same parameters,
-- same rows.
SELECT s.territory_id,
       SUM(CASE WHEN s.is_won = 1 THEN s.amount ELSE 0 END) AS won,
       SUM(CASE WHEN s.is_closed = 0 AND s.forecast_category = 'Commit' THEN s.amount ELSE 0 END) AS commit_amount,
       SUM(CASE WHEN s.is_closed = 0 AND s.forecast_category = 'Best Case' THEN s.amount ELSE 0 END) AS best_case,
       SUM(CASE WHEN s.is_closed = 0 AND s.forecast_category = 'Pipeline' THEN s.amount ELSE 0 END) AS pipeline
FROM deal_spans s
WHERE (@scopeAll = 1 OR s.territory_id IN @scopeTerritories OR s.owner_id IN @scopeReps)
  AND (@focusAll = 1 OR s.territory_id IN @focusTerritories OR s.owner_id IN @focusReps)
  AND (@segment IS NULL OR s.segment = @segment)
  AND (@productId IS NULL OR s.product_id = @productId)
  AND (@type IS NULL OR s.type = @type)
  AND (@leadSource IS NULL OR s.lead_source = @leadSource)
  AND s.deal_created_date <= @periodEnd
  AND s.deal_close_date >= @periodStart
  AND s.valid_from < @asOfEnd AND s.valid_to >= @asOfEnd
  AND s.close_date BETWEEN @periodStart AND @periodEnd
GROUP BY s.territory_id
