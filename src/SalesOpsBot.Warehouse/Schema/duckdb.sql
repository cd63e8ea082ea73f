-- The warehouse contract (docs/warehouse-contract.md) for the embedded DuckDB warehouse: plain tables.
-- Keys are declared on the dimension tables; the two large tables rely on seed/import validation for
-- uniqueness, because index maintenance would double bulk-load time without helping analytic scans.
CREATE TABLE IF NOT EXISTS territories (
    territory_id VARCHAR PRIMARY KEY,
    name         VARCHAR NOT NULL,
    parent_id    VARCHAR,
    level_name   VARCHAR
);

CREATE TABLE IF NOT EXISTS reps (
    rep_id       VARCHAR PRIMARY KEY,
    name         VARCHAR NOT NULL,
    email        VARCHAR NOT NULL,
    manager_id   VARCHAR,
    territory_id VARCHAR NOT NULL,
    role         VARCHAR NOT NULL,
    hire_date    DATE NOT NULL,
    end_date     DATE
);

CREATE TABLE IF NOT EXISTS accounts (
    account_id VARCHAR PRIMARY KEY,
    name       VARCHAR NOT NULL,
    segment    VARCHAR NOT NULL,
    industry   VARCHAR,
    country    VARCHAR
);

CREATE TABLE IF NOT EXISTS products (
    product_id VARCHAR PRIMARY KEY,
    name       VARCHAR NOT NULL,
    family     VARCHAR
);

CREATE TABLE IF NOT EXISTS opportunities (
    opportunity_id    VARCHAR NOT NULL,
    name              VARCHAR NOT NULL,
    account_id        VARCHAR NOT NULL,
    owner_id          VARCHAR NOT NULL,
    territory_id      VARCHAR NOT NULL,
    product_id        VARCHAR,
    type              VARCHAR NOT NULL,
    lead_source       VARCHAR,
    created_date      DATE NOT NULL,
    close_date        DATE NOT NULL,
    stage             VARCHAR NOT NULL,
    forecast_category VARCHAR NOT NULL,
    amount            DECIMAL(18, 2) NOT NULL,
    is_closed         BOOLEAN NOT NULL,
    is_won            BOOLEAN NOT NULL,
    loss_reason       VARCHAR
);

CREATE TABLE IF NOT EXISTS opportunity_history (
    opportunity_id    VARCHAR NOT NULL,
    changed_at        TIMESTAMP NOT NULL,
    stage             VARCHAR NOT NULL,
    forecast_category VARCHAR NOT NULL,
    amount            DECIMAL(18, 2) NOT NULL,
    close_date        DATE NOT NULL,
    is_closed         BOOLEAN NOT NULL,
    is_won            BOOLEAN NOT NULL
);

CREATE TABLE IF NOT EXISTS quotas (
    territory_id VARCHAR NOT NULL,
    rep_id       VARCHAR,
    period_start DATE NOT NULL,
    amount       DECIMAL(18, 2) NOT NULL
);

CREATE TABLE IF NOT EXISTS user_access (
    principal    VARCHAR NOT NULL,
    role         VARCHAR NOT NULL,
    territory_id VARCHAR,
    rep_id       VARCHAR
);

-- Derived tables (docs/benchmarks/performance.md, "Deal spans"): not part of the contract, owned by salesops and rebuilt
-- from the contract tables after every seed and import commits (Derived/DealSpans.cs). Statements with a
-- `.spans.sql` form read them instead of window-sorting the history while `derived_state` matches the contract
-- tables; otherwise the portable statements run, so a file written by other tools is never answered from stale copies.
CREATE TABLE IF NOT EXISTS deal_cells (
    cell_key     INTEGER NOT NULL,
    territory_id VARCHAR NOT NULL,
    segment      VARCHAR NOT NULL,
    product_id   VARCHAR NOT NULL,
    type         VARCHAR NOT NULL,
    lead_source  VARCHAR NOT NULL,
    owner_id     VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS deal_spans (
    deal_key          BIGINT NOT NULL,
    opportunity_id    VARCHAR NOT NULL,
    cell_key          INTEGER NOT NULL,
    territory_id      VARCHAR NOT NULL,
    segment           VARCHAR NOT NULL,
    product_id        VARCHAR NOT NULL,
    type              VARCHAR NOT NULL,
    lead_source       VARCHAR NOT NULL,
    owner_id          VARCHAR NOT NULL,
    deal_created_date DATE NOT NULL,
    deal_close_date   DATE NOT NULL,
    won_cycle_days    INTEGER NOT NULL,
    first_amount      DECIMAL(18, 2) NOT NULL,
    is_first          INTEGER NOT NULL,
    valid_from        TIMESTAMP NOT NULL,
    valid_to          TIMESTAMP NOT NULL,
    stage             VARCHAR NOT NULL,
    forecast_category VARCHAR NOT NULL,
    amount            DECIMAL(18, 2) NOT NULL,
    close_date        DATE NOT NULL,
    is_closed         INTEGER NOT NULL,
    is_won            INTEGER NOT NULL,
    push_count        INTEGER NOT NULL,
    stage_since       TIMESTAMP NOT NULL,
    max_amount        DECIMAL(18, 2) NOT NULL
);

CREATE TABLE IF NOT EXISTS deal_names (
    deal_key       BIGINT NOT NULL,
    opportunity_id VARCHAR NOT NULL,
    name           VARCHAR NOT NULL,
    account_id     VARCHAR NOT NULL,
    loss_reason    VARCHAR
);

-- The additive measures of every whole fiscal quarter of the data per leaf cell, as PeriodMeasuresByCell computes
-- them for a quarter seen after its end (which no later as-of date changes), for the fiscal calendar of the load.
CREATE TABLE IF NOT EXISTS quarter_cells (
    period_start         DATE NOT NULL,
    period_end           DATE NOT NULL,
    cell_key             INTEGER NOT NULL,
    won_count            BIGINT NOT NULL,
    won_amount           DECIMAL(38, 2) NOT NULL,
    lost_count           BIGINT NOT NULL,
    lost_amount          DECIMAL(38, 2) NOT NULL,
    won_cycle_days       DOUBLE NOT NULL,
    created_count        BIGINT NOT NULL,
    created_amount       DECIMAL(38, 2) NOT NULL,
    created_closed_count BIGINT NOT NULL,
    due_at_start_count   BIGINT NOT NULL,
    due_at_start_amount  DECIMAL(38, 2) NOT NULL,
    slipped_count        BIGINT NOT NULL,
    slipped_amount       DECIMAL(38, 2) NOT NULL,
    pulled_in_count      BIGINT NOT NULL,
    pulled_in_amount     DECIMAL(38, 2) NOT NULL,
    open_count           BIGINT NOT NULL,
    open_amount          DECIMAL(38, 2) NOT NULL
);

CREATE TABLE IF NOT EXISTS derived_state (
    opportunity_rows BIGINT NOT NULL,
    opportunity_hash BIGINT NOT NULL,
    account_rows     BIGINT NOT NULL,
    account_hash     BIGINT NOT NULL,
    history_rows     BIGINT NOT NULL,
    history_hash     BIGINT NOT NULL
);
