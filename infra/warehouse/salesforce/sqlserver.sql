-- SalesOpsBot contract views over a Salesforce replica on SQL Server (2016 SP1 or later: CREATE OR ALTER).
--
-- Source: one table per Salesforce object in schema sfdc, columns named after the API fields (the layout of
-- DBAmp, CData and most replication tools; User is a reserved word, hence sfdc.[User]). Datetime fields are read
-- as UTC datetime2, booleans as bit. If your tool uses another schema, replace `sfdc.`.
--
-- The same mapping as postgres.sql, view for view and column for column (a test keeps the two in step); why each
-- column is mapped the way it is: docs/admin.md, "The Salesforce recipe". Lines marked ADAPT hold values that
-- differ between Salesforce orgs. Run with sqlcmd or SSMS (batches are separated by GO) as an owner of schema
-- salesops; it can be run again after edits (views are altered in place; the grants table keeps its rows).

IF SCHEMA_ID(N'salesops') IS NULL EXEC(N'CREATE SCHEMA salesops');
GO

-- The settings of the mapping, in one place.
CREATE OR ALTER VIEW salesops.sf_settings (fiscal_year_start_month, root_territory_id, root_name, quota_forecasting_type, no_account_id) AS
SELECT 2,                                                            -- ADAPT: = Warehouse:FiscalYearStartMonth = Organization.FiscalYearStartMonth
       CAST(N'ROOT' AS nvarchar(64)),                                -- the synthetic top of the territory tree
       CAST(N'Company' AS nvarchar(200)),                            -- ADAPT: its display name
       CAST(N'TerritoryOpportunityRevenue' AS nvarchar(80)),         -- ADAPT: ForecastingType.DeveloperName whose quotas count
       CAST(N'NO-ACCOUNT' AS nvarchar(64));                          -- stands in for Opportunity.AccountId when it is empty
GO

-- Territories of the active Enterprise Territory Management model, under one synthetic root.
CREATE OR ALTER VIEW salesops.territories (territory_id, name, parent_id, level_name) AS
SELECT s.root_territory_id, s.root_name, CAST(NULL AS nvarchar(64)), CAST(N'Company' AS nvarchar(100))
FROM salesops.sf_settings s
UNION ALL
SELECT t.Id, t.Name, COALESCE(t.ParentTerritory2Id, s.root_territory_id), tt.MasterLabel
FROM sfdc.Territory2 t
JOIN sfdc.Territory2Model m ON m.Id = t.Territory2ModelId AND m.State = N'Active'
LEFT JOIN sfdc.Territory2Type tt ON tt.Id = t.Territory2TypeId
CROSS JOIN salesops.sf_settings s;
GO

-- One home territory per user: the territory they are forecast manager of, else their first active assignment.
CREATE OR ALTER VIEW salesops.sf_home_territories (user_id, territory_id) AS
SELECT ranked.UserId, ranked.Territory2Id
FROM (
    SELECT a.UserId, a.Territory2Id,
           ROW_NUMBER() OVER (PARTITION BY a.UserId
                              ORDER BY CASE WHEN t.ForecastUserId = a.UserId THEN 0 ELSE 1 END, a.Territory2Id) AS preference
    FROM sfdc.UserTerritory2Association a
    JOIN sfdc.Territory2 t ON t.Id = a.Territory2Id
    JOIN salesops.territories active ON active.territory_id = a.Territory2Id
    WHERE a.IsActive = 1
) ranked
WHERE ranked.preference = 1;
GO

-- Standard users who own deals, hold a quota, sit in a territory or manage someone.
CREATE OR ALTER VIEW salesops.reps (rep_id, name, email, manager_id, territory_id, role, hire_date, end_date) AS
SELECT u.Id,
       u.Name,
       u.Email,
       u.ManagerId,
       -- People who left lose their territory assignments: the territory of their latest deal stands in.
       COALESCE(h.territory_id,
                (SELECT TOP (1) o.Territory2Id
                 FROM sfdc.Opportunity o
                 JOIN salesops.territories t ON t.territory_id = o.Territory2Id
                 WHERE o.OwnerId = u.Id AND o.IsDeleted = 0
                 ORDER BY o.CreatedDate DESC, o.Id),
                s.root_territory_id),
       CASE                                                                       -- ADAPT: your role names
           WHEN UPPER(u.Name) LIKE N'TBH%' OR UPPER(u.Name) LIKE N'VACANT%' THEN N'Vacant'
           WHEN UPPER(r.Name) LIKE N'%VP%' OR UPPER(r.Name) LIKE N'%VICE PRESIDENT%' THEN N'VP'
           WHEN UPPER(r.Name) LIKE N'%DIRECTOR%' THEN N'Director'
           WHEN UPPER(r.Name) LIKE N'%SDR%' OR UPPER(r.Name) LIKE N'%BDR%' THEN N'SDR'
           WHEN EXISTS (SELECT 1 FROM sfdc.[User] d WHERE d.ManagerId = u.Id) THEN N'Manager'
           ELSE N'AE'
       END,
       CAST(u.CreatedDate AS date),                                               -- ADAPT: a hire-date field if you have one
       CASE WHEN u.IsActive = 1 THEN NULL ELSE CAST(u.LastModifiedDate AS date) END
