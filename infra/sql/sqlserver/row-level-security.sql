-- SalesOpsBot: SQL Server row-level security over the warehouse contract (schema salesops), defence in depth.
--
-- The application already applies the caller's scope in every statement (docs/security.md). This script makes the
-- database apply it a second time, from the same user_access rules: with Warehouse:SetSessionPrincipal=true the bot
-- runs  EXEC sp_set_session_context @key = N'salesops_principal', @value = @p, @read_only = 1  on every connection it
-- opens (identities lower-cased, comma-separated; read-only, so nothing later on that connection can change it), and
-- the filter predicates below show the read-only user only the deals, history, quotas and accounts those identities
-- may see. No session value shows no sales rows at all. Members of db_owner (the loader) are not filtered.
--
-- Install with sqlcmd as a database owner, after the contract schema (src/SalesOpsBot.Warehouse/Schema/sqlserver.sql):
--   sqlcmd -S SERVER -d DATABASE -i infra/sql/sqlserver/row-level-security.sql
-- then map the bot's login to a user in role salesops_reader, e.g.
--   CREATE USER salesops_bot FOR LOGIN salesops_bot; ALTER ROLE salesops_reader ADD MEMBER salesops_bot;
-- Only a security administrator should hold ALTER ANY SECURITY POLICY. A cycle in territories.parent_id or
-- reps.manager_id makes the recursive predicate fail the query (it fails closed); the doctor reports such data.

IF SCHEMA_ID(N'salesops_security') IS NULL
    EXEC (N'CREATE SCHEMA salesops_security AUTHORIZATION dbo');
GO

IF DATABASE_PRINCIPAL_ID(N'salesops_reader') IS NULL
    CREATE ROLE salesops_reader;
GO

GRANT SELECT ON SCHEMA::salesops TO salesops_reader;
DENY INSERT, UPDATE, DELETE, ALTER ON SCHEMA::salesops TO salesops_reader;
GO

IF EXISTS (SELECT 1 FROM sys.security_policies WHERE name = N'salesops_scope' AND schema_id = SCHEMA_ID(N'salesops_security'))
    DROP SECURITY POLICY salesops_security.salesops_scope;
GO

-- Whether the caller (the session's principals) may read a deal credited to @territory_id and owned by @owner_id.
CREATE OR ALTER FUNCTION salesops_security.deal_visible(@territory_id nvarchar(64), @owner_id nvarchar(64))
RETURNS TABLE
WITH SCHEMABINDING
AS
RETURN
    WITH principals AS (
        SELECT LTRIM(RTRIM(s.value)) AS principal
        FROM STRING_SPLIT(CAST(SESSION_CONTEXT(N'salesops_principal') AS nvarchar(4000)), N',') AS s
        WHERE LEN(LTRIM(RTRIM(s.value))) > 0
    ),
    rules AS (
        SELECT LOWER(u.role) AS role, u.territory_id, u.rep_id
        FROM salesops.user_access AS u
        JOIN principals AS p ON LOWER(u.principal) = p.principal
    ),
    territories_visible AS (
        SELECT t.territory_id
        FROM salesops.territories AS t
        JOIN rules AS r ON r.role = N'leader' AND r.territory_id = t.territory_id
        UNION ALL
        SELECT t.territory_id
        FROM salesops.territories AS t
        JOIN territories_visible AS v ON t.parent_id = v.territory_id
    ),
    line AS (
        SELECT e.rep_id
        FROM salesops.reps AS e
        JOIN rules AS r ON r.role = N'manager' AND r.rep_id = e.rep_id
        UNION ALL
        SELECT e.rep_id
        FROM salesops.reps AS e
        JOIN line AS l ON e.manager_id = l.rep_id
    )
    SELECT 1 AS visible
    WHERE IS_MEMBER(N'db_owner') = 1
       OR EXISTS (SELECT 1 FROM rules AS r WHERE r.role = N'admin')
       OR EXISTS (SELECT 1 FROM territories_visible AS v WHERE v.territory_id = @territory_id)
       OR EXISTS (SELECT 1 FROM line AS l WHERE l.rep_id = @owner_id)
       OR EXISTS (SELECT 1 FROM rules AS r WHERE r.role = N'rep' AND r.rep_id = @owner_id);
GO

-- History rows follow their deal.
CREATE OR ALTER FUNCTION salesops_security.history_visible(@opportunity_id nvarchar(64))
RETURNS TABLE
WITH SCHEMABINDING
AS
RETURN
    SELECT 1 AS visible
    FROM salesops.opportunities AS o
    CROSS APPLY salesops_security.deal_visible(o.territory_id, o.owner_id) AS d
    WHERE o.opportunity_id = @opportunity_id;
GO

-- Accounts with at least one deal the caller may read.
CREATE OR ALTER FUNCTION salesops_security.account_visible(@account_id nvarchar(64))
RETURNS TABLE
WITH SCHEMABINDING
AS
RETURN
    SELECT TOP (1) 1 AS visible
    FROM salesops.opportunities AS o
    CROSS APPLY salesops_security.deal_visible(o.territory_id, o.owner_id) AS d
    WHERE o.account_id = @account_id;
GO

-- Quotas: a territory's own rows for territories in scope, rep rows for reps in scope (as Analysis/QuotaFacts.sql).
CREATE OR ALTER FUNCTION salesops_security.quota_visible(@territory_id nvarchar(64), @rep_id nvarchar(64))
RETURNS TABLE
WITH SCHEMABINDING
AS
RETURN
    SELECT 1 AS visible
    FROM salesops_security.deal_visible(@territory_id, ISNULL(@rep_id, N'')) AS d;
GO

CREATE SECURITY POLICY salesops_security.salesops_scope
    ADD FILTER PREDICATE salesops_security.deal_visible(territory_id, owner_id) ON salesops.opportunities,
    ADD FILTER PREDICATE salesops_security.history_visible(opportunity_id) ON salesops.opportunity_history,
    ADD FILTER PREDICATE salesops_security.quota_visible(territory_id, rep_id) ON salesops.quotas,
    ADD FILTER PREDICATE salesops_security.account_visible(account_id) ON salesops.accounts
    WITH (STATE = ON, SCHEMABINDING = ON);
GO
