-- The warehouse contract (docs/warehouse-contract.md) for PostgreSQL, in schema salesops.
-- Indexes follow the questions: deals by close date and created date within a scope, history per deal in time order.
CREATE SCHEMA IF NOT EXISTS salesops;

CREATE TABLE IF NOT EXISTS salesops.territories (
    territory_id text PRIMARY KEY,
    name         text NOT NULL,
    parent_id    text,
    level_name   text
);

CREATE TABLE IF NOT EXISTS salesops.reps (
    rep_id       text PRIMARY KEY,
    name         text NOT NULL,
    email        text NOT NULL,
    manager_id   text,
    territory_id text NOT NULL,
    role         text NOT NULL,
    hire_date    date NOT NULL,
    end_date     date
);

CREATE TABLE IF NOT EXISTS salesops.accounts (
    account_id text PRIMARY KEY,
    name       text NOT NULL,
    segment    text NOT NULL,
    industry   text,
    country    text
);

CREATE TABLE IF NOT EXISTS salesops.products (
    product_id text PRIMARY KEY,
    name       text NOT NULL,
    family     text
);

CREATE TABLE IF NOT EXISTS salesops.opportunities (
    opportunity_id    text PRIMARY KEY,
    name              text NOT NULL,
    account_id        text NOT NULL,
    owner_id          text NOT NULL,
    territory_id      text NOT NULL,
    product_id        text,
    type              text NOT NULL,
    lead_source       text,
    created_date      date NOT NULL,
    close_date        date NOT NULL,
    stage             text NOT NULL,
    forecast_category text NOT NULL,
    amount            numeric(18, 2) NOT NULL,
    is_closed         boolean NOT NULL,
    is_won            boolean NOT NULL,
    loss_reason       text
);

CREATE INDEX IF NOT EXISTS opportunities_close_date ON salesops.opportunities (close_date, territory_id);
CREATE INDEX IF NOT EXISTS opportunities_created_date ON salesops.opportunities (created_date, territory_id);
CREATE INDEX IF NOT EXISTS opportunities_owner ON salesops.opportunities (owner_id);

CREATE TABLE IF NOT EXISTS salesops.opportunity_history (
    opportunity_id    text NOT NULL,
    changed_at        timestamp NOT NULL,
    stage             text NOT NULL,
    forecast_category text NOT NULL,
    amount            numeric(18, 2) NOT NULL,
    close_date        date NOT NULL,
    is_closed         boolean NOT NULL,
    is_won            boolean NOT NULL,
    PRIMARY KEY (opportunity_id, changed_at)
);

CREATE TABLE IF NOT EXISTS salesops.quotas (
    territory_id text NOT NULL,
    rep_id       text,
    period_start date NOT NULL,
    amount       numeric(18, 2) NOT NULL
);

CREATE INDEX IF NOT EXISTS quotas_period ON salesops.quotas (period_start, territory_id);

CREATE TABLE IF NOT EXISTS salesops.user_access (
    principal    text NOT NULL,
    role         text NOT NULL,
    territory_id text,
    rep_id       text
);
