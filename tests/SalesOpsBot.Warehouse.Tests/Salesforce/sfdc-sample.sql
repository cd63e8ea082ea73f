-- A small Salesforce org replicated into schema sfdc (API field names, unquoted so PostgreSQL folds them to lower
-- case, datetimes as timestamptz). Fiscal years start in February: FY2027 Q1 = Feb-Apr 2026, Q2 = May-Jul 2026,
-- Q3 = Aug-Oct 2026. The hand-checked figures are in SalesforceViewsTests.
CREATE SCHEMA sfdc;

CREATE TABLE sfdc.Territory2Model (Id varchar(18) PRIMARY KEY, Name varchar(80), State varchar(40));
CREATE TABLE sfdc.Territory2Type (Id varchar(18) PRIMARY KEY, MasterLabel varchar(80), DeveloperName varchar(80), Priority int);
CREATE TABLE sfdc.Territory2 (Id varchar(18) PRIMARY KEY, Name varchar(80), DeveloperName varchar(80), ParentTerritory2Id varchar(18),
    Territory2ModelId varchar(18), Territory2TypeId varchar(18), ForecastUserId varchar(18), LastModifiedDate timestamptz);
CREATE TABLE sfdc.UserRole (Id varchar(18) PRIMARY KEY, Name varchar(80), ParentRoleId varchar(18));
CREATE TABLE sfdc."user" (Id varchar(18) PRIMARY KEY, Name varchar(121), Email varchar(128), ManagerId varchar(18), UserRoleId varchar(18),
    IsActive boolean, UserType varchar(40), CreatedDate timestamptz, LastModifiedDate timestamptz);
CREATE TABLE sfdc.UserTerritory2Association (Id varchar(18) PRIMARY KEY, UserId varchar(18), Territory2Id varchar(18),
    RoleInTerritory2 varchar(255), IsActive boolean);
CREATE TABLE sfdc.Account (Id varchar(18) PRIMARY KEY, Name varchar(255), Industry varchar(255), BillingCountry varchar(80),
    NumberOfEmployees int, IsDeleted boolean);
CREATE TABLE sfdc.Product2 (Id varchar(18) PRIMARY KEY, Name varchar(255), Family varchar(255), IsActive boolean, IsDeleted boolean);
CREATE TABLE sfdc.OpportunityStage (Id varchar(18) PRIMARY KEY, MasterLabel varchar(255), ApiName varchar(255), IsActive boolean,
    IsClosed boolean, IsWon boolean, ForecastCategory varchar(40), ForecastCategoryName varchar(255), DefaultProbability numeric(3, 0), SortOrder int);
CREATE TABLE sfdc.Opportunity (Id varchar(18) PRIMARY KEY, Name varchar(120), AccountId varchar(18), OwnerId varchar(18),
    Amount numeric(18, 2), CloseDate date, StageName varchar(255), Probability numeric(3, 0), ForecastCategory varchar(40),
    ForecastCategoryName varchar(255), IsClosed boolean, IsWon boolean, Type varchar(255), LeadSource varchar(255),
    CreatedDate timestamptz, LastModifiedDate timestamptz, Pricebook2Id varchar(18), Territory2Id varchar(18), IsDeleted boolean);
CREATE TABLE sfdc.OpportunityHistory (Id varchar(18) PRIMARY KEY, OpportunityId varchar(18), CreatedDate timestamptz,
    StageName varchar(255), Amount numeric(18, 2), CloseDate date, ForecastCategory varchar(40), Probability numeric(3, 0),
    IsDeleted boolean);
CREATE TABLE sfdc.OpportunityLineItem (Id varchar(18) PRIMARY KEY, OpportunityId varchar(18), Product2Id varchar(18),
    Quantity numeric(12, 2), UnitPrice numeric(18, 2), TotalPrice numeric(18, 2), IsDeleted boolean);
CREATE TABLE sfdc.ForecastingType (Id varchar(18) PRIMARY KEY, DeveloperName varchar(80), MasterLabel varchar(80),
    IsAmount boolean, IsQuantity boolean, RoleType varchar(1));
