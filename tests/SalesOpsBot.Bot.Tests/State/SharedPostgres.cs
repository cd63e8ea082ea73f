using SalesOpsBot.TestKit;

// One throw-away PostgreSQL for the suite (started on first use of a test class that asks for it); each test makes its own database.
[assembly: AssemblyFixture(typeof(PostgresServer))]
