using SalesOpsBot.TestKit;
using SalesOpsBot.Warehouse.Access;
using SalesOpsBot.Warehouse.Querying;

namespace SalesOpsBot.Warehouse.Tests.Access;

/// <summary>Access rules from configuration: validated on load, used only while user_access is absent or empty, never combined with it.</summary>
public sealed class ConfiguredAccessRulesTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static readonly ConfiguredPrincipal[] Valid =
    [
        new() { Principal = "Boss@Example.com", Role = "admin" },
        new() { Principal = "dach.lead@example.com", Role = "leader", Territories = ["T-DACH"] },
        new() { Principal = "00000000-1111-2222-3333-444444444444", Role = "manager", Reps = ["R-M1"] },
        new() { Principal = "sam.ortiz@example.com", Role = "rep", Reps = ["R-3"] },
        // The table's admin, demoted here: while the table has rows this entry must not matter.
        new() { Principal = "admin@example.com", Role = "rep", Reps = ["R-3"] },
    ];

    [Fact]
    public void ValidRulesLoadAndExpandIntoTableLikeRules()
    {
        var rules = ConfiguredAccessRules.From(Valid);

        Assert.Equal([new AccessRule("leader", "T-DACH", null)], rules.RulesFor(["dach.lead@example.com"]));
        Assert.Equal([new AccessRule("admin", null, null)], rules.RulesFor(["boss@example.com"]));
        Assert.Empty(rules.RulesFor(["nobody@example.com"]));
    }

    [Fact]
    public void EveryProblemIsReportedAtOnce()
    {
        ConfiguredPrincipal[] bad =
        [
            new() { Principal = "a@example.com", Role = "superuser" },
            new() { Principal = "A@example.com ", Role = "admin" },
            new() { Principal = "", Role = "admin" },
            new() { Principal = "b@example.com", Role = "leader" },
            new() { Principal = "c@example.com", Role = "rep", Territories = ["T-EMEA"], Reps = ["R-1"] },
            new() { Principal = "d@example.com", Role = "admin", Territories = ["T-EMEA"] },
        ];

        var exception = Assert.Throws<AccessConfigurationException>(() => ConfiguredAccessRules.From(bad));

        Assert.Equal(6, exception.Problems.Count);
        Assert.Contains(exception.Problems, p => p.Contains("unknown role 'superuser'", StringComparison.Ordinal));
        Assert.Contains(exception.Problems, p => p.Contains("more than once", StringComparison.Ordinal));
        Assert.Contains(exception.Problems, p => p.Contains("no principal", StringComparison.Ordinal));
        Assert.Contains(exception.Problems, p => p.Contains("a leader needs one or more territories", StringComparison.Ordinal));
        Assert.Contains(exception.Problems, p => p.Contains("a rep needs one or more reps and no territories", StringComparison.Ordinal));
        Assert.Contains(exception.Problems, p => p.Contains("an admin sees everything", StringComparison.Ordinal));
    }

    [Fact]
    public void AFileHoldsAnArrayOrAnObjectWithRules()
    {
        var file = Path.Combine(Path.GetTempPath(), $"salesops-access-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(file, """
                // comments are allowed
                { "rules": [ { "principal": "dach.lead@example.com", "role": "Leader", "territories": ["T-DACH"] }, ] }
                """);
            Assert.Equal([new AccessRule("leader", "T-DACH", null)], ConfiguredAccessRules.LoadFile(file).RulesFor(["dach.lead@example.com"]));

            File.WriteAllText(file, """[ { "principal": "x@example.com", "role": "rep", "reps": [] } ]""");
            Assert.Contains("a rep needs", Assert.Throws<AccessConfigurationException>(() => ConfiguredAccessRules.LoadFile(file)).Message, StringComparison.Ordinal);

            File.WriteAllText(file, """{ "rules": 5 }""");
            Assert.Throws<AccessConfigurationException>(() => ConfiguredAccessRules.LoadFile(file));
        }
        finally
        {
            File.Delete(file);
        }

        Assert.Contains("does not exist", Assert.Throws<AccessConfigurationException>(() => ConfiguredAccessRules.LoadFile(file)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithAnEmptyTableConfiguredPrincipalsResolveToTheirScopes()
    {
        await using var warehouse = TestWarehouse.CreateDuckDb();
        await warehouse.LoadAsync(sink => SampleSales.Write(new WithoutAccessRules(sink)), Token);
        var resolver = new AccessResolver(new SqlRunner(warehouse.Connections), ConfiguredAccessRules.From(Valid));

        Assert.Equal(AccessRuleSource.Configuration, await resolver.SourceAsync(Token));
        var leader = await resolver.ResolveAsync("DACH.Lead@example.com", Token);
        Assert.Equal(["T-DACH"], leader.Scope.TerritoryIds);
        Assert.Empty(leader.Scope.RepIds);
        Assert.Equal(["dach.lead@example.com"], leader.Scope.SessionPrincipals);
        // The manager's line under R-M1, found by Entra object id.
        var manager = await resolver.ResolveAsync(["00000000-1111-2222-3333-444444444444", "someone@example.com"], Token);
        Assert.Equal(["R-1", "R-2", "R-M1"], manager.Scope.RepIds);
        Assert.True((await resolver.ResolveAsync("boss@example.com", Token)).Scope.All);
        var stranger = await resolver.ResolveAsync("emea.vp@example.com", Token);
        Assert.True(stranger.Scope.IsEmpty);
        Assert.Contains("Access:Rules", stranger.Denial, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenTheTableHasRowsConfigurationIsIgnoredEntirely()
    {
        await using var warehouse = TestWarehouse.CreateDuckDb();
        await warehouse.LoadAsync(SampleSales.Write, Token);
        var resolver = new AccessResolver(new SqlRunner(warehouse.Connections), ConfiguredAccessRules.From(Valid));

        Assert.Equal(AccessRuleSource.Warehouse, await resolver.SourceAsync(Token));
        // Only configured: nothing. In both: the table's rule (admin), not configuration's (rep).
        Assert.True((await resolver.ResolveAsync("dach.lead@example.com", Token)).Scope.IsEmpty);
        Assert.True((await resolver.ResolveAsync("admin@example.com", Token)).Scope.All);
        Assert.Equal(["T-DACH", "T-EMEA", "T-UKI"], (await resolver.ResolveAsync("emea.vp@example.com", Token)).Scope.TerritoryIds);
    }

    [Fact]
    public async Task WithoutTheTableConfigurationApplies()
    {
        await using var warehouse = TestWarehouse.CreateDuckDb();
        await warehouse.LoadAsync(SampleSales.Write, Token);
        await using (var connection = await warehouse.Connections.OpenWritableAsync(Token))
        await using (var drop = connection.CreateCommand())
        {
            drop.CommandText = "DROP TABLE user_access";
            await drop.ExecuteNonQueryAsync(Token);
        }

        var configured = new AccessResolver(new SqlRunner(warehouse.Connections), ConfiguredAccessRules.From(Valid));
        var unconfigured = new AccessResolver(new SqlRunner(warehouse.Connections));

        Assert.Equal(AccessRuleSource.Configuration, await configured.SourceAsync(Token));
        Assert.Equal(["R-3"], (await configured.ResolveAsync("admin@example.com", Token)).Scope.RepIds);
        Assert.Equal(AccessRuleSource.Warehouse, await unconfigured.SourceAsync(Token));
    }

    [Fact]
    public async Task IdsTheWarehouseDoesNotHoldAreWarningsAndGrantNothing()
    {
        await using var warehouse = TestWarehouse.CreateDuckDb();
        await warehouse.LoadAsync(sink => SampleSales.Write(new WithoutAccessRules(sink)), Token);
        var runner = new SqlRunner(warehouse.Connections);
        var rules = ConfiguredAccessRules.From([
            new ConfiguredPrincipal { Principal = "ghost@example.com", Role = "leader", Territories = ["T-ATLANTIS"] },
            new ConfiguredPrincipal { Principal = "rep@example.com", Role = "rep", Reps = ["R-1", "R-404"] },
        ]);

        var warnings = await rules.CheckReferencesAsync(runner, Token);
        var ghost = await new AccessResolver(runner, rules).ResolveAsync("ghost@example.com", Token);

        Assert.Equal(2, warnings.Count);
        Assert.Contains(warnings, w => w.Contains("T-ATLANTIS", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("R-404", StringComparison.Ordinal));
        Assert.True(ghost.Scope.IsEmpty);
        Assert.NotNull(ghost.Denial);
    }
}