CREATE TABLE sfdc.ForecastingQuota (Id varchar(18) PRIMARY KEY, QuotaOwnerId varchar(18), StartDate date, QuotaAmount numeric(18, 2),
    QuotaQuantity numeric(18, 2), ForecastingTypeId varchar(18), Territory2Id varchar(18), ProductFamily varchar(255), IsAmount boolean);

INSERT INTO sfdc.Territory2Model VALUES ('0MA_FY27', 'FY27 model', 'Active'), ('0MA_FY26', 'FY26 model', 'Archived');
INSERT INTO sfdc.Territory2Type VALUES ('0M5_REGION', 'Region', 'Region', 1), ('0M5_SUB', 'Sub-region', 'Sub_region', 2),
    ('0M5_TERR', 'Territory', 'Territory', 3);
INSERT INTO sfdc.Territory2 VALUES
    ('0MI_EMEA', 'EMEA', 'EMEA', NULL, '0MA_FY27', '0M5_REGION', '005_VERA', '2026-01-10 09:00+00'),
    ('0MI_DACH', 'DACH', 'DACH', '0MI_EMEA', '0MA_FY27', '0M5_SUB', '005_LENA', '2026-01-10 09:00+00'),
    ('0MI_UKI', 'UK&I', 'UKI', '0MI_EMEA', '0MA_FY27', '0M5_SUB', '005_ALEX', '2026-01-10 09:00+00'),
    ('0MI_NA', 'North America', 'NA', NULL, '0MA_FY27', '0M5_REGION', '005_NATE', '2026-01-10 09:00+00'),
    ('0MI_US', 'United States', 'US', '0MI_NA', '0MA_FY27', '0M5_TERR', '005_SAM', '2026-01-10 09:00+00'),
    ('0MI_OLD', 'EMEA (FY26)', 'EMEA_FY26', NULL, '0MA_FY26', '0M5_REGION', '005_VERA', '2025-01-10 09:00+00');
INSERT INTO sfdc.UserRole VALUES ('00E_CEO', 'CEO', NULL), ('00E_VPEMEA', 'VP Sales EMEA', '00E_CEO'),
    ('00E_MGREMEA', 'Sales Manager EMEA', '00E_VPEMEA'), ('00E_AEEMEA', 'Account Executive EMEA', '00E_MGREMEA'),
    ('00E_DIRNA', 'Sales Director NA', '00E_CEO'), ('00E_AENA', 'Account Executive NA', '00E_DIRNA');
INSERT INTO sfdc."user" VALUES
    ('005_VERA', 'Vera Lind', 'Vera.Lind@example.com', NULL, '00E_VPEMEA', true, 'Standard', '2023-03-01 08:00+00', '2026-01-05 08:00+00'),
    ('005_MARA', 'Mara Stein', 'mara.stein@example.com', '005_VERA', '00E_MGREMEA', true, 'Standard', '2024-01-08 08:00+00', '2026-01-05 08:00+00'),
    ('005_LENA', 'Lena Vogel', 'lena.vogel@example.com', '005_MARA', '00E_AEEMEA', true, 'Standard', '2024-01-08 08:00+00', '2026-01-05 08:00+00'),
    ('005_ALEX', 'Alex Morgan', 'alex.morgan@example.com', '005_MARA', '00E_AEEMEA', true, 'Standard', '2024-04-02 08:00+00', '2026-01-05 08:00+00'),
    ('005_OLIVER', 'Oliver Brandt', 'oliver.brandt@example.com', '005_MARA', '00E_AEEMEA', false, 'Standard', '2024-06-03 08:00+00', '2026-03-31 17:00+00'),
    ('005_NATE', 'Nate Brooks', 'nate.brooks@example.com', NULL, '00E_DIRNA', true, 'Standard', '2023-09-01 08:00+00', '2026-01-05 08:00+00'),
    ('005_SAM', 'Sam Ortiz', 'sam.ortiz@example.com', '005_NATE', '00E_AENA', true, 'Standard', '2024-02-05 08:00+00', '2026-01-05 08:00+00'),
    ('005_INTEG', 'Integration User', 'integration@example.com', NULL, NULL, true, 'Standard', '2022-01-01 08:00+00', '2026-01-05 08:00+00'),
    ('005_PARTNER', 'Pat Partner', 'pat@partner.example.com', NULL, NULL, true, 'PowerPartner', '2025-01-01 08:00+00', '2026-01-05 08:00+00');
