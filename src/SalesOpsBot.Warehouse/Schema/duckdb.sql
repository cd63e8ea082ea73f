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
