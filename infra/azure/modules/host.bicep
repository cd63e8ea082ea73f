// The host: a Container Apps environment and the bot's container app, at least two replicas behind one ingress.
// Every setting below is a real option of the host (Bot:*, Warehouse:*, Llm:*); secrets are Key Vault references
// read with the app's managed identity. The deployment tests bind these names to the options classes.

@description('Name prefix of the environment and the app.')
param namePrefix string

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object

@description('Log Analytics workspace that receives the container logs.')
param logAnalyticsWorkspaceName string

@description('Resource id of the app\'s user-assigned managed identity.')
param identityResourceId string

@description('Container image, e.g. myregistry.azurecr.io/salesopsbot:1.0.0.')
param containerImage string

@description('Login server of the registry holding the image.')
param registryServer string

@description('Replicas always running: two, so a restart or a failed replica never leaves the bot without an instance.')
@minValue(2)
@maxValue(30)
param minReplicas int

@description('Upper bound for HTTP scale-out.')
@minValue(2)
@maxValue(30)
param maxReplicas int

@description('Vault URI (https://<name>.vault.azure.net/) of the secrets.')
param keyVaultUri string

@description('The bot\'s Microsoft App Id: the app registration\'s client id, or the identity\'s client id for UserAssignedMSI.')
param botAppId string

@description('SingleTenant (client secret in Key Vault) or UserAssignedMSI (no secret). MultiTenant cannot be created any more.')
@allowed([
  'SingleTenant'
  'UserAssignedMSI'
])
param botAppType string

@description('Entra tenant of the bot registration; also the only Teams tenant allowed to talk to the bot.')
param botTenantId string

@description('First month of the fiscal year (1 = January).')
@minValue(1)
@maxValue(12)
param fiscalYearStartMonth int

@description('Language model provider; none = deterministic answers only.')
@allowed([
  'none'
  'azure'
  'openai'
])
param llmProvider string

@description('Model endpoint (Azure OpenAI resource endpoint, or an OpenAI-compatible base URL with /v1).')
param llmEndpoint string

@description('Model id (OpenAI) or deployment name (Azure OpenAI).')
param llmModel string

@description('Application Insights connection string. Microsoft does not class it as a secret; secure here so it stays out of deployment logs.')
@secure()
param applicationInsightsConnectionString string

@description('Readiness probe path: answers 200 when the warehouse and the app-state database are reachable.')
param readinessPath string

@description('Liveness probe path: answers 200 while the process serves requests.')
param livenessPath string

// The port the image listens on (ASPNETCORE_HTTP_PORTS in the Dockerfile).
var containerPort = 8080

var secretUrl = '${keyVaultUri}secrets/'

var baseSecrets = [
  {
    name: 'state-connection-string'
    keyVaultUrl: '${secretUrl}state-connection-string'
    identity: identityResourceId
  }
  {
    name: 'warehouse-connection-string'
    keyVaultUrl: '${secretUrl}warehouse-connection-string'
    identity: identityResourceId
  }
]

var botPasswordSecrets = [
  {
    name: 'bot-app-password'
    keyVaultUrl: '${secretUrl}bot-app-password'
    identity: identityResourceId
  }
]

var llmSecrets = [
  {
    name: 'llm-api-key'
    keyVaultUrl: '${secretUrl}llm-api-key'
    identity: identityResourceId
  }
]

var baseEnv = [
  {
    name: 'Bot__MicrosoftAppId'
    value: botAppId
  }
  {
    name: 'Bot__MicrosoftAppType'
    value: botAppType
  }
  {
    name: 'Bot__MicrosoftAppTenantId'
    value: botTenantId
  }
  {
    name: 'Bot__AllowedTenantIds__0'
    value: botTenantId
  }
  {
    name: 'Bot__LocalWebChat'
    value: 'false'
  }
  {
    name: 'Bot__StateConnectionString'
    secretRef: 'state-connection-string'
  }
  {
    name: 'Warehouse__ConnectionString'
    secretRef: 'warehouse-connection-string'
  }
  {
    name: 'Warehouse__FiscalYearStartMonth'
    value: string(fiscalYearStartMonth)
  }
  {
    name: 'Warehouse__SeedDemoWhenMissing'
    value: 'false'
  }
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    value: applicationInsightsConnectionString
  }
]

// Only a SingleTenant registration has a client secret; the host refuses a password with UserAssignedMSI.
var botPasswordEnv = [
  {
    name: 'Bot__MicrosoftAppPassword'
    secretRef: 'bot-app-password'
  }
]

var llmEnv = [
  {
    name: 'Llm__Provider'
    value: llmProvider
  }
  {
    name: 'Llm__Endpoint'
    value: llmEndpoint
  }
  {
    name: 'Llm__Model'
    value: llmModel
  }
  {
    name: 'Llm__ApiKey'
    secretRef: 'llm-api-key'
  }
]

var usesPassword = botAppType == 'SingleTenant'
var usesModel = llmProvider != 'none'

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: logAnalyticsWorkspaceName
}

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: '${namePrefix}-env'
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: workspace.properties.customerId
        sharedKey: workspace.listKeys().primarySharedKey
      }
    }
  }
}

resource app 'Microsoft.App/containerApps@2024-03-01' = {
  name: '${namePrefix}-bot'
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityResourceId}': {}
    }
  }
  properties: {
    managedEnvironmentId: environment.id
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: containerPort
        transport: 'http'
        allowInsecure: false
      }
      registries: [
        {
          server: registryServer
          identity: identityResourceId
        }
      ]
      secrets: concat(baseSecrets, usesPassword ? botPasswordSecrets : [], usesModel ? llmSecrets : [])
    }
    template: {
      containers: [
        {
          name: 'bot'
          image: containerImage
          resources: {
            cpu: json('1.0')
            memory: '2Gi'
          }
          env: concat(baseEnv, usesPassword ? botPasswordEnv : [], usesModel ? llmEnv : [])
          probes: [
            {
              type: 'Startup'
              httpGet: {
                path: livenessPath
                port: containerPort
              }
              periodSeconds: 5
              failureThreshold: 24
            }
            {
              type: 'Liveness'
              httpGet: {
                path: livenessPath
                port: containerPort
              }
              periodSeconds: 10
              failureThreshold: 3
            }
            {
              type: 'Readiness'
              httpGet: {
                path: readinessPath
                port: containerPort
              }
              periodSeconds: 10
              failureThreshold: 3
            }
          ]
        }
      ]
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
        rules: [
          {
            name: 'http-concurrency'
            http: {
              metadata: {
                concurrentRequests: '50'
              }
            }
          }
        ]
      }
    }
  }
}

output fqdn string = app.properties.configuration.ingress.fqdn
output outboundIpAddresses array = app.properties.outboundIpAddresses
output name string = app.name
