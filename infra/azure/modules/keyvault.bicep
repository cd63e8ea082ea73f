// Key Vault with RBAC authorization: the app's identity may read secrets, nothing else; the secrets this
// deployment knows are written here and the container app refers to them by URL, so no secret is ever an app
// setting value or a parameters-file entry.

@description('Globally unique vault name (3-24 characters).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object

@description('Principal id of the app\'s managed identity (gets Key Vault Secrets User).')
param readerPrincipalId string

@description('Optional: object id of the admin (user or group) who rotates secrets with az keyvault secret set (gets Key Vault Secrets Officer). Empty: nobody.')
param vaultAdminPrincipalId string

@description('Optional: principal type of vaultAdminPrincipalId.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param vaultAdminPrincipalType string

// Each secret below is written only when its value is not empty, so a re-deployment without the value keeps a
// secret rotated in the vault.

@description('The host\'s app-state connection string (Key Vault secret state-connection-string).')
@secure()
param stateConnectionString string

@description('The warehouse location with its read-only login (secret warehouse-connection-string).')
@secure()
param warehouseConnectionString string

@description('The SingleTenant app registration\'s client secret (secret bot-app-password); empty for UserAssignedMSI.')
@secure()
param botAppPassword string

@description('The language model API key (secret llm-api-key); empty without a model.')
@secure()
param llmApiKey string

var secretsUserRoleId = '4633458b-17de-499a-a4f0-5ba9e8e6ac5e'
var secretsOfficerRoleId = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

resource stateSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(stateConnectionString)) {
  parent: vault
  name: 'state-connection-string'
  properties: {
    value: stateConnectionString
  }
}

resource warehouseSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(warehouseConnectionString)) {
  parent: vault
  name: 'warehouse-connection-string'
  properties: {
    value: warehouseConnectionString
  }
}

resource botPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(botAppPassword)) {
  parent: vault
  name: 'bot-app-password'
  properties: {
    value: botAppPassword
  }
}

resource llmKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(llmApiKey)) {
  parent: vault
  name: 'llm-api-key'
  properties: {
    value: llmApiKey
  }
}

resource readerRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, readerPrincipalId, secretsUserRoleId)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUserRoleId)
    principalId: readerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource officerRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(vaultAdminPrincipalId)) {
  scope: vault
  name: guid(vault.id, vaultAdminPrincipalId, secretsOfficerRoleId)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsOfficerRoleId)
    principalId: vaultAdminPrincipalId
    principalType: vaultAdminPrincipalType
  }
}

output name string = vault.name
output uri string = vault.properties.vaultUri
