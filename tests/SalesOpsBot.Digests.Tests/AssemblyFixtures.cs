using SalesOpsBot.TestKit;

[assembly: AssemblyFixture(typeof(PostgresServer))]
