-- First step of rebuilding the derived tables from the contract tables (DealSpans.RebuildAsync): empty them, key the
-- leaf cells, and key the deals. Each statement ends with a semicolon at the end of a line.
-- The rebuild streams through the history slice by slice; a cap on DuckDB's buffer cache keeps the load's peak memory
-- near what the slice needs instead of caching the whole file (this connection is the loader's and closes after it).
SET memory_limit = '1GB';

DELETE FROM deal_spans;

DELETE FROM deal_cells;

DELETE FROM deal_names;

DELETE FROM quarter_cells;

DELETE FROM derived_state;

-- One key per leaf cell (credited territory, segment, product, type, lead source, owner), so that statements group
-- by an integer and name the cells only at the end. NULL product and lead source become '' as the statements report them.
INSERT INTO deal_cells (cell_key, territory_id, segment, product_id, type, lead_source, owner_id)
SELECT CAST(ROW_NUMBER() OVER (ORDER BY c.territory_id, c.segment, c.product_id, c.type, c.lead_source, c.owner_id) AS INTEGER),
       c.territory_id, c.segment, c.product_id, c.type, c.lead_source, c.owner_id
FROM (
    SELECT DISTINCT o.territory_id, a.segment, COALESCE(o.product_id, '') AS product_id, o.type,
           COALESCE(o.lead_source, '') AS lead_source, o.owner_id
    FROM opportunities o
    JOIN accounts a ON a.account_id = o.account_id
) c;

-- Deals numbered in order of their close date: Spans.duckdb.sql writes them in this order, so that the column's
-- min/max per row group lets a question about a period skip deals that closed long before it. Only keys and dates
-- here (the cell's text comes from deal_cells per slice): at 5M deals this temporary table is held in memory.
CREATE OR REPLACE TEMP TABLE deal_keys AS
SELECT o.opportunity_id,
       ROW_NUMBER() OVER (ORDER BY o.close_date, o.opportunity_id) AS deal_key,
       c.cell_key, o.created_date, o.close_date,
       CASE WHEN o.is_won THEN CAST(date_diff('day', o.created_date, o.close_date) AS INTEGER) ELSE 0 END AS won_cycle_days
FROM opportunities o
JOIN accounts a ON a.account_id = o.account_id
JOIN deal_cells c ON c.territory_id = o.territory_id AND c.segment = a.segment
                 AND c.product_id = COALESCE(o.product_id, '') AND c.type = o.type
                 AND c.lead_source = COALESCE(o.lead_source, '') AND c.owner_id = o.owner_id;

-- What a deal list shows beside the figures, by deal key: joining the kept deals to this table, stored in key order,
-- reads a few row groups, where joining them to opportunities by its text id scanned the whole table.
INSERT INTO deal_names (deal_key, opportunity_id, name, account_id, loss_reason)
SELECT k.deal_key, o.opportunity_id, o.name, o.account_id, o.loss_reason
FROM deal_keys k
JOIN opportunities o ON o.opportunity_id = k.opportunity_id
ORDER BY k.deal_key;