INSERT INTO sfdc.UserTerritory2Association VALUES
    ('0R0_1', '005_VERA', '0MI_EMEA', 'Owner', true), ('0R0_2', '005_MARA', '0MI_DACH', 'Owner', true),
    ('0R0_3', '005_LENA', '0MI_DACH', 'Sales Rep', true), ('0R0_4', '005_ALEX', '0MI_UKI', 'Sales Rep', true),
    ('0R0_5', '005_NATE', '0MI_NA', 'Owner', true), ('0R0_6', '005_SAM', '0MI_US', 'Sales Rep', true),
    ('0R0_7', '005_VERA', '0MI_OLD', 'Owner', true), ('0R0_8', '005_OLIVER', '0MI_DACH', 'Sales Rep', false);
INSERT INTO sfdc.Account VALUES
    ('001_BERG', 'Bergmann Logistik', 'Transportation', 'Germany', 5000, false),
    ('001_KESS', 'Kessler Maschinenbau', 'Manufacturing', 'Austria', 800, false),
    ('001_HARB', 'Harbour Foods', 'Food & Beverage', 'United Kingdom', 60, false),
    ('001_THAM', 'Thames Data', 'Technology', 'United Kingdom', NULL, false),
    ('001_PRAI', 'Prairie Health', 'Healthcare', 'United States', 2500, false),
    ('001_LAKE', 'Lakeside Retail', 'Retail', 'United States', 300, false),
    ('001_GONE', 'Deleted Account', 'Retail', 'Germany', 10, true);
INSERT INTO sfdc.Product2 VALUES ('01t_CORE', 'Core Platform', 'Platform', true, false),
    ('01t_ANLY', 'Analytics', 'Add-on', true, false), ('01t_SUPP', 'Premium Support', 'Services', true, false);
INSERT INTO sfdc.OpportunityStage VALUES
    ('01J_1', 'Prospecting', 'Prospecting', true, false, false, 'Pipeline', 'Pipeline', 10, 1),
    ('01J_2', 'Qualification', 'Qualification', true, false, false, 'Pipeline', 'Pipeline', 20, 2),
    ('01J_3', 'Proposal/Price Quote', 'Proposal/Price Quote', true, false, false, 'BestCase', 'Best Case', 75, 3),
    ('01J_4', 'Negotiation/Review', 'Negotiation/Review', true, false, false, 'Forecast', 'Commit', 90, 4),
    ('01J_5', 'Closed Won', 'Closed Won', true, true, true, 'Closed', 'Closed', 100, 5),
    ('01J_6', 'Closed Lost', 'Closed Lost', true, true, false, 'Omitted', 'Omitted', 0, 6);

