// Private registry for the trainer image. No admin user and no anonymous pull: the trainer job pulls
// with its own identity (AcrPull), people and CI push with their Entra ID sign-in (`az acr login`).

@description('Registry name (5-50 letters and digits).')
@minLength(5)
@maxLength(50)
param name string

param location string
param tags {
  *: string
}

@allowed([
  'Basic'
  'Standard'
  'Premium'
])
param sku string = 'Basic'

@description('Names of the user-assigned identities that pull images.')
param pullIdentityNames string[]

var acrPull = '7f951dda-4ed3-4680-a7ca-43fe172d538d'

resource registry 'Microsoft.ContainerRegistry/registries@2025-04-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: sku
  }
  properties: {
    adminUserEnabled: false
    anonymousPullEnabled: false
    publicNetworkAccess: 'Enabled'
  }
}

resource pullers 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = [
  for identityName in pullIdentityNames: {
    name: identityName
  }
]

resource pullRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (identityName, i) in pullIdentityNames: {
    name: guid(registry.id, pullers[i].id, acrPull)
    scope: registry
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', acrPull)
      principalId: pullers[i].properties.principalId
      principalType: 'ServicePrincipal'
    }
  }
]

output name string = registry.name
output loginServer string = registry.properties.loginServer
