-- The warehouse contract (docs/warehouse-contract.md) for SQL Server, in schema salesops.
-- Batches are separated by GO lines. Text is nvarchar so that parameters (sent as nvarchar) never force
-- an implicit conversion that would defeat the indexes.
IF SCHEMA_ID(N'salesops') IS NULL EXEC(N'CREATE SCHEMA salesops');
GO

IF OBJECT_ID(N'salesops.territories') IS NULL
CREATE TABLE salesops.territories (
    territory_id nvarchar(64)  NOT NULL PRIMARY KEY,
    name         nvarchar(200) NOT NULL,
    parent_id    nvarchar(64)  NULL,
    level_name   nvarchar(100) NULL
);

IF OBJECT_ID(N'salesops.reps') IS NULL
CREATE TABLE salesops.reps (
    rep_id       nvarchar(64)  NOT NULL PRIMARY KEY,
    name         nvarchar(200) NOT NULL,
    email        nvarchar(320) NOT NULL,
    manager_id   nvarchar(64)  NULL,
    territory_id nvarchar(64)  NOT NULL,
    role         nvarchar(50)  NOT NULL,
    hire_date    date          NOT NULL,
    end_date     date          NULL
);

IF OBJECT_ID(N'salesops.accounts') IS NULL
CREATE TABLE salesops.accounts (
    account_id nvarchar(64)  NOT NULL PRIMARY KEY,
    name       nvarchar(400) NOT NULL,
    segment    nvarchar(100) NOT NULL,
    industry   nvarchar(200) NULL,
    country    nvarchar(100) NULL
);

IF OBJECT_ID(N'salesops.products') IS NULL
CREATE TABLE salesops.products (
    product_id nvarchar(64)  NOT NULL PRIMARY KEY,
    name       nvarchar(200) NOT NULL,
    family     nvarchar(200) NULL
);

IF OBJECT_ID(N'salesops.opportunities') IS NULL
CREATE TABLE salesops.opportunities (
    opportunity_id    nvarchar(64)   NOT NULL PRIMARY KEY,
    name              nvarchar(400)  NOT NULL,
    account_id        nvarchar(64)   NOT NULL,
    owner_id          nvarchar(64)   NOT NULL,
    territory_id      nvarchar(64)   NOT NULL,
    product_id        nvarchar(64)   NULL,
    type              nvarchar(100)  NOT NULL,
    lead_source       nvarchar(100)  NULL,
    created_date      date           NOT NULL,
    close_date        date           NOT NULL,
    stage             nvarchar(100)  NOT NULL,
    forecast_category nvarchar(50)   NOT NULL,
    amount            decimal(18, 2) NOT NULL,
    is_closed         bit            NOT NULL,
    is_won            bit            NOT NULL,
    loss_reason       nvarchar(400)  NULL
);

IF OBJECT_ID(N'salesops.opportunity_history') IS NULL
CREATE TABLE salesops.opportunity_history (
    opportunity_id    nvarchar(64)   NOT NULL,
    changed_at        datetime2      NOT NULL,
    stage             nvarchar(100)  NOT NULL,
    forecast_category nvarchar(50)   NOT NULL,
    amount            decimal(18, 2) NOT NULL,
    close_date        date           NOT NULL,
    is_closed         bit            NOT NULL,
    is_won            bit            NOT NULL,
    CONSTRAINT pk_opportunity_history PRIMARY KEY (opportunity_id, changed_at)
);

IF OBJECT_ID(N'salesops.quotas') IS NULL
CREATE TABLE salesops.quotas (
    territory_id nvarchar(64)   NOT NULL,
    rep_id       nvarchar(64)   NULL,
    period_start date           NOT NULL,
    amount       decimal(18, 2) NOT NULL
);

IF OBJECT_ID(N'salesops.user_access') IS NULL
CREATE TABLE salesops.user_access (
    principal    nvarchar(320) NOT NULL,
    role         nvarchar(20)  NOT NULL,
    territory_id nvarchar(64)  NULL,
    rep_id       nvarchar(64)  NULL
);
GO

IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'opportunities_close_date')
    CREATE INDEX opportunities_close_date ON salesops.opportunities (close_date, territory_id) INCLUDE (amount, is_won, is_closed, owner_id);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'opportunities_created_date')
    CREATE INDEX opportunities_created_date ON salesops.opportunities (created_date, territory_id) INCLUDE (amount);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'opportunities_owner')
    CREATE INDEX opportunities_owner ON salesops.opportunities (owner_id);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'quotas_period')
    CREATE INDEX quotas_period ON salesops.quotas (period_start, territory_id);
GO