-- Deals: current state (the last history row, except D12 which has no history and D08 which is deleted).
INSERT INTO sfdc.Opportunity VALUES
    ('006_D01', 'Bergmann platform', '001_BERG', '005_LENA', 120000, '2026-06-25', 'Closed Won', 100, 'Closed', 'Closed', true, true, 'New Customer', 'Web', '2026-02-10 09:00+00', '2026-06-25 15:00+00', '01s_STD', '0MI_DACH', false),
    ('006_D02', 'Bergmann analytics', '001_BERG', '005_LENA', 50000, '2026-07-10', 'Closed Lost', 0, 'Omitted', 'Omitted', true, false, 'Existing Customer - Upgrade', 'Web', '2026-03-01 09:00+00', '2026-07-10 11:00+00', '01s_STD', '0MI_DACH', false),
    ('006_D03', 'Kessler expansion', '001_KESS', '005_LENA', 80000, '2026-09-15', 'Negotiation/Review', 90, 'Forecast', 'Commit', false, false, 'Existing Customer - Upgrade', 'Partner Referral', '2026-04-05 09:00+00', '2026-07-28 12:00+00', '01s_STD', '0MI_DACH', false),
    ('006_D04', 'Kessler renewal', '001_KESS', '005_LENA', 30000, '2026-07-30', 'Closed Won', 100, 'Closed', 'Closed', true, true, 'Existing Customer - Replacement', NULL, '2026-05-03 09:00+00', '2026-07-30 16:00+00', '01s_STD', '0MI_DACH', false),
    ('006_D05', 'Bergmann security', '001_BERG', '005_LENA', 45000, '2026-10-20', 'Prospecting', 10, 'Pipeline', 'Pipeline', false, false, 'Existing Customer - Upgrade', 'Web', '2026-07-01 09:00+00', '2026-07-01 09:00+00', '01s_STD', '0MI_DACH', false),
    ('006_D06', 'Kessler pilot', '001_KESS', '005_OLIVER', 25000, '2026-03-18', 'Closed Lost', 0, 'Omitted', 'Omitted', true, false, 'New Customer', 'Trade Show', '2026-01-15 09:00+00', '2026-03-18 10:00+00', '01s_STD', '0MI_DACH', false),
    ('006_D07', 'Bergmann services', '001_BERG', '005_LENA', 70000, '2026-06-14', 'Closed Won', 100, 'Closed', 'Closed', true, true, 'Existing Customer - Upgrade', 'Phone Inquiry', '2026-03-10 09:00+00', '2026-06-14 17:00+00', '01s_STD', '0MI_DACH', false),
    ('006_D08', 'Bergmann duplicate', '001_BERG', '005_LENA', 999000, '2026-06-01', 'Closed Won', 100, 'Closed', 'Closed', true, true, 'New Customer', 'Web', '2026-05-01 09:00+00', '2026-05-02 10:00+00', '01s_STD', '0MI_DACH', true),
    ('006_D09', 'Kessler add-on', '001_KESS', '005_LENA', NULL, '2026-09-30', 'Prospecting', 10, 'Pipeline', 'Pipeline', false, false, 'Existing Customer - Upgrade', 'Web', '2026-07-20 09:00+00', '2026-07-20 09:00+00', '01s_STD', '0MI_DACH', false),
    ('006_D10', 'Harbour renewal', '001_HARB', '005_ALEX', 90000, '2026-05-29', 'Closed Won', 100, 'Closed', 'Closed', true, true, 'Existing Customer - Replacement', NULL, '2026-02-01 09:00+00', '2026-05-29 14:00+00', '01s_STD', '0MI_UKI', false),
    ('006_D11', 'Harbour platform', '001_HARB', '005_ALEX', 150000, '2026-08-20', 'Negotiation/Review', 90, 'Forecast', 'Commit', false, false, 'Existing Customer - Upgrade', 'Web', '2026-03-01 09:00+00', '2026-07-25 10:00+00', '01s_STD', '0MI_UKI', false),
    ('006_D12', 'Thames data', '001_THAM', '005_ALEX', 40000, '2026-07-05', 'Closed Won', 100, 'Closed', 'Closed', true, true, 'New Customer', 'Purchased List', '2026-05-15 09:00+00', '2026-07-05 12:00+00', '01s_STD', '0MI_UKI', false),
    ('006_D13', 'Thames analytics', '001_THAM', '005_ALEX', 20000, '2026-09-30', 'Proposal/Price Quote', 75, 'Omitted', 'Omitted', false, false, 'Existing Customer - Upgrade', 'Web', '2026-06-01 09:00+00', '2026-07-01 10:00+00', '01s_STD', '0MI_UKI', false),
    ('006_D14', 'Harbour legacy', '001_HARB', '005_ALEX', 55000, '2026-04-28', 'Closed Won', 100, 'Closed', 'Closed', true, true, 'New Customer', 'Web', '2026-01-20 09:00+00', '2026-04-28 10:00+00', '01s_STD', '0MI_UKI', false),
    ('006_D15', 'Prairie platform', '001_PRAI', '005_SAM', 210000, '2026-07-31', 'Closed Won', 100, 'Closed', 'Closed', true, true, 'New Customer', 'Web', '2026-04-10 09:00+00', '2026-07-31 18:30+00', '01s_STD', '0MI_US', false),
    ('006_D16', 'Prairie add-on', '001_PRAI', '005_SAM', 35000, '2026-06-20', 'Closed Won', 100, 'Closed', 'Closed', true, true, 'Existing Customer - Upgrade', 'Web', '2026-03-01 09:00+00', '2026-06-20 10:00+00', '01s_STD', '0MI_US', false),
    ('006_D17', 'Lakeside CRM', '001_LAKE', '005_SAM', 70000, '2026-07-08', 'Closed Lost', 0, 'Omitted', 'Omitted', true, false, 'New Customer', 'Purchased List', '2026-05-05 09:00+00', '2026-07-08 10:00+00', '01s_STD', '0MI_US', false),
    ('006_D18', 'Lakeside expansion', '001_LAKE', '005_SAM', 95000, '2026-09-30', 'Proposal/Price Quote', 75, 'BestCase', 'Best Case', false, false, 'Existing Customer - Upgrade', 'Web', '2026-06-15 09:00+00', '2026-06-15 09:00+00', '01s_STD', '0MI_US', false),
    ('006_D19', 'Prairie enterprise', '001_PRAI', '005_NATE', 60000, '2026-05-14', 'Closed Won', 100, 'Closed', 'Closed', true, true, 'New Customer', 'Partner Referral', '2026-02-20 09:00+00', '2026-05-14 10:00+00', '01s_STD', '0MI_NA', false),
    ('006_D20', 'Lakeside quick win', '001_LAKE', '005_SAM', 15000, '2026-06-28', 'Closed Won', 100, 'Closed', 'Closed', true, true, 'New Customer', 'Web', '2026-05-10 09:00+00', '2026-06-28 10:00+00', '01s_STD', NULL, false),
    ('006_D21', 'Bergmann renewal 2026', '001_BERG', '005_LENA', 40000, '2026-03-15', 'Closed Won', 100, 'Closed', 'Closed', true, true, 'Existing Customer - Replacement', NULL, '2025-12-01 09:00+00', '2026-03-15 10:00+00', '01s_STD', '0MI_DACH', false),
    ('006_D22', 'Kessler training', '001_KESS', '005_LENA', 20000, '2026-04-10', 'Closed Lost', 0, 'Omitted', 'Omitted', true, false, 'Existing Customer - Upgrade', 'Web', '2026-02-15 09:00+00', '2026-04-10 10:00+00', '01s_STD', '0MI_DACH', false),
    ('006_D23', 'Thames pilot', '001_THAM', '005_ALEX', 65000, '2026-02-20', 'Closed Won', 100, 'Closed', 'Closed', true, true, 'New Customer', 'Web', '2025-11-10 09:00+00', '2026-02-20 10:00+00', '01s_STD', '0MI_UKI', false),
    ('006_D24', 'Harbour analytics', '001_HARB', '005_ALEX', 110000, '2026-10-15', 'Prospecting', 10, 'Pipeline', 'Pipeline', false, false, 'Existing Customer - Upgrade', 'Web', '2026-07-05 09:00+00', '2026-07-05 09:00+00', '01s_STD', '0MI_UKI', false),
    ('006_D25', 'Prairie renewal', '001_PRAI', '005_SAM', 80000, '2026-03-30', 'Closed Won', 100, 'Closed', 'Closed', true, true, 'Existing Customer - Replacement', NULL, '2025-12-15 09:00+00', '2026-03-30 10:00+00', '01s_STD', '0MI_US', false),
    ('006_D26', 'Lakeside pilot', '001_LAKE', '005_SAM', 30000, '2026-02-05', 'Closed Lost', 0, 'Omitted', 'Omitted', true, false, 'New Customer', 'Web', '2026-01-05 09:00+00', '2026-02-05 10:00+00', '01s_STD', '0MI_US', false),
    ('006_D27', 'Prairie data', '001_PRAI', '005_SAM', 125000, '2026-09-10', 'Negotiation/Review', 90, 'Forecast', 'Commit', false, false, 'Existing Customer - Upgrade', 'Web', '2026-04-20 09:00+00', '2026-08-05 10:00+00', '01s_STD', '0MI_US', false),
    ('006_D28', 'Kessler platform', '001_KESS', '005_LENA', 52000, '2026-10-31', 'Prospecting', 10, 'Pipeline', 'Pipeline', false, false, 'Existing Customer - Upgrade', 'Web', '2026-08-01 09:00+00', '2026-08-01 09:00+00', '01s_STD', '0MI_DACH', false),
    ('006_D29', 'Thames support', '001_THAM', '005_ALEX', 18000, '2026-08-10', 'Closed Won', 100, 'Closed', 'Closed', true, true, NULL, 'Partner Referral', '2026-06-01 09:00+00', '2026-08-10 10:00+00', '01s_STD', '0MI_UKI', false),
    ('006_D30', 'Prairie expansion', '001_PRAI', '005_NATE', 90000, '2026-11-30', 'Prospecting', 10, 'Pipeline', 'Pipeline', false, false, 'Existing Customer - Upgrade', 'Web', '2026-07-15 09:00+00', '2026-07-15 09:00+00', '01s_STD', '0MI_NA', false);

