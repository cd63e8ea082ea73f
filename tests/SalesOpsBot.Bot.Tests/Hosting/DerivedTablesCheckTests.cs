using Dapper;
using Microsoft.Extensions.Logging;
using SalesOpsBot.Bot.Hosting;
using SalesOpsBot.Bot.Tests.Operations;
using SalesOpsBot.TestKit;
using SalesOpsBot.Warehouse.Seeding;

namespace SalesOpsBot.Bot.Tests.Hosting;

/// <summary>The start-up check tells the admin whether the embedded warehouse's deal spans are in use.</summary>
public sealed class DerivedTablesCheckTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ASeededWarehouseIsReportedAsUsingItsDealSpans()
    {
        await using var warehouse = await SeededAsync();

        var lines = await RunCheckAsync(warehouse);

        Assert.Contains(lines, l => l.StartsWith("Information", StringComparison.Ordinal) && l.Contains("deal spans match its data", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("Warning", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFileWrittenByAnotherToolIsReportedWithTheCommandThatRebuildsItsSpans()
    {
        await using var warehouse = await SeededAsync();
        await using (var connection = await warehouse.Connections.OpenWritableAsync(Token))
        {
            await connection.ExecuteAsync(new CommandDefinition("UPDATE opportunities SET amount = amount + 1 WHERE opportunity_id = (SELECT MIN(opportunity_id) FROM opportunities)", cancellationToken: Token));
            await connection.ExecuteAsync(new CommandDefinition("UPDATE opportunities SET name = name || ' (renamed)' WHERE opportunity_id = (SELECT MIN(opportunity_id) FROM opportunities)", cancellationToken: Token));
        }

        var lines = await RunCheckAsync(warehouse);

        Assert.Contains(lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("salesops doctor --rebuild-spans", StringComparison.Ordinal));
    }

    private static async Task<List<string>> RunCheckAsync(TestWarehouse warehouse)
    {
        using var logs = new CapturingLoggerProvider(LogLevel.Information);
        using var factory = LoggerFactory.Create(builder => builder.AddProvider(logs));
        using var check = new DerivedTablesCheck(warehouse.Connections, factory.CreateLogger<DerivedTablesCheck>());

        await check.StartAsync(Token);
        await check.ExecuteTask!;
        return [.. logs.Lines];
    }

    private static async Task<TestWarehouse> SeededAsync()
    {
        var warehouse = TestWarehouse.CreateDuckDb();
        await DemoWarehouse.SeedAsync(warehouse.Location,
            new SeedOptions(SeedOptions.MinimumOpportunities, SeedOptions.DefaultSeed, new DateOnly(2026, 11, 15)), null, Token);
        return warehouse;
    }
}
