-- The segment, product, type and lead-source values that occur on the caller's deals (for the router's
-- vocabulary): kind, the value as the warehouse stores it, and a display name.
SELECT DISTINCT 'segment' AS kind, a.segment AS id, a.segment AS name
FROM opportunities o
JOIN accounts a ON a.account_id = o.account_id
WHERE (@scopeAll = 1 OR o.territory_id IN @scopeTerritories OR o.owner_id IN @scopeReps)
UNION
SELECT DISTINCT 'product', p.product_id, p.name
FROM opportunities o
JOIN products p ON p.product_id = o.product_id
WHERE (@scopeAll = 1 OR o.territory_id IN @scopeTerritories OR o.owner_id IN @scopeReps)
UNION
SELECT DISTINCT 'type', o.type, o.type
FROM opportunities o
WHERE (@scopeAll = 1 OR o.territory_id IN @scopeTerritories OR o.owner_id IN @scopeReps)
UNION
SELECT DISTINCT 'lead_source', o.lead_source, o.lead_source
FROM opportunities o
WHERE o.lead_source IS NOT NULL
  AND (@scopeAll = 1 OR o.territory_id IN @scopeTerritories OR o.owner_id IN @scopeReps)
