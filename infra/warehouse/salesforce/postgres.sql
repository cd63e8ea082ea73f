-- SalesOpsBot contract views over a Salesforce replica on PostgreSQL.
--
-- Source: one table per Salesforce object in schema sfdc, columns named after the API fields. Unquoted names
-- fold to lower case in PostgreSQL, so `sfdc.Opportunity.AccountId` below reads `sfdc.opportunity.accountid`,
-- which is how most replication tools (and a plain CREATE TABLE without quotes) store them. If your tool kept
-- mixed case ("Opportunity"."AccountId"), quote the names; if it uses another schema, replace `sfdc.`.
-- Datetime fields (CreatedDate, LastModifiedDate) are read as `timestamp with time zone`; if your replica stores
-- them as `timestamp` (UTC, without time zone), delete every `AT TIME ZONE 'UTC'` below.
--
-- Why each column is mapped the way it is: docs/admin.md, "The Salesforce recipe". Lines marked ADAPT hold
-- values that differ between Salesforce orgs. Run the whole file with psql as an owner of schema salesops;
-- it can be run again after edits (views are dropped and recreated; the grants table keeps its rows).

CREATE SCHEMA IF NOT EXISTS salesops;

DROP VIEW IF EXISTS salesops.user_access, salesops.quotas, salesops.opportunity_history, salesops.opportunities,
    salesops.sf_deal_products, salesops.sf_forecast_categories, salesops.products, salesops.accounts,
    salesops.reps, salesops.sf_home_territories, salesops.territories, salesops.sf_settings CASCADE;

-- The settings of the mapping, in one place.
CREATE VIEW salesops.sf_settings (fiscal_year_start_month, root_territory_id, root_name, quota_forecasting_type, no_account_id) AS
SELECT 2,                                                -- ADAPT: = Warehouse:FiscalYearStartMonth = Organization.FiscalYearStartMonth
       CAST('ROOT' AS text),                             -- the synthetic top of the territory tree
       CAST('Company' AS text),                          -- ADAPT: its display name
       CAST('TerritoryOpportunityRevenue' AS text),      -- ADAPT: ForecastingType.DeveloperName whose quotas count
       CAST('NO-ACCOUNT' AS text);                       -- stands in for Opportunity.AccountId when it is empty

-- Territories of the active Enterprise Territory Management model, under one synthetic root (a model may have
-- several top-level territories; the contract needs exactly one root).
CREATE VIEW salesops.territories (territory_id, name, parent_id, level_name) AS
SELECT s.root_territory_id, s.root_name, CAST(NULL AS text), CAST('Company' AS text)
FROM salesops.sf_settings s
UNION ALL
SELECT t.Id, t.Name, COALESCE(t.ParentTerritory2Id, s.root_territory_id), tt.MasterLabel
FROM sfdc.Territory2 t
JOIN sfdc.Territory2Model m ON m.Id = t.Territory2ModelId AND m.State = 'Active'
LEFT JOIN sfdc.Territory2Type tt ON tt.Id = t.Territory2TypeId
CROSS JOIN salesops.sf_settings s;

-- One home territory per user: the territory they are forecast manager of, else their first active assignment.
CREATE VIEW salesops.sf_home_territories (user_id, territory_id) AS
SELECT ranked.UserId, ranked.Territory2Id
FROM (
    SELECT a.UserId, a.Territory2Id,
           ROW_NUMBER() OVER (PARTITION BY a.UserId
                              ORDER BY CASE WHEN t.ForecastUserId = a.UserId THEN 0 ELSE 1 END, a.Territory2Id) AS preference
    FROM sfdc.UserTerritory2Association a
    JOIN sfdc.Territory2 t ON t.Id = a.Territory2Id
    JOIN salesops.territories active ON active.territory_id = a.Territory2Id
    WHERE a.IsActive = true
) ranked
WHERE ranked.preference = 1;