FROM sfdc.[User] u
LEFT JOIN sfdc.UserRole r ON r.Id = u.UserRoleId
LEFT JOIN salesops.sf_home_territories h ON h.user_id = u.Id
CROSS JOIN salesops.sf_settings s
WHERE u.UserType = N'Standard'
  AND (h.user_id IS NOT NULL
       OR EXISTS (SELECT 1 FROM sfdc.Opportunity o WHERE o.OwnerId = u.Id AND o.IsDeleted = 0)
       OR EXISTS (SELECT 1 FROM sfdc.[User] d WHERE d.ManagerId = u.Id)
       OR EXISTS (SELECT 1 FROM sfdc.ForecastingQuota q WHERE q.QuotaOwnerId = u.Id));
GO

CREATE OR ALTER VIEW salesops.accounts (account_id, name, segment, industry, country) AS
SELECT a.Id,
       a.Name,
       CASE                                                                       -- ADAPT: usually a custom field (Segment__c)
           WHEN a.NumberOfEmployees >= 1000 THEN N'Enterprise'
           WHEN a.NumberOfEmployees >= 100 THEN N'Mid-Market'
           WHEN a.NumberOfEmployees IS NOT NULL THEN N'SMB'
           ELSE N'Unknown'
       END,
       a.Industry,
       a.BillingCountry
FROM sfdc.Account a
WHERE a.IsDeleted = 0
UNION ALL
SELECT s.no_account_id, CAST(N'(no account)' AS nvarchar(400)), CAST(N'Unknown' AS nvarchar(100)), CAST(NULL AS nvarchar(200)), CAST(NULL AS nvarchar(100))
FROM salesops.sf_settings s;
GO

CREATE OR ALTER VIEW salesops.products (product_id, name, family) AS
SELECT p.Id, p.Name, p.Family
FROM sfdc.Product2 p
WHERE p.IsDeleted = 0;
GO

-- A deal's product: its largest line item (ADAPT: a custom "primary product" field if you have one).
CREATE OR ALTER VIEW salesops.sf_deal_products (opportunity_id, product_id) AS
SELECT ranked.OpportunityId, ranked.Product2Id
FROM (
    SELECT li.OpportunityId, li.Product2Id,
           ROW_NUMBER() OVER (PARTITION BY li.OpportunityId ORDER BY COALESCE(li.TotalPrice, 0) DESC, li.Id) AS size_rank
    FROM sfdc.OpportunityLineItem li
    JOIN sfdc.Product2 p ON p.Id = li.Product2Id AND p.IsDeleted = 0
    WHERE li.IsDeleted = 0
) ranked
WHERE ranked.size_rank = 1;
GO

-- Salesforce forecast category values (API names and labels) to the contract's five. ADAPT: your renamed labels.
CREATE OR ALTER VIEW salesops.sf_forecast_categories (source_value, category) AS
SELECT v.source_value, v.category
FROM (VALUES (N'Omitted', N'Omitted'), (N'Pipeline', N'Pipeline'), (N'BestCase', N'Best Case'), (N'Best Case', N'Best Case'),
             (N'MostLikely', N'Best Case'), (N'Most Likely', N'Best Case'), (N'Forecast', N'Commit'), (N'Commit', N'Commit'),
             (N'Closed', N'Closed')) AS v (source_value, category);
GO

CREATE OR ALTER VIEW salesops.opportunities (opportunity_id, name, account_id, owner_id, territory_id, product_id, type, lead_source,
    created_date, close_date, stage, forecast_category, amount, is_closed, is_won, loss_reason) AS
