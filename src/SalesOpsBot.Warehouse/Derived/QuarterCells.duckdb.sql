-- Stores the leaf cells of up to six whole fiscal quarters (slot i, output group i), as PeriodMeasuresByCell's spans
-- form computes them for the whole warehouse with each quarter seen after its end (DealSpans.cs puts that statement in
-- the FROM clause below; its parameters are the slots'). The cell's text becomes its key again.
INSERT INTO quarter_cells
SELECT CASE r.group_index WHEN 0 THEN $p0Start WHEN 1 THEN $p1Start WHEN 2 THEN $p2Start
                          WHEN 3 THEN $p3Start WHEN 4 THEN $p4Start ELSE $p5Start END,
       CASE r.group_index WHEN 0 THEN $p0End WHEN 1 THEN $p1End WHEN 2 THEN $p2End
                          WHEN 3 THEN $p3End WHEN 4 THEN $p4End ELSE $p5End END,
       k.cell_key, r.won_count, r.won_amount, r.lost_count, r.lost_amount, r.won_cycle_days, r.created_count,
       r.created_amount, r.created_closed_count, r.due_at_start_count, r.due_at_start_amount, r.slipped_count,
       r.slipped_amount, r.pulled_in_count, r.pulled_in_amount, r.open_count, r.open_amount
FROM ({periodMeasures}) r
JOIN deal_cells k ON k.territory_id = r.territory_id AND k.segment = r.segment AND k.product_id = r.product_id
                 AND k.type = r.type AND k.lead_source = r.lead_source AND k.owner_id = r.owner_id