-- Standard users who own deals, hold a quota, sit in a territory or manage someone.
CREATE VIEW salesops.reps (rep_id, name, email, manager_id, territory_id, role, hire_date, end_date) AS
SELECT u.Id,
       u.Name,
       u.Email,
       u.ManagerId,
       -- People who left lose their territory assignments: the territory of their latest deal stands in.
       COALESCE(h.territory_id,
                (SELECT o.Territory2Id
                 FROM sfdc.Opportunity o
                 JOIN salesops.territories t ON t.territory_id = o.Territory2Id
                 WHERE o.OwnerId = u.Id AND o.IsDeleted = false
                 ORDER BY o.CreatedDate DESC, o.Id
                 LIMIT 1),
                s.root_territory_id),
       CASE                                                                       -- ADAPT: your role names
           WHEN UPPER(u.Name) LIKE 'TBH%' OR UPPER(u.Name) LIKE 'VACANT%' THEN 'Vacant'
           WHEN UPPER(r.Name) LIKE '%VP%' OR UPPER(r.Name) LIKE '%VICE PRESIDENT%' THEN 'VP'
           WHEN UPPER(r.Name) LIKE '%DIRECTOR%' THEN 'Director'
           WHEN UPPER(r.Name) LIKE '%SDR%' OR UPPER(r.Name) LIKE '%BDR%' THEN 'SDR'
           WHEN EXISTS (SELECT 1 FROM sfdc."user" d WHERE d.ManagerId = u.Id) THEN 'Manager'
           ELSE 'AE'
       END,
       CAST(u.CreatedDate AT TIME ZONE 'UTC' AS date),                             -- ADAPT: a hire-date field if you have one
       CASE WHEN u.IsActive THEN NULL ELSE CAST(u.LastModifiedDate AT TIME ZONE 'UTC' AS date) END
FROM sfdc."user" u
LEFT JOIN sfdc.UserRole r ON r.Id = u.UserRoleId
LEFT JOIN salesops.sf_home_territories h ON h.user_id = u.Id
CROSS JOIN salesops.sf_settings s
WHERE u.UserType = 'Standard'
  AND (h.user_id IS NOT NULL
       OR EXISTS (SELECT 1 FROM sfdc.Opportunity o WHERE o.OwnerId = u.Id AND o.IsDeleted = false)
       OR EXISTS (SELECT 1 FROM sfdc."user" d WHERE d.ManagerId = u.Id)
       OR EXISTS (SELECT 1 FROM sfdc.ForecastingQuota q WHERE q.QuotaOwnerId = u.Id));

CREATE VIEW salesops.accounts (account_id, name, segment, industry, country) AS
SELECT a.Id,
       a.Name,
       CASE                                                                       -- ADAPT: usually a custom field (Segment__c)
           WHEN a.NumberOfEmployees >= 1000 THEN 'Enterprise'
           WHEN a.NumberOfEmployees >= 100 THEN 'Mid-Market'
           WHEN a.NumberOfEmployees IS NOT NULL THEN 'SMB'
           ELSE 'Unknown'
       END,
       a.Industry,
       a.BillingCountry
FROM sfdc.Account a
WHERE a.IsDeleted = false
UNION ALL
SELECT s.no_account_id, CAST('(no account)' AS text), CAST('Unknown' AS text), CAST(NULL AS text), CAST(NULL AS text)
FROM salesops.sf_settings s;

CREATE VIEW salesops.products (product_id, name, family) AS
SELECT p.Id, p.Name, p.Family
FROM sfdc.Product2 p
WHERE p.IsDeleted = false;

-- A deal's product: its largest line item (ADAPT: a custom "primary product" field if you have one).
CREATE VIEW salesops.sf_deal_products (opportunity_id, product_id) AS
SELECT ranked.OpportunityId, ranked.Product2Id
FROM (
    SELECT li.OpportunityId, li.Product2Id,
           ROW_NUMBER() OVER (PARTITION BY li.OpportunityId ORDER BY COALESCE(li.TotalPrice, 0) DESC, li.Id) AS size_rank
    FROM sfdc.OpportunityLineItem li
    JOIN sfdc.Product2 p ON p.Id = li.Product2Id AND p.IsDeleted = false
    WHERE li.IsDeleted = false
) ranked
WHERE ranked.size_rank = 1;

