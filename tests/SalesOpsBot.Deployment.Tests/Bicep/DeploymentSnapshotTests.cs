using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SalesOpsBot.Bot.Hosting;

namespace SalesOpsBot.Deployment.Tests.Bicep;

/// <summary>
/// Whole deployments predicted by <c>bicep snapshot</c> for each bot app type: the Azure Bot and the app agree, and the
/// real host accepts the settings it would get (its start-up validation runs on them).
/// </summary>
public sealed class DeploymentSnapshotTests
{
    private const string RegistrationId = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

    private static Dictionary<string, string> Parameters(string appType) => new()
    {
        ["containerRegistryName"] = "'salesopstest'",
        ["containerImage"] = "'salesopstest.azurecr.io/salesopsbot:1.0.0'",
        ["botAppType"] = $"'{appType}'",
        ["botAppId"] = appType == "SingleTenant" ? $"'{RegistrationId}'" : "''",
        ["botTenantId"] = $"'{DeploymentSnapshot.TenantId}'",
        ["botAppPassword"] = appType == "SingleTenant" ? "'client-secret-for-the-test'" : "''",
        ["stateDbAdminPassword"] = "'state-password-for-the-test'",
        ["warehouseConnectionString"] = "'postgres:Host=w;Database=sales;Username=r;Password=p'",
    };

    [Fact]
    public async Task Managed_identity_bot_has_no_password_anywhere_and_is_the_apps_identity()
    {
        var snapshot = await DeploymentSnapshot.PredictAsync(Parameters("UserAssignedMSI"), TestContext.Current.CancellationToken);
        var bot = snapshot.Single(DeploymentRules.BotType)["properties"]!;
        var environment = snapshot.AppEnvironment();
        var app = snapshot.Single(DeploymentRules.ContainerAppType);

        Assert.Equal("UserAssignedMSI", bot["msaAppType"]!.ToString());
        Assert.EndsWith("/providers/Microsoft.ManagedIdentity/userAssignedIdentities/salesops-id", bot["msaAppMSIResourceId"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal(bot["msaAppId"]!.ToString(), OriginalAppId(snapshot));
        Assert.Equal("UserAssignedMSI", environment["Bot__MicrosoftAppType"]);
        Assert.DoesNotContain("Bot__MicrosoftAppPassword", environment.Keys);
        Assert.DoesNotContain(app["properties"]!["configuration"]!["secrets"]!.AsArray(), s => s!["name"]!.ToString() == "bot-app-password");
        Assert.Equal(2, app["properties"]!["template"]!["scale"]!["minReplicas"]!.GetValue<int>());
    }

    [Fact]
    public async Task Single_tenant_bot_uses_the_registration_and_reads_its_password_from_key_vault()
    {
        var snapshot = await DeploymentSnapshot.PredictAsync(Parameters("SingleTenant"), TestContext.Current.CancellationToken);
        var bot = snapshot.Single(DeploymentRules.BotType)["properties"]!;
        var environment = snapshot.AppEnvironment();

        Assert.Equal("SingleTenant", bot["msaAppType"]!.ToString());
        Assert.Equal(RegistrationId, bot["msaAppId"]!.ToString());
        Assert.Equal(DeploymentSnapshot.TenantId, bot["msaAppTenantId"]!.ToString());
        Assert.Equal(RegistrationId, environment["Bot__MicrosoftAppId"]);
        Assert.Equal(DeploymentSnapshot.TenantId, environment["Bot__MicrosoftAppTenantId"]);
        Assert.Equal([DeploymentSnapshot.TenantId], [environment["Bot__AllowedTenantIds__0"]]);
        Assert.Equal("stand-in-bot-app-password", environment["Bot__MicrosoftAppPassword"]);
    }

    [Theory]
    [InlineData("UserAssignedMSI")]
    [InlineData("SingleTenant")]
    public async Task Host_accepts_the_settings_the_deployment_gives_it_in_production(string appType)
    {
        var snapshot = await DeploymentSnapshot.PredictAsync(Parameters(appType), TestContext.Current.CancellationToken);
        var arguments = snapshot.AppEnvironment().Select(v => $"--{v.Key.Replace("__", ":", StringComparison.Ordinal)}={v.Value}");

        await using var app = BotHost.Build(["--environment=Production", .. arguments]);

        // Reading the options runs the host's validators, the ones ValidateOnStart runs before serving.
        var bot = app.Services.GetRequiredService<IOptions<BotOptions>>().Value;
        var warehouse = app.Services.GetRequiredService<IOptions<WarehouseOptions>>().Value;
        Assert.False(bot.IsAnonymous);
        Assert.False(bot.LocalWebChat);
        Assert.Equal(appType == "SingleTenant" ? BotAppType.SingleTenant : BotAppType.UserAssignedMsi, bot.MicrosoftAppType);
        Assert.Equal(SalesOpsBot.Warehouse.Connections.WarehouseDialect.Postgres, warehouse.Location.Dialect);
        Assert.False(warehouse.SeedDemoWhenMissing);
    }

    [Fact]
    public async Task Host_refuses_a_managed_identity_deployment_given_a_password()
    {
        // The validation the previous test relies on does fail on a wrong combination.
        var snapshot = await DeploymentSnapshot.PredictAsync(Parameters("UserAssignedMSI"), TestContext.Current.CancellationToken);
        var arguments = snapshot.AppEnvironment().Append(new("Bot__MicrosoftAppPassword", "oops"))
            .Select(v => $"--{v.Key.Replace("__", ":", StringComparison.Ordinal)}={v.Value}");

        // BotHost.Build reads the options itself, so the refusal comes from building the host.
        var failure = Assert.Throws<OptionsValidationException>(() => BotHost.Build(["--environment=Production", .. arguments]));
        Assert.Contains("must not have a password", failure.Message, StringComparison.Ordinal);
    }

    private static string OriginalAppId(DeploymentSnapshot snapshot) =>
        snapshot.Single(DeploymentRules.ContainerAppType)["properties"]!["template"]!["containers"]![0]!["env"]!.AsArray()
            .Single(v => v!["name"]!.ToString() == "Bot__MicrosoftAppId")!["value"]!.ToString();
}
