using Microsoft.AspNetCore.Mvc.Testing;

namespace SalesOpsBot.Bot.Tests;

public class HostStartsTests
{
    [Fact]
    public async Task HealthEndpointAnswers()
    {
        await using var factory = new WebApplicationFactory<Program>();
        using var client = factory.CreateClient();

        var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.True(response.IsSuccessStatusCode);
    }
}