-- Salesforce forecast category values (API names as in OpportunityHistory.ForecastCategory, labels as in
-- Opportunity.ForecastCategoryName) to the contract's five. ADAPT: add your renamed labels.
CREATE VIEW salesops.sf_forecast_categories (source_value, category) AS
SELECT v.source_value, v.category
FROM (VALUES ('Omitted', 'Omitted'), ('Pipeline', 'Pipeline'), ('BestCase', 'Best Case'), ('Best Case', 'Best Case'),
             ('MostLikely', 'Best Case'), ('Most Likely', 'Best Case'), ('Forecast', 'Commit'), ('Commit', 'Commit'),
             ('Closed', 'Closed')) AS v (source_value, category);

CREATE VIEW salesops.opportunities (opportunity_id, name, account_id, owner_id, territory_id, product_id, type, lead_source,
    created_date, close_date, stage, forecast_category, amount, is_closed, is_won, loss_reason) AS
SELECT o.Id,
       o.Name,
       COALESCE(a.account_id, s.no_account_id),
       o.OwnerId,
       COALESCE(t.territory_id, owner.territory_id, s.root_territory_id),
       dp.product_id,
       CASE                                                                       -- ADAPT: your Type picklist
           WHEN o.Type IN ('New Customer', 'New Business') THEN 'New Business'
           WHEN o.Type IN ('Existing Customer - Upgrade', 'Upsell', 'Cross-sell', 'Expansion') THEN 'Expansion'
           WHEN o.Type IN ('Existing Customer - Replacement', 'Existing Customer - Downgrade', 'Renewal') THEN 'Renewal'
           ELSE COALESCE(o.Type, 'Unspecified')
       END,
       CASE                                                                       -- ADAPT: your LeadSource picklist
           WHEN o.LeadSource IN ('Web', 'Phone Inquiry', 'Inbound') THEN 'Inbound'
           WHEN o.LeadSource IN ('Purchased List', 'Outbound', 'Cold Call') THEN 'Outbound'
           WHEN o.LeadSource IN ('Partner Referral', 'Partner') THEN 'Partner'
           WHEN o.LeadSource IN ('Trade Show', 'Seminar - Internal', 'Seminar - Partner', 'Event') THEN 'Event'
           ELSE o.LeadSource
       END,
       CAST(o.CreatedDate AT TIME ZONE 'UTC' AS date),
       CAST(o.CloseDate AS date),
       o.StageName,
       CASE
           WHEN o.IsWon THEN 'Closed'
           WHEN o.IsClosed THEN 'Omitted'
           WHEN fc.category = 'Closed' THEN 'Commit'
           ELSE COALESCE(fc.category, 'Pipeline')
       END,
       CAST(COALESCE(o.Amount, 0) AS numeric(18, 2)),
       o.IsClosed,
       o.IsWon,
       CAST(NULL AS text)                                                         -- ADAPT: Loss_Reason__c if you have it
FROM sfdc.Opportunity o
LEFT JOIN salesops.accounts a ON a.account_id = o.AccountId
LEFT JOIN salesops.territories t ON t.territory_id = o.Territory2Id
LEFT JOIN salesops.reps owner ON owner.rep_id = o.OwnerId
LEFT JOIN salesops.sf_deal_products dp ON dp.opportunity_id = o.Id
LEFT JOIN salesops.sf_forecast_categories fc ON fc.source_value = o.ForecastCategoryName
CROSS JOIN salesops.sf_settings s
WHERE o.IsDeleted = false;

