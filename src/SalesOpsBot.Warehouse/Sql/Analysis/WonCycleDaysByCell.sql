-- Σ days from creation to close of the deals won in [@periodStart, @periodEnd] (state as of @endAt), by leaf cell,
-- for the sales cycle. Separate from PeriodMeasuresByCell because date arithmetic differs by dialect.
SELECT o.territory_id, a.segment, COALESCE(o.product_id, '') AS product_id, o.type,
       COALESCE(o.lead_source, '') AS lead_source, o.owner_id,
       CAST(SUM(o.close_date - o.created_date) AS DOUBLE PRECISION) AS won_cycle_days
FROM opportunities o
JOIN accounts a ON a.account_id = o.account_id
WHERE o.is_won = 'true'
  AND o.close_date BETWEEN @periodStart AND @periodEnd
  AND (@scopeAll = 1 OR o.territory_id IN @scopeTerritories OR o.owner_id IN @scopeReps)
  AND (@focusAll = 1 OR o.territory_id IN @focusTerritories OR o.owner_id IN @focusReps)
  AND (@segment IS NULL OR a.segment = @segment)
  AND (@productId IS NULL OR o.product_id = @productId)
  AND (@type IS NULL OR o.type = @type)
  AND (@leadSource IS NULL OR o.lead_source = @leadSource)
GROUP BY o.territory_id, a.segment, COALESCE(o.product_id, ''), o.type, COALESCE(o.lead_source, ''), o.owner_id
