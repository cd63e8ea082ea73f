-- DealAttributes.sql over the derived leaf cells (src/SalesOpsBot.Warehouse/Derived/DealSpans.cs): every combination of
-- territory, owner, segment, product, type and lead source that occurs on a deal is one row of deal_cells, so the
-- caller's values are read from a few thousand rows instead of every deal. Same parameters, same rows.
SELECT DISTINCT 'segment' AS kind, c.segment AS id, c.segment AS name
FROM deal_cells c
WHERE (@scopeAll = 1 OR c.territory_id IN @scopeTerritories OR c.owner_id IN @scopeReps)
UNION
SELECT DISTINCT 'product', p.product_id, p.name
FROM deal_cells c
JOIN products p ON p.product_id = c.product_id
WHERE (@scopeAll = 1 OR c.territory_id IN @scopeTerritories OR c.owner_id IN @scopeReps)
UNION
SELECT DISTINCT 'type', c.type, c.type
FROM deal_cells c
WHERE (@scopeAll = 1 OR c.territory_id IN @scopeTerritories OR c.owner_id IN @scopeReps)
UNION
SELECT DISTINCT 'lead_source', c.lead_source, c.lead_source
FROM deal_cells c
WHERE c.lead_source <> ''
  AND (@scopeAll = 1 OR c.territory_id IN @scopeTerritories OR c.owner_id IN @scopeReps)