-- OpportunityHistory (one row per save that changed stage, amount, probability, close date or forecast category)
-- as the contract's state rows, plus the deal's current state where the recorded history does not end in it.
CREATE VIEW salesops.opportunity_history (opportunity_id, changed_at, stage, forecast_category, amount, close_date, is_closed, is_won) AS
WITH recorded AS (
    SELECT h.OpportunityId AS opportunity_id,
           h.CreatedDate AT TIME ZONE 'UTC' AS changed_at,
           h.StageName AS stage,
           CAST(COALESCE(h.Amount, 0) AS numeric(18, 2)) AS amount,
           CAST(h.CloseDate AS date) AS close_date,
           COALESCE(st.IsClosed, h.Probability IN (0, 100)) AS is_closed,
           COALESCE(st.IsWon, h.Probability = 100) AS is_won,
           fc.category AS mapped_category,
           ROW_NUMBER() OVER (PARTITION BY h.OpportunityId, h.CreatedDate ORDER BY h.Id DESC) AS duplicate_rank
    FROM sfdc.OpportunityHistory h
    JOIN salesops.opportunities o ON o.opportunity_id = h.OpportunityId
    LEFT JOIN sfdc.OpportunityStage st ON st.MasterLabel = h.StageName
    LEFT JOIN salesops.sf_forecast_categories fc ON fc.source_value = h.ForecastCategory
    WHERE h.IsDeleted = false
),
states AS (
    SELECT r.opportunity_id, r.changed_at, r.stage,
           CASE
               WHEN r.is_won THEN 'Closed'
               WHEN r.is_closed THEN 'Omitted'
               WHEN r.mapped_category = 'Closed' THEN 'Commit'
               ELSE COALESCE(r.mapped_category, 'Pipeline')
           END AS forecast_category,
           r.amount, r.close_date, r.is_closed, r.is_won,
           ROW_NUMBER() OVER (PARTITION BY r.opportunity_id ORDER BY r.changed_at DESC) AS recency
    FROM recorded r
    WHERE r.duplicate_rank = 1
),
current_state AS (
    SELECT o.opportunity_id,
           CASE
               WHEN l.opportunity_id IS NULL THEN so.CreatedDate AT TIME ZONE 'UTC'
               WHEN so.LastModifiedDate AT TIME ZONE 'UTC' > l.changed_at THEN so.LastModifiedDate AT TIME ZONE 'UTC'
               ELSE l.changed_at
           END AS changed_at,
           o.stage, o.forecast_category, o.amount, o.close_date, o.is_closed, o.is_won
    FROM salesops.opportunities o
    JOIN sfdc.Opportunity so ON so.Id = o.opportunity_id
    LEFT JOIN states l ON l.opportunity_id = o.opportunity_id AND l.recency = 1
    WHERE l.opportunity_id IS NULL
       OR l.stage <> o.stage OR l.forecast_category <> o.forecast_category OR l.amount <> o.amount
       OR l.close_date <> o.close_date OR l.is_closed <> o.is_closed OR l.is_won <> o.is_won
)
SELECT s.opportunity_id, s.changed_at, s.stage, s.forecast_category, s.amount, s.close_date, s.is_closed, s.is_won
FROM states s
WHERE NOT EXISTS (SELECT 1 FROM current_state c WHERE c.opportunity_id = s.opportunity_id AND c.changed_at = s.changed_at)
UNION ALL
SELECT c.opportunity_id, c.changed_at, c.stage, c.forecast_category, c.amount, c.close_date, c.is_closed, c.is_won
FROM current_state c;

