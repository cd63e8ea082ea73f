// SalesOpsBot in Azure: the Azure Bot (Teams channel), the host on Container Apps (two replicas or more), the
// app-state database (PostgreSQL flexible server), Key Vault, Log Analytics and Application Insights.
// Deploy registry.bicep first and push the image; docs/deploy.md walks through every step.

targetScope = 'resourceGroup'

@description('Azure region of every regional resource (the bot itself is global).')
param location string = resourceGroup().location

@description('Prefix of resource names, 3-12 lowercase letters, digits or hyphens.')
@minLength(3)
@maxLength(12)
param namePrefix string = 'salesops'

@description('Tags for every resource.')
param tags object = {
  application: 'salesopsbot'
}

@description('Name of the container registry made by registry.bicep, in this resource group.')
param containerRegistryName string

@description('Image to run, e.g. salesopsabc123.azurecr.io/salesopsbot:1.0.0 (pushed before this deployment).')
param containerImage string

@description('How the bot authenticates: UserAssignedMSI (recommended: the managed identity made here is the bot, no secret to rotate) or SingleTenant (an app registration with a client secret). MultiTenant is retired for new bots.')
@allowed([
  'SingleTenant'
  'UserAssignedMSI'
])
param botAppType string = 'UserAssignedMSI'

@description('SingleTenant only: the app registration\'s Application (client) id. Ignored for UserAssignedMSI.')
param botAppId string = ''

@description('SingleTenant only: the app registration\'s client secret, stored in Key Vault as bot-app-password. Empty keeps the stored secret (first deployment: required for SingleTenant).')
@secure()
param botAppPassword string = ''

@description('Entra tenant of the bot registration and of the Teams users; other tenants are refused by the host.')
param botTenantId string = tenant().tenantId

@description('Azure Bot pricing tier; Teams messages are free on F0.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

@description('Replicas always running (at least two).')
@minValue(2)
@maxValue(30)
param minReplicas int = 2

@description('Replicas at most under load.')
@minValue(2)
@maxValue(30)
param maxReplicas int = 4

@description('Administrator login of the app-state PostgreSQL server.')
param stateDbAdminLogin string = 'salesopsadmin'

@description('Administrator password of the app-state PostgreSQL server; also written to Key Vault inside state-connection-string. Pass it from the environment (main.bicepparam reads SALESOPS_STATE_DB_PASSWORD), never from a file.')
@secure()
@minLength(12)
param stateDbAdminPassword string

@description('PostgreSQL compute size.')
param stateDbSkuName string = 'Standard_B1ms'

@description('PostgreSQL tier matching stateDbSkuName.')
@allowed([
  'Burstable'
  'GeneralPurpose'
  'MemoryOptimized'
])
param stateDbSkuTier string = 'Burstable'

@description('The sales warehouse as the host reads it: postgres:<Npgsql connection string> or sqlserver:<SqlClient connection string>, with a read-only login (docs/admin.md). Stored in Key Vault as warehouse-connection-string. Empty keeps the stored secret (first deployment: required).')
@secure()
param warehouseConnectionString string = ''

@description('First month of the fiscal year (1 = January).')
@minValue(1)
@maxValue(12)
param fiscalYearStartMonth int = 1

@description('Language model for the narrative (docs/llm.md); none = deterministic answers only.')
@allowed([
  'none'
  'azure'
  'openai'
])
param llmProvider string = 'none'

@description('Model endpoint: the Azure OpenAI resource endpoint, or an OpenAI-compatible base URL including /v1.')
param llmEndpoint string = ''

@description('Model id (OpenAI) or deployment name (Azure OpenAI).')
param llmModel string = ''

@description('Model API key, stored in Key Vault as llm-api-key. Empty keeps the stored secret.')
@secure()
param llmApiKey string = ''

@description('Optional: object id of the admin user or group allowed to set secrets in the vault (rotation with az keyvault secret set).')
param vaultAdminPrincipalId string = ''

@description('Principal type of vaultAdminPrincipalId.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param vaultAdminPrincipalType string = 'User'

@description('Days the logs are kept.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

@description('Readiness probe path of the host.')
param readinessPath string = '/readyz'

var suffix = uniqueString(resourceGroup().id, namePrefix)
var stateDatabaseName = 'salesopsbot'

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: '${namePrefix}-id'
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    namePrefix: namePrefix
    location: location
    tags: tags
    retentionInDays: logRetentionInDays
  }
}

module registryPull 'modules/registry-pull.bicep' = {
  name: 'registry-pull'
  params: {
    registryName: containerRegistryName
    principalId: identity.outputs.principalId
    identityName: '${namePrefix}-id'
  }
}

module database 'modules/database.bicep' = {
  name: 'database'
  params: {
    name: '${namePrefix}-state-${suffix}'
    location: location
    tags: tags
    administratorLogin: stateDbAdminLogin
    administratorPassword: stateDbAdminPassword
    databaseName: stateDatabaseName
    skuName: stateDbSkuName
    skuTier: stateDbSkuTier
    storageSizeGB: 32
  }
}

module vault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: take('${namePrefix}-kv-${suffix}', 24)
    location: location
    tags: tags
    readerPrincipalId: identity.outputs.principalId
    vaultAdminPrincipalId: vaultAdminPrincipalId
    vaultAdminPrincipalType: vaultAdminPrincipalType
    // The host's app-state syntax (AppStateDatabase.Parse): postgres:<Npgsql connection string>.
    stateConnectionString: 'postgres:Host=${database.outputs.fqdn};Database=${stateDatabaseName};Username=${stateDbAdminLogin};Password=${stateDbAdminPassword};SSL Mode=Require'
    warehouseConnectionString: warehouseConnectionString
    botAppPassword: botAppType == 'SingleTenant' ? botAppPassword : ''
    llmApiKey: llmApiKey
  }
}

