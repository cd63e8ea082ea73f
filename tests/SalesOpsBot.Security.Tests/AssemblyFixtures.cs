using SalesOpsBot.Security.Tests.Canaries;

// One canary warehouse per dialect for the whole suite: seeding is the slow part, and every test only reads.
[assembly: AssemblyFixture(typeof(DuckDbCanaryWarehouse))]
[assembly: AssemblyFixture(typeof(PostgresCanaryWarehouse))]
[assembly: AssemblyFixture(typeof(DuckDbConfiguredCanaryWarehouse))]
[assembly: AssemblyFixture(typeof(PostgresConfiguredCanaryWarehouse))]