SELECT o.Id,
       o.Name,
       COALESCE(a.account_id, s.no_account_id),
       o.OwnerId,
       COALESCE(t.territory_id, owner.territory_id, s.root_territory_id),
       dp.product_id,
       CASE                                                                       -- ADAPT: your Type picklist
           WHEN o.Type IN (N'New Customer', N'New Business') THEN N'New Business'
           WHEN o.Type IN (N'Existing Customer - Upgrade', N'Upsell', N'Cross-sell', N'Expansion') THEN N'Expansion'
           WHEN o.Type IN (N'Existing Customer - Replacement', N'Existing Customer - Downgrade', N'Renewal') THEN N'Renewal'
           ELSE COALESCE(o.Type, N'Unspecified')
       END,
       CASE                                                                       -- ADAPT: your LeadSource picklist
           WHEN o.LeadSource IN (N'Web', N'Phone Inquiry', N'Inbound') THEN N'Inbound'
           WHEN o.LeadSource IN (N'Purchased List', N'Outbound', N'Cold Call') THEN N'Outbound'
           WHEN o.LeadSource IN (N'Partner Referral', N'Partner') THEN N'Partner'
           WHEN o.LeadSource IN (N'Trade Show', N'Seminar - Internal', N'Seminar - Partner', N'Event') THEN N'Event'
           ELSE o.LeadSource
       END,
       CAST(o.CreatedDate AS date),
       CAST(o.CloseDate AS date),
       o.StageName,
       CASE
           WHEN o.IsWon = 1 THEN N'Closed'
           WHEN o.IsClosed = 1 THEN N'Omitted'
           WHEN fc.category = N'Closed' THEN N'Commit'
           ELSE COALESCE(fc.category, N'Pipeline')
       END,
       CAST(COALESCE(o.Amount, 0) AS decimal(18, 2)),
       o.IsClosed,
       o.IsWon,
       CAST(NULL AS nvarchar(400))                                                -- ADAPT: Loss_Reason__c if you have it
FROM sfdc.Opportunity o
LEFT JOIN salesops.accounts a ON a.account_id = o.AccountId
LEFT JOIN salesops.territories t ON t.territory_id = o.Territory2Id
LEFT JOIN salesops.reps owner ON owner.rep_id = o.OwnerId
LEFT JOIN salesops.sf_deal_products dp ON dp.opportunity_id = o.Id
LEFT JOIN salesops.sf_forecast_categories fc ON fc.source_value = o.ForecastCategoryName
CROSS JOIN salesops.sf_settings s
WHERE o.IsDeleted = 0;
GO