-- One row per save that changed stage, amount, close date, probability or forecast category (API category values).
-- D14's first row carries a stage label renamed since ('Negotiation'); D12 has no history at all.
INSERT INTO sfdc.OpportunityHistory VALUES
    ('008_01a', '006_D01', '2026-02-10 09:00+00', 'Prospecting', 120000, '2026-06-30', 'Pipeline', 10, false),
    ('008_01b', '006_D01', '2026-05-20 10:00+00', 'Negotiation/Review', 120000, '2026-06-30', 'Forecast', 90, false),
    ('008_01c', '006_D01', '2026-06-25 15:00+00', 'Closed Won', 120000, '2026-06-25', 'Closed', 100, false),
    ('008_02a', '006_D02', '2026-03-01 09:00+00', 'Qualification', 50000, '2026-07-15', 'Pipeline', 20, false),
    ('008_02b', '006_D02', '2026-07-10 11:00+00', 'Closed Lost', 50000, '2026-07-10', 'Omitted', 0, false),
    ('008_03a', '006_D03', '2026-04-05 09:00+00', 'Proposal/Price Quote', 80000, '2026-07-20', 'BestCase', 75, false),
    ('008_03b', '006_D03', '2026-07-28 12:00+00', 'Negotiation/Review', 80000, '2026-09-15', 'Forecast', 90, false),
    ('008_04a', '006_D04', '2026-05-03 09:00+00', 'Prospecting', 30000, '2026-07-30', 'Pipeline', 10, false),
    ('008_04b', '006_D04', '2026-07-30 16:00+00', 'Closed Won', 30000, '2026-07-30', 'Closed', 100, false),
    ('008_05a', '006_D05', '2026-07-01 09:00+00', 'Prospecting', 45000, '2026-10-20', 'Pipeline', 10, false),
    ('008_06a', '006_D06', '2026-01-15 09:00+00', 'Qualification', 25000, '2026-03-20', 'Pipeline', 20, false),
    ('008_06b', '006_D06', '2026-03-18 10:00+00', 'Closed Lost', 25000, '2026-03-18', 'Omitted', 0, false),
    ('008_07a', '006_D07', '2026-03-10 09:00+00', 'Prospecting', 60000, '2026-06-15', 'Pipeline', 10, false),
    ('008_07b', '006_D07', '2026-06-01 10:00+00', 'Proposal/Price Quote', 75000, '2026-06-15', 'BestCase', 75, false),
    ('008_07c', '006_D07', '2026-06-14 17:00+00', 'Closed Won', 70000, '2026-06-14', 'Closed', 100, false),
    ('008_08a', '006_D08', '2026-05-01 09:00+00', 'Closed Won', 999000, '2026-06-01', 'Closed', 100, true),
    ('008_09a', '006_D09', '2026-07-20 09:00+00', 'Prospecting', NULL, '2026-09-30', 'Pipeline', 10, false),
    ('008_10a', '006_D10', '2026-02-01 09:00+00', 'Proposal/Price Quote', 90000, '2026-05-31', 'BestCase', 75, false),
    ('008_10b', '006_D10', '2026-05-29 14:00+00', 'Closed Won', 90000, '2026-05-29', 'Closed', 100, false),
    ('008_11a', '006_D11', '2026-03-01 09:00+00', 'Prospecting', 150000, '2026-07-15', 'Pipeline', 10, false),
    ('008_11b', '006_D11', '2026-06-10 10:00+00', 'Negotiation/Review', 150000, '2026-07-15', 'Forecast', 90, false),
    ('008_11c', '006_D11', '2026-07-25 10:00+00', 'Negotiation/Review', 150000, '2026-08-20', 'Forecast', 90, false),
    ('008_13a', '006_D13', '2026-06-01 09:00+00', 'Prospecting', 20000, '2026-09-30', 'Pipeline', 10, false),
    ('008_13b', '006_D13', '2026-07-01 10:00+00', 'Proposal/Price Quote', 20000, '2026-09-30', 'Omitted', 75, false),
    ('008_14a', '006_D14', '2026-01-20 09:00+00', 'Negotiation', 55000, '2026-04-30', 'Forecast', 90, false),
    ('008_14b', '006_D14', '2026-04-28 10:00+00', 'Closed Won', 55000, '2026-04-28', 'Closed', 100, false),
    ('008_15a', '006_D15', '2026-04-10 09:00+00', 'Qualification', 200000, '2026-07-31', 'Pipeline', 20, false),
    ('008_15b', '006_D15', '2026-07-31 18:30+00', 'Closed Won', 210000, '2026-07-31', 'Closed', 100, false),
    ('008_16a', '006_D16', '2026-03-01 09:00+00', 'Prospecting', 35000, '2026-09-15', 'Pipeline', 10, false),
    ('008_16b', '006_D16', '2026-06-20 10:00+00', 'Closed Won', 35000, '2026-06-20', 'Closed', 100, false),
    ('008_17a', '006_D17', '2026-05-05 09:00+00', 'Prospecting', 70000, '2026-07-10', 'Pipeline', 10, false),
    ('008_17b', '006_D17', '2026-07-08 10:00+00', 'Closed Lost', 70000, '2026-07-08', 'Omitted', 0, false),
    ('008_18a', '006_D18', '2026-06-15 09:00+00', 'Proposal/Price Quote', 95000, '2026-09-30', 'BestCase', 75, false),
    ('008_19a', '006_D19', '2026-02-20 09:00+00', 'Negotiation/Review', 60000, '2026-05-15', 'Forecast', 90, false),
    ('008_19b', '006_D19', '2026-05-14 10:00+00', 'Closed Won', 60000, '2026-05-14', 'Closed', 100, false),
    ('008_20a', '006_D20', '2026-05-10 09:00+00', 'Prospecting', 15000, '2026-06-30', 'Pipeline', 10, false),
    ('008_20b', '006_D20', '2026-06-28 10:00+00', 'Closed Won', 15000, '2026-06-28', 'Closed', 100, false),
    ('008_21a', '006_D21', '2025-12-01 09:00+00', 'Proposal/Price Quote', 40000, '2026-03-31', 'BestCase', 75, false),
    ('008_21b', '006_D21', '2026-03-15 10:00+00', 'Closed Won', 40000, '2026-03-15', 'Closed', 100, false),
    ('008_22a', '006_D22', '2026-02-15 09:00+00', 'Prospecting', 20000, '2026-04-30', 'Pipeline', 10, false),
    ('008_22b', '006_D22', '2026-04-10 10:00+00', 'Closed Lost', 20000, '2026-04-10', 'Omitted', 0, false),
    ('008_23a', '006_D23', '2025-11-10 09:00+00', 'Qualification', 65000, '2026-02-28', 'Pipeline', 20, false),
    ('008_23b', '006_D23', '2026-02-20 10:00+00', 'Closed Won', 65000, '2026-02-20', 'Closed', 100, false),
    ('008_24a', '006_D24', '2026-07-05 09:00+00', 'Prospecting', 110000, '2026-10-15', 'Pipeline', 10, false),
    ('008_25a', '006_D25', '2025-12-15 09:00+00', 'Proposal/Price Quote', 80000, '2026-03-31', 'BestCase', 75, false),
    ('008_25b', '006_D25', '2026-03-30 10:00+00', 'Closed Won', 80000, '2026-03-30', 'Closed', 100, false),
    ('008_26a', '006_D26', '2026-01-05 09:00+00', 'Prospecting', 30000, '2026-02-28', 'Pipeline', 10, false),
    ('008_26b', '006_D26', '2026-02-05 10:00+00', 'Closed Lost', 30000, '2026-02-05', 'Omitted', 0, false),
    ('008_27a', '006_D27', '2026-04-20 09:00+00', 'Prospecting', 100000, '2026-09-10', 'Pipeline', 10, false),
    ('008_27b', '006_D27', '2026-08-05 10:00+00', 'Negotiation/Review', 125000, '2026-09-10', 'Forecast', 90, false),
    ('008_28a', '006_D28', '2026-08-01 09:00+00', 'Prospecting', 52000, '2026-10-31', 'Pipeline', 10, false),
    ('008_29a', '006_D29', '2026-06-01 09:00+00', 'Prospecting', 18000, '2026-08-31', 'Pipeline', 10, false),
    ('008_29b', '006_D29', '2026-08-10 10:00+00', 'Closed Won', 18000, '2026-08-10', 'Closed', 100, false),
    ('008_30a', '006_D30', '2026-07-15 09:00+00', 'Prospecting', 90000, '2026-11-30', 'Pipeline', 10, false);

