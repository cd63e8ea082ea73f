// Log Analytics (container logs of the Container Apps environment) and a workspace-based Application Insights
// (the app's traces and metrics through APPLICATIONINSIGHTS_CONNECTION_STRING).

@description('Name prefix of the two resources.')
param namePrefix string

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object

@description('Days the logs are kept.')
@minValue(30)
@maxValue(730)
param retentionInDays int

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${namePrefix}-logs'
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${namePrefix}-insights'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    // Entra-only ingestion (true) would need the exporter to authenticate with the managed identity; the host does not yet.
    DisableLocalAuth: false
    IngestionMode: 'LogAnalytics'
  }
}

output workspaceName string = workspace.name

// Not a secret: the connection string identifies where telemetry goes (Microsoft documents it as such).
output applicationInsightsConnectionString string = insights.properties.ConnectionString
