namespace SalesOpsBot.Digests.Tests;

public class DigestsAssemblyTests
{
    [Fact]
    public void TheDigestsAssemblyIsNamedForItsArea() =>
        Assert.Equal("SalesOpsBot.Digests", typeof(DigestsAssembly).Assembly.GetName().Name);
}
