-- SalesOpsBot: PostgreSQL row-level security over the warehouse contract (schema salesops), defence in depth.
--
-- The application already applies the caller's scope in every statement (docs/security.md). This script makes the
-- database apply it a second time, from the same user_access rules, for the read-only role the bot connects as:
-- with Warehouse:SetSessionPrincipal=true the bot runs  SELECT set_config('salesops.principal', '<identities>', false)
-- on every connection it opens (identities lower-cased, comma-separated), and the policies below show a reader only
-- the deals, history and quotas those identities may see. No setting (or an empty one) shows no sales rows at all.
--
-- Install as the owner of schema salesops (the owner, like any BYPASSRLS role, is not filtered, so loads and imports
-- keep working; any other role that must write needs BYPASSRLS):
--   psql "$ADMIN_URL" -f infra/sql/postgres/row-level-security.sql
--   psql "$ADMIN_URL" -c "CREATE ROLE salesops_bot LOGIN PASSWORD '...' IN ROLE salesops_reader"
-- then connect the bot as salesops_bot. Re-running the script is safe.
--
-- Rules follow the contract: admin sees everything; leader the subtree of their territory; manager everyone below
-- them in reps.manager_id; rep their own deals; several rules add up. Territories, reps and products stay readable:
-- the rules are expanded over them, and the router needs the names (the application scopes the names it offers).

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'salesops_reader') THEN
        CREATE ROLE salesops_reader NOLOGIN;
    END IF;
END
$$;

GRANT USAGE ON SCHEMA salesops TO salesops_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA salesops TO salesops_reader;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA salesops FROM salesops_reader;

-- The caller's identities from the session setting; missing or empty gives an empty list.
CREATE OR REPLACE FUNCTION salesops.rls_principals() RETURNS text[]
LANGUAGE sql STABLE
AS $$
    SELECT COALESCE(string_to_array(NULLIF(current_setting('salesops.principal', true), ''), ','), ARRAY[]::text[])
$$;

CREATE OR REPLACE FUNCTION salesops.rls_is_admin() RETURNS boolean
LANGUAGE sql STABLE
AS $$
    SELECT EXISTS (
        SELECT 1 FROM salesops.user_access u
        WHERE LOWER(u.principal) = ANY (salesops.rls_principals()) AND LOWER(u.role) = 'admin')
$$;

-- Territories led by the caller, with everything below them (UNION, not UNION ALL: a cycle in bad data ends the walk).
CREATE OR REPLACE FUNCTION salesops.rls_territories() RETURNS SETOF text
LANGUAGE sql STABLE
AS $$
    WITH RECURSIVE visible(territory_id) AS (
        SELECT t.territory_id
        FROM salesops.user_access u
        JOIN salesops.territories t ON t.territory_id = u.territory_id
        WHERE LOWER(u.principal) = ANY (salesops.rls_principals()) AND LOWER(u.role) = 'leader'
        UNION
        SELECT t.territory_id
        FROM salesops.territories t
        JOIN visible v ON t.parent_id = v.territory_id
    )
    SELECT territory_id FROM visible
$$;

-- Reps whose deals the caller may read: a manager's whole reporting line, a rep's own id.
CREATE OR REPLACE FUNCTION salesops.rls_reps() RETURNS SETOF text
LANGUAGE sql STABLE
AS $$
    WITH RECURSIVE line(rep_id) AS (
        SELECT r.rep_id
        FROM salesops.user_access u
        JOIN salesops.reps r ON r.rep_id = u.rep_id
        WHERE LOWER(u.principal) = ANY (salesops.rls_principals()) AND LOWER(u.role) = 'manager'
        UNION
        SELECT r.rep_id
        FROM salesops.reps r
        JOIN line l ON r.manager_id = l.rep_id
    )
    SELECT rep_id FROM line
    UNION
    SELECT u.rep_id
    FROM salesops.user_access u
    WHERE LOWER(u.principal) = ANY (salesops.rls_principals()) AND LOWER(u.role) = 'rep' AND u.rep_id IS NOT NULL
$$;

GRANT EXECUTE ON FUNCTION salesops.rls_principals(), salesops.rls_is_admin(), salesops.rls_territories(), salesops.rls_reps() TO salesops_reader;

-- Deals: credited territory in the caller's subtrees, or owner in their lines. The sub-selects run once per query.
ALTER TABLE salesops.opportunities ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS salesops_scope ON salesops.opportunities;
CREATE POLICY salesops_scope ON salesops.opportunities FOR SELECT TO salesops_reader
    USING ((SELECT salesops.rls_is_admin())
        OR territory_id IN (SELECT salesops.rls_territories())
        OR owner_id IN (SELECT salesops.rls_reps()));

-- History: visible when its deal is (the sub-select is itself filtered by the policy above).
ALTER TABLE salesops.opportunity_history ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS salesops_scope ON salesops.opportunity_history;
CREATE POLICY salesops_scope ON salesops.opportunity_history FOR SELECT TO salesops_reader
    USING (EXISTS (SELECT 1 FROM salesops.opportunities o WHERE o.opportunity_id = opportunity_history.opportunity_id));

-- Quotas: a territory's own rows for territories in scope, rep rows for reps in scope (as Analysis/QuotaFacts.sql).
ALTER TABLE salesops.quotas ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS salesops_scope ON salesops.quotas;
CREATE POLICY salesops_scope ON salesops.quotas FOR SELECT TO salesops_reader
    USING ((SELECT salesops.rls_is_admin())
        OR territory_id IN (SELECT salesops.rls_territories())
        OR rep_id IN (SELECT salesops.rls_reps()));

-- Accounts: those with a deal the caller may read.
ALTER TABLE salesops.accounts ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS salesops_scope ON salesops.accounts;
CREATE POLICY salesops_scope ON salesops.accounts FOR SELECT TO salesops_reader
    USING ((SELECT salesops.rls_is_admin())
        OR EXISTS (SELECT 1 FROM salesops.opportunities o WHERE o.account_id = accounts.account_id));