module host 'modules/host.bicep' = {
  name: 'host'
  params: {
    namePrefix: namePrefix
    location: location
    tags: tags
    logAnalyticsWorkspaceName: monitoring.outputs.workspaceName
    identityResourceId: identity.outputs.resourceId
    containerImage: containerImage
    registryServer: registryPull.outputs.loginServer
    minReplicas: minReplicas
    maxReplicas: max(minReplicas, maxReplicas)
    keyVaultUri: vault.outputs.uri
    botAppId: botAppType == 'UserAssignedMSI' ? identity.outputs.clientId : botAppId
    botAppType: botAppType
    botTenantId: botTenantId
    fiscalYearStartMonth: fiscalYearStartMonth
    llmProvider: llmProvider
    llmEndpoint: llmEndpoint
    llmModel: llmModel
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    livenessPath: '/healthz'
    readinessPath: readinessPath
  }
}

module bot 'modules/bot.bicep' = {
  name: 'bot'
  params: {
    name: '${namePrefix}-bot-${suffix}'
    displayName: 'SalesOpsBot'
    tags: tags
    endpoint: 'https://${host.outputs.fqdn}/api/messages'
    appId: botAppType == 'UserAssignedMSI' ? identity.outputs.clientId : botAppId
    appType: botAppType
    tenantId: botTenantId
    identityResourceId: identity.outputs.resourceId
    sku: botSku
  }
}

@description('The bot\'s Microsoft App Id: pass it to infra/teams/package.sh.')
output botAppId string = botAppType == 'UserAssignedMSI' ? identity.outputs.clientId : botAppId

@description('Host name of the app: the bot domain for infra/teams/package.sh.')
output hostName string = host.outputs.fqdn

@description('The messaging endpoint registered on the Azure Bot.')
output messagingEndpoint string = 'https://${host.outputs.fqdn}/api/messages'

@description('Addresses the app connects from: allow them in the warehouse firewall.')
output outboundIpAddresses array = host.outputs.outboundIpAddresses

@description('Key Vault holding the secrets (rotation: docs/deploy.md).')
output keyVaultName string = vault.outputs.name

@description('Container app name (logs, restarts).')
output containerAppName string = host.outputs.name

@description('App-state PostgreSQL server.')
output stateDbHost string = database.outputs.fqdn
