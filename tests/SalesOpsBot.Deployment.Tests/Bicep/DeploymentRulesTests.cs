namespace SalesOpsBot.Deployment.Tests.Bicep;

/// <summary>The rules fail on templates that break them (hand-written ARM JSON), so a passing rule means something.</summary>
public sealed class DeploymentRulesTests
{
    private static ArmTemplate BotWith(string msaAppType, string parameters = "{}") => ArmTemplate.Parse($$"""
        { "parameters": {{parameters}},
          "resources": [ { "type": "Microsoft.BotService/botServices", "properties": { "msaAppType": "{{msaAppType}}" } } ] }
        """);

    private static ArmTemplate AppWith(string minReplicas, string environment = "[]", string parameters = "{}", string secrets = "[]") => ArmTemplate.Parse($$"""
        { "parameters": {{parameters}},
          "resources": [ { "type": "Microsoft.App/containerApps", "properties": {
            "configuration": { "secrets": {{secrets}} },
            "template": { "containers": [ { "name": "bot", "env": {{environment}} } ], "scale": { "minReplicas": {{minReplicas}} } } } } ] }
        """);

    [Fact]
    public void Multi_tenant_literal_is_reported()
    {
        Assert.Single(DeploymentRules.BotAppTypeProblems(BotWith("MultiTenant")));
    }

    [Fact]
    public void Free_string_parameter_for_the_app_type_is_reported()
    {
        var template = BotWith("[parameters('appType')]", """{ "appType": { "type": "string" } }""");

        Assert.Single(DeploymentRules.BotAppTypeProblems(template));
    }

    [Fact]
    public void App_type_parameter_allowing_multi_tenant_is_reported_and_one_without_it_is_not()
    {
        Assert.Single(DeploymentRules.BotAppTypeProblems(BotWith("[parameters('t')]",
            """{ "t": { "type": "string", "allowedValues": [ "SingleTenant", "MultiTenant" ] } }""")));
        Assert.Empty(DeploymentRules.BotAppTypeProblems(BotWith("[parameters('t')]",
            """{ "t": { "type": "string", "allowedValues": [ "SingleTenant", "UserAssignedMSI" ] } }""")));
    }

    [Theory]
    [InlineData("1", "{}", 1)]
    [InlineData("\"[parameters('n')]\"", """{ "n": { "type": "int", "defaultValue": 2 } }""", 1)]
    [InlineData("\"[parameters('n')]\"", """{ "n": { "type": "int", "minValue": 1 } }""", 1)]
    [InlineData("\"[parameters('n')]\"", """{ "n": { "type": "int", "minValue": 2 } }""", 0)]
    [InlineData("3", "{}", 0)]
    public void Replicas_below_two_are_reported(string minReplicas, string parameters, int expectedProblems)
    {
        Assert.Equal(expectedProblems, DeploymentRules.ReplicaProblems(AppWith(minReplicas, parameters: parameters)).Count);
    }

    [Theory]
    [InlineData("""{ "adminPassword": { "type": "string" } }""", 1)]
    [InlineData("""{ "warehouseConnectionString": { "type": "string" } }""", 1)]
    [InlineData("""{ "llmApiKey": { "type": "securestring", "defaultValue": "sk-123" } }""", 1)]
    [InlineData("""{ "llmApiKey": { "type": "securestring", "defaultValue": "" } }""", 0)]
    [InlineData("""{ "namePrefix": { "type": "string" } }""", 0)]
    public void Secret_parameters_must_be_secure_without_defaults(string parameters, int expectedProblems)
    {
        Assert.Equal(expectedProblems, DeploymentRules.SecretParameterProblems(AppWith("2", parameters: parameters)).Count);
    }

    [Fact]
    public void Plain_secret_values_are_reported()
    {
        var template = AppWith("2",
            environment: """[ { "name": "Warehouse__ConnectionString", "value": "postgres:Host=x;Password=p" } ]""",
            secrets: """[ { "name": "bot-app-password", "value": "p" } ]""");

        Assert.Equal(2, DeploymentRules.SecretReferenceProblems(template).Count);
    }

    [Theory]
    [InlineData("Bot__MicrosoftAppPasword", "x")]
    [InlineData("Bot__IsAnonymous", "true")]
    [InlineData("Bot__MicrosoftAppType", "MultiTenantt")]
    [InlineData("Bot__TurnWorkers", "four")]
    [InlineData("Bot__ConnectorRetry__MaxRetrys", "3")]
    [InlineData("Bot__AllowedTenantIds__first", "x")]
    [InlineData("Warehouse__Connection", "x")]
    [InlineData("Telemetry__Enabled", "true")]
    [InlineData("Llm__Key", "x")]
    [InlineData("Llm__Provider", "anthropic")]
    [InlineData("APPINSIGHTS_INSTRUMENTATIONKEY", "x")]
    public void Settings_the_host_does_not_read_or_cannot_parse_are_reported(string name, string value)
    {
        var template = AppWith("2", environment: $$"""[ { "name": "{{name}}", "value": "{{value}}" } ]""");

        Assert.Single(DeploymentRules.AppSettingProblems(template));
    }

    [Theory]
    [InlineData("Bot__MicrosoftAppType", "UserAssignedMSI")]
    [InlineData("Bot__ConnectorRetry__MaxRetries", "3")]
    [InlineData("Bot__AllowedTenantIds__0", "72f988bf-86f1-41af-91ab-2d7cd011db47")]
    [InlineData("Bot__AnswerTimeout", "00:00:45")]
    [InlineData("Warehouse__FiscalYearStartMonth", "2")]
    [InlineData("Bot__TrustedServiceUrlHosts__0", "smba.trafficmanager.net")]
    [InlineData("Llm__MaxToolCalls", "3")]
    [InlineData("APPLICATIONINSIGHTS_CONNECTION_STRING", "InstrumentationKey=00000000-0000-0000-0000-000000000000")]
    public void Settings_the_host_reads_are_accepted(string name, string value)
    {
        var template = AppWith("2", environment: $$"""[ { "name": "{{name}}", "value": "{{value}}" } ]""");

        Assert.Empty(DeploymentRules.AppSettingProblems(template));
    }
}
