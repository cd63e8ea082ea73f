// Step 1 of docs/deploy.md: the container registry, deployed before main.bicep so the image can be pushed
// (az acr build, or docker push) before the container app first pulls it.

@description('Globally unique registry name, 5-50 letters and digits.')
@minLength(5)
@maxLength(50)
param name string = 'salesops${uniqueString(resourceGroup().id)}'

@description('Azure region.')
param location string = resourceGroup().location

@description('Tags for the registry.')
param tags object = {
  application: 'salesopsbot'
}

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Basic'
  }
  properties: {
    // Pulls use the app's managed identity (AcrPull); no shared admin password exists.
    adminUserEnabled: false
  }
}

output name string = registry.name
output loginServer string = registry.properties.loginServer
