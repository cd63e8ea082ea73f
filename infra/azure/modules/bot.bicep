// The Azure Bot resource: the Bot Framework registration of the host's /api/messages, with the Teams channel.

@description('Globally unique bot resource name.')
param name string

@description('Display name shown in the Azure portal.')
param displayName string

@description('Tags for every resource.')
param tags object

@description('Messaging endpoint: https://<host>/api/messages.')
param endpoint string

@description('Microsoft App Id: the app registration\'s client id (SingleTenant) or the managed identity\'s client id (UserAssignedMSI).')
param appId string

@description('SingleTenant or UserAssignedMSI; new MultiTenant bots cannot be created since 31 July 2025.')
@allowed([
  'SingleTenant'
  'UserAssignedMSI'
])
param appType string

@description('Entra tenant id of the registration.')
param tenantId string

@description('Resource id of the user-assigned managed identity (used with UserAssignedMSI only).')
param identityResourceId string

@description('F0 (free; Teams is a standard channel, so its messages are free on either) or S1.')
@allowed([
  'F0'
  'S1'
])
param sku string

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: name
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: {
    name: sku
  }
  properties: {
    displayName: displayName
    endpoint: endpoint
    msaAppId: appId
    msaAppType: appType
    msaAppTenantId: tenantId
    msaAppMSIResourceId: appType == 'UserAssignedMSI' ? identityResourceId : null
    publicNetworkAccess: 'Enabled'
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      acceptedTerms: true
    }
  }
}

output name string = bot.name