-- D01's largest line is the platform; D10 has one support line.
INSERT INTO sfdc.OpportunityLineItem VALUES
    ('00k_1', '006_D01', '01t_CORE', 1, 100000, 100000, false), ('00k_2', '006_D01', '01t_ANLY', 1, 20000, 20000, false),
    ('00k_3', '006_D10', '01t_SUPP', 1, 90000, 90000, false);

INSERT INTO sfdc.ForecastingType VALUES ('0Fz_TERR', 'TerritoryOpportunityRevenue', 'Territory Opportunity Revenue', true, false, 'T'),
    ('0Fz_ROLE', 'OpportunityRevenue', 'Opportunity Revenue', true, false, 'R');
-- Territory quotas per fiscal quarter; EMEA's Q2 is set per month. The role-based type and the archived
-- model's territory must be ignored.
INSERT INTO sfdc.ForecastingQuota VALUES
    ('0J9_01', '005_VERA', '2026-02-01', 500000, NULL, '0Fz_TERR', '0MI_EMEA', NULL, true),
    ('0J9_02', '005_VERA', '2026-05-01', 200000, NULL, '0Fz_TERR', '0MI_EMEA', NULL, true),
    ('0J9_03', '005_VERA', '2026-06-01', 200000, NULL, '0Fz_TERR', '0MI_EMEA', NULL, true),
    ('0J9_04', '005_VERA', '2026-07-01', 200000, NULL, '0Fz_TERR', '0MI_EMEA', NULL, true),
    ('0J9_05', '005_VERA', '2026-08-01', 600000, NULL, '0Fz_TERR', '0MI_EMEA', NULL, true),
    ('0J9_06', '005_LENA', '2026-02-01', 300000, NULL, '0Fz_TERR', '0MI_DACH', NULL, true),
    ('0J9_07', '005_LENA', '2026-05-01', 400000, NULL, '0Fz_TERR', '0MI_DACH', NULL, true),
    ('0J9_08', '005_LENA', '2026-08-01', 400000, NULL, '0Fz_TERR', '0MI_DACH', NULL, true),
    ('0J9_09', '005_ALEX', '2026-02-01', 300000, NULL, '0Fz_TERR', '0MI_UKI', NULL, true),
    ('0J9_10', '005_ALEX', '2026-05-01', 350000, NULL, '0Fz_TERR', '0MI_UKI', NULL, true),
    ('0J9_11', '005_ALEX', '2026-08-01', 350000, NULL, '0Fz_TERR', '0MI_UKI', NULL, true),
    ('0J9_12', '005_NATE', '2026-02-01', 400000, NULL, '0Fz_TERR', '0MI_NA', NULL, true),
    ('0J9_13', '005_NATE', '2026-05-01', 500000, NULL, '0Fz_TERR', '0MI_NA', NULL, true),
    ('0J9_14', '005_NATE', '2026-08-01', 500000, NULL, '0Fz_TERR', '0MI_NA', NULL, true),
    ('0J9_15', '005_SAM', '2026-02-01', 350000, NULL, '0Fz_TERR', '0MI_US', NULL, true),
    ('0J9_16', '005_SAM', '2026-05-01', 450000, NULL, '0Fz_TERR', '0MI_US', NULL, true),
    ('0J9_17', '005_SAM', '2026-08-01', 450000, NULL, '0Fz_TERR', '0MI_US', NULL, true),
    ('0J9_18', '005_LENA', '2026-05-01', 999999, NULL, '0Fz_ROLE', NULL, NULL, true),
    ('0J9_19', '005_VERA', '2026-05-01', 777777, NULL, '0Fz_TERR', '0MI_OLD', NULL, true);