-- ForecastingQuota rows of one forecast type, summed into fiscal quarters (Salesforce quotas may be monthly).
-- Territory forecasts: a leaf territory's quota is its forecast manager's (a rep row credited there); a parent
-- territory's quota, or a leaf's without a known owner (a vacant seat), is the territory's own number.
-- Role-based forecasts: a rep's quota is credited in their home territory; a manager's quota is the own number
-- of their home territory (it already covers their team, so it must not add to their reps' rows).
CREATE VIEW salesops.quotas (territory_id, rep_id, period_start, amount) AS
WITH quota_rows AS (
    SELECT q.QuotaOwnerId AS owner_id,
           q.Territory2Id AS quota_territory_id,
           CAST(date_trunc('month', q.StartDate)
                - make_interval(months => MOD(CAST(EXTRACT(MONTH FROM q.StartDate) AS int) - s.fiscal_year_start_month + 12, 3)) AS date) AS period_start,
           q.QuotaAmount AS amount
    FROM sfdc.ForecastingQuota q
    JOIN sfdc.ForecastingType ft ON ft.Id = q.ForecastingTypeId
    CROSS JOIN salesops.sf_settings s
    WHERE ft.DeveloperName = s.quota_forecasting_type
      AND q.QuotaAmount IS NOT NULL
      AND q.ProductFamily IS NULL
),
placed AS (
    SELECT COALESCE(q.quota_territory_id, owner.territory_id) AS territory_id,
           CASE
               WHEN q.quota_territory_id IS NOT NULL
                    AND owner.rep_id IS NOT NULL
                    AND NOT EXISTS (SELECT 1 FROM salesops.territories c WHERE c.parent_id = q.quota_territory_id) THEN owner.rep_id
               WHEN q.quota_territory_id IS NULL AND owner.role IN ('AE', 'SDR', 'Vacant') THEN owner.rep_id
           END AS rep_id,
           q.period_start,
           q.amount
    FROM quota_rows q
    LEFT JOIN salesops.reps owner ON owner.rep_id = q.owner_id
    WHERE (q.quota_territory_id IS NULL AND owner.rep_id IS NOT NULL)
       OR EXISTS (SELECT 1 FROM salesops.territories t WHERE t.territory_id = q.quota_territory_id)
)
SELECT p.territory_id, p.rep_id, p.period_start, CAST(SUM(p.amount) AS numeric(18, 2))
FROM placed p
GROUP BY p.territory_id, p.rep_id, p.period_start;

-- Fiscal calendar: SalesOpsBot names a fiscal year by the calendar year in which it ends. Set
-- Warehouse:FiscalYearStartMonth (bot) / SALESOPS_FISCAL_YEAR_START_MONTH (CLI) to the same month as sf_settings.

-- Access: rows an admin adds by hand (admins, exceptions), plus rows derived from Salesforce: a territory's
-- forecast manager leads its subtree, a user with reports sees their reporting line, every active rep their own
-- deals. Principals are e-mail addresses (lower case); ADAPT: use User.FederationIdentifier if that holds the
-- Entra user principal name and it differs from Email.
CREATE TABLE IF NOT EXISTS salesops.user_access_grants (
    principal    text NOT NULL,
    role         text NOT NULL CHECK (role IN ('admin', 'leader', 'manager', 'rep')),
    territory_id text,
    rep_id       text
);

CREATE VIEW salesops.user_access (principal, role, territory_id, rep_id) AS
SELECT LOWER(g.principal), g.role, g.territory_id, g.rep_id
FROM salesops.user_access_grants g
UNION ALL
SELECT LOWER(u.Email), CAST('leader' AS text), t.territory_id, CAST(NULL AS text)
FROM salesops.territories t
JOIN sfdc.Territory2 st ON st.Id = t.territory_id
JOIN sfdc."user" u ON u.Id = st.ForecastUserId
WHERE u.IsActive = true
UNION ALL
SELECT LOWER(u.Email), CAST('manager' AS text), CAST(NULL AS text), r.rep_id
FROM salesops.reps r
JOIN sfdc."user" u ON u.Id = r.rep_id
WHERE u.IsActive = true AND EXISTS (SELECT 1 FROM salesops.reps d WHERE d.manager_id = r.rep_id)
UNION ALL
SELECT LOWER(u.Email), CAST('rep' AS text), CAST(NULL AS text), r.rep_id
FROM salesops.reps r
JOIN sfdc."user" u ON u.Id = r.rep_id
WHERE u.IsActive = true;

-- The bot's login reads the contract and nothing else (run as an administrator; ADAPT the role name).
-- CREATE ROLE salesops_reader LOGIN PASSWORD '<from Key Vault>';
-- GRANT USAGE ON SCHEMA salesops TO salesops_reader;
-- GRANT SELECT ON ALL TABLES IN SCHEMA salesops TO salesops_reader;
-- Views run with their owner's rights, so the reader needs no grant on schema sfdc.
