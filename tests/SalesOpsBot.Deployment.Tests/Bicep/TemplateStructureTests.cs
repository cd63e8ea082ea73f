using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SalesOpsBot.Deployment.Tests.Bicep;

/// <summary>What the compiled main.bicep must guarantee, read from the ARM JSON that bicep build writes.</summary>
public sealed partial class TemplateStructureTests
{
    [Fact]
    public async Task Bot_registration_can_never_be_multi_tenant()
    {
        var template = await CompiledTemplates.MainAsync();

        Assert.Empty(DeploymentRules.BotAppTypeProblems(template));
    }

    [Fact]
    public async Task Host_runs_at_least_two_replicas_whatever_the_parameters()
    {
        var template = await CompiledTemplates.MainAsync();

        Assert.Empty(DeploymentRules.ReplicaProblems(template));
    }

    [Fact]
    public async Task Every_secret_parameter_is_secure_and_has_no_default()
    {
        var template = await CompiledTemplates.MainAsync();

        Assert.Empty(DeploymentRules.SecretParameterProblems(template));
    }

    [Fact]
    public async Task Secrets_reach_the_app_only_as_key_vault_references()
    {
        var template = await CompiledTemplates.MainAsync();

        Assert.Empty(DeploymentRules.SecretReferenceProblems(template));
    }

    [Fact]
    public async Task Every_app_setting_is_an_option_the_host_reads_with_a_value_it_accepts()
    {
        var template = await CompiledTemplates.MainAsync();

        Assert.Empty(DeploymentRules.AppSettingProblems(template));
    }

    [Fact]
    public async Task App_gets_the_settings_a_production_bot_needs()
    {
        var names = DeploymentRules.EnvironmentNames(await CompiledTemplates.MainAsync());

        // Both branches of the app-type condition are listed, so the password appears (for SingleTenant) too.
        string[] required = ["Bot__MicrosoftAppId", "Bot__MicrosoftAppType", "Bot__MicrosoftAppTenantId", "Bot__MicrosoftAppPassword",
            "Bot__StateConnectionString", "Bot__AllowedTenantIds__0", "Warehouse__ConnectionString", "APPLICATIONINSIGHTS_CONNECTION_STRING"];
        Assert.All(required, name => Assert.Contains(name, names));
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Probes_use_healthz_for_liveness_and_readyz_for_readiness_on_the_ingress_port()
    {
        var template = await CompiledTemplates.MainAsync();
        var (module, app) = Assert.Single(ArmTemplate.ResourcesOfType(template, DeploymentRules.ContainerAppType));
        var container = Assert.Single(app["properties"]!["template"]!["containers"]!.AsArray())!;
        var probes = container["probes"]!.AsArray().OfType<JsonObject>().ToDictionary(p => p["type"]!.ToString(), p => p["httpGet"]!);
        var targetPort = module.Variables["containerPort"]!.GetValue<int>();

        Assert.Equal("[variables('containerPort')]", app["properties"]!["configuration"]!["ingress"]!["targetPort"]!.ToString());
        Assert.Equal(["/healthz"], module.PossibleValues(probes["Liveness"]["path"]));
        Assert.Equal(["/healthz"], module.PossibleValues(probes["Startup"]["path"]));
        Assert.Equal(["/readyz"], module.PossibleValues(probes["Readiness"]["path"]));
        Assert.All(probes.Values, probe => Assert.Equal("[variables('containerPort')]", probe["port"]!.ToString()));
        Assert.Equal(8080, targetPort);
        Assert.False(app["properties"]!["configuration"]!["ingress"]!["allowInsecure"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Key_vault_uses_rbac_with_purge_protection()
    {
        var (_, vault) = Assert.Single(ArmTemplate.ResourcesOfType(await CompiledTemplates.MainAsync(), "Microsoft.KeyVault/vaults"));

        Assert.True(vault["properties"]!["enableRbacAuthorization"]!.GetValue<bool>());
        Assert.True(vault["properties"]!["enablePurgeProtection"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Bot_has_the_teams_channel_and_the_host_messages_endpoint()
    {
        var template = await CompiledTemplates.MainAsync();
        var (_, channel) = Assert.Single(ArmTemplate.ResourcesOfType(template, "Microsoft.BotService/botServices/channels"));
        var botModule = template.SelfAndModules().Single(t => t.Name == "bot");

        Assert.Equal("MsTeamsChannel", channel["properties"]!["channelName"]!.ToString());
        Assert.True(channel["properties"]!["properties"]!["isEnabled"]!.GetValue<bool>());
        Assert.Equal("[format('https://{0}/api/messages', reference(resourceId('Microsoft.Resources/deployments', 'host'), '2025-04-01').outputs.fqdn.value)]",
            botModule.DeploymentInParent!["properties"]!["parameters"]!["endpoint"]!["value"]!.ToString());
    }

    [Fact]
    public async Task Example_parameters_give_secure_parameters_only_from_the_environment()
    {
        var template = await CompiledTemplates.MainAsync();
        var secure = template.Parameters.Where(p => p.Value!["type"]!.ToString().StartsWith("secure", StringComparison.OrdinalIgnoreCase))
            .Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var assignments = ParamAssignment().Matches(await File.ReadAllTextAsync(Path.Combine(CompiledTemplates.AzureFolder, "main.bicepparam"),
            TestContext.Current.CancellationToken)).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value.Trim());

        Assert.NotEmpty(secure);
        Assert.All(assignments.Where(a => secure.Contains(a.Key)), assignment =>
            Assert.Matches(@"^(readEnvironmentVariable|az\.getSecret)\(", assignment.Value));
        Assert.Contains("stateDbAdminPassword", assignments.Keys);
    }

    [GeneratedRegex(@"^param\s+(?<name>\w+)\s*=\s*(?<value>.+)$", RegexOptions.Multiline)]
    private static partial Regex ParamAssignment();
}
