using SalesOpsBot.Warehouse.Access;

namespace SalesOpsBot.Security.Tests;

public class SecuritySuiteTests
{
    [Fact]
    public void NoScopeMeansNoData()
    {
        Assert.True(AccessScope.Nothing.IsEmpty);
        Assert.False(AccessScope.Nothing.AllowsTerritory("T-EMEA"));
    }
}
