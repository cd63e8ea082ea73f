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

@description('Secret name to value. An empty value leaves the stored secret as it is, so a re-deployment without the value keeps a secret rotated in the vault.')
@secure()
param secrets object

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

resource secret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = [
  for item in items(secrets): if (!empty(item.value)) {
    parent: vault
    name: item.key
    properties: {
      value: item.value
    }
  }
]

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