-- OpportunityHistory as the contract's state rows, plus the deal's current state where the recorded history does
-- not end in it.
CREATE OR ALTER VIEW salesops.opportunity_history (opportunity_id, changed_at, stage, forecast_category, amount, close_date, is_closed, is_won) AS
WITH recorded AS (
    SELECT h.OpportunityId AS opportunity_id,
           CAST(h.CreatedDate AS datetime2) AS changed_at,
           h.StageName AS stage,
           CAST(COALESCE(h.Amount, 0) AS decimal(18, 2)) AS amount,
           CAST(h.CloseDate AS date) AS close_date,
           CAST(COALESCE(CAST(st.IsClosed AS int), CASE WHEN h.Probability IN (0, 100) THEN 1 ELSE 0 END) AS bit) AS is_closed,
           CAST(COALESCE(CAST(st.IsWon AS int), CASE WHEN h.Probability = 100 THEN 1 ELSE 0 END) AS bit) AS is_won,
           fc.category AS mapped_category,
           ROW_NUMBER() OVER (PARTITION BY h.OpportunityId, h.CreatedDate ORDER BY h.Id DESC) AS duplicate_rank
    FROM sfdc.OpportunityHistory h
    JOIN salesops.opportunities o ON o.opportunity_id = h.OpportunityId
    LEFT JOIN sfdc.OpportunityStage st ON st.MasterLabel = h.StageName
    LEFT JOIN salesops.sf_forecast_categories fc ON fc.source_value = h.ForecastCategory
    WHERE h.IsDeleted = 0
),
states AS (
    SELECT r.opportunity_id, r.changed_at, r.stage,
           CASE
               WHEN r.is_won = 1 THEN N'Closed'
               WHEN r.is_closed = 1 THEN N'Omitted'
               WHEN r.mapped_category = N'Closed' THEN N'Commit'
               ELSE COALESCE(r.mapped_category, N'Pipeline')
           END AS forecast_category,
           r.amount, r.close_date, r.is_closed, r.is_won,
           ROW_NUMBER() OVER (PARTITION BY r.opportunity_id ORDER BY r.changed_at DESC) AS recency
    FROM recorded r
    WHERE r.duplicate_rank = 1
),
current_state AS (
    SELECT o.opportunity_id,
           CASE
               WHEN l.opportunity_id IS NULL THEN CAST(so.CreatedDate AS datetime2)
               WHEN CAST(so.LastModifiedDate AS datetime2) > l.changed_at THEN CAST(so.LastModifiedDate AS datetime2)
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
GO

-- ForecastingQuota rows of one forecast type, summed into fiscal quarters; placement as in postgres.sql.
CREATE OR ALTER VIEW salesops.quotas (territory_id, rep_id, period_start, amount) AS
WITH quota_rows AS (
    SELECT q.QuotaOwnerId AS owner_id,
           q.Territory2Id AS quota_territory_id,
           DATEADD(month, -((MONTH(q.StartDate) - s.fiscal_year_start_month + 12) % 3),
                   DATEFROMPARTS(YEAR(q.StartDate), MONTH(q.StartDate), 1)) AS period_start,
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
               WHEN q.quota_territory_id IS NULL AND owner.role IN (N'AE', N'SDR', N'Vacant') THEN owner.rep_id
           END AS rep_id,
           q.period_start,
           q.amount
    FROM quota_rows q
    LEFT JOIN salesops.reps owner ON owner.rep_id = q.owner_id
    WHERE (q.quota_territory_id IS NULL AND owner.rep_id IS NOT NULL)
       OR EXISTS (SELECT 1 FROM salesops.territories t WHERE t.territory_id = q.quota_territory_id)
)
SELECT p.territory_id, p.rep_id, p.period_start, CAST(SUM(p.amount) AS decimal(18, 2))
FROM placed p
GROUP BY p.territory_id, p.rep_id, p.period_start;
GO

-- Fiscal calendar: SalesOpsBot names a fiscal year by the calendar year in which it ends. Set
-- Warehouse:FiscalYearStartMonth (bot) / SALESOPS_FISCAL_YEAR_START_MONTH (CLI) to the same month as sf_settings.

-- Access: rows an admin adds by hand plus rows derived from Salesforce (see postgres.sql and docs/admin.md).
IF OBJECT_ID(N'salesops.user_access_grants') IS NULL
CREATE TABLE salesops.user_access_grants (
    principal    nvarchar(320) NOT NULL,
    role         nvarchar(20)  NOT NULL CHECK (role IN (N'admin', N'leader', N'manager', N'rep')),
    territory_id nvarchar(64)  NULL,
    rep_id       nvarchar(64)  NULL
);
GO

CREATE OR ALTER VIEW salesops.user_access (principal, role, territory_id, rep_id) AS
SELECT LOWER(g.principal), g.role, g.territory_id, g.rep_id
FROM salesops.user_access_grants g
UNION ALL
SELECT LOWER(u.Email), CAST(N'leader' AS nvarchar(20)), t.territory_id, CAST(NULL AS nvarchar(64))
FROM salesops.territories t
JOIN sfdc.Territory2 st ON st.Id = t.territory_id
JOIN sfdc.[User] u ON u.Id = st.ForecastUserId
WHERE u.IsActive = 1
UNION ALL
SELECT LOWER(u.Email), CAST(N'manager' AS nvarchar(20)), CAST(NULL AS nvarchar(64)), r.rep_id
FROM salesops.reps r
JOIN sfdc.[User] u ON u.Id = r.rep_id
WHERE u.IsActive = 1 AND EXISTS (SELECT 1 FROM salesops.reps d WHERE d.manager_id = r.rep_id)
UNION ALL
SELECT LOWER(u.Email), CAST(N'rep' AS nvarchar(20)), CAST(NULL AS nvarchar(64)), r.rep_id
FROM salesops.reps r
JOIN sfdc.[User] u ON u.Id = r.rep_id
WHERE u.IsActive = 1;
GO

-- The bot's login reads the contract and nothing else (run as an administrator; ADAPT the names):
-- CREATE LOGIN salesops_reader WITH PASSWORD = '<from Key Vault>';
-- CREATE USER salesops_reader FOR LOGIN salesops_reader;
-- GRANT SELECT ON SCHEMA::salesops TO salesops_reader;
-- Ownership chaining lets the views read sfdc when both schemas have the same owner (dbo); otherwise also
-- GRANT SELECT ON SCHEMA::sfdc TO salesops_reader.
