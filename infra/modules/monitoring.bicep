// Log Analytics (logs of every component) and a workspace-based Application Insights that accepts
// telemetry only with an Entra ID token: local (instrumentation key) auth is off, so the connection string
// is an address, not a credential. The identities that send telemetry get Monitoring Metrics Publisher.

param logAnalyticsName string
param applicationInsightsName string
param location string
param tags {
  *: string
}

@description('Days Log Analytics keeps data; 30 is included in the ingestion price.')
@minValue(30)
@maxValue(730)
param retentionInDays int = 30

@description('Names of the user-assigned identities that send telemetry.')
param publisherIdentityNames string[]

var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-07-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
    features: {
      disableLocalAuth: true
    }
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
    IngestionMode: 'LogAnalytics'
  }
}

resource publishers 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = [
  for identityName in publisherIdentityNames: {
    name: identityName
  }
]

resource publisherRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (identityName, i) in publisherIdentityNames: {
    name: guid(applicationInsights.id, publishers[i].id, monitoringMetricsPublisher)
    scope: applicationInsights
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher)
      principalId: publishers[i].properties.principalId
      principalType: 'ServicePrincipal'
    }
  }
]

output logAnalyticsId string = workspace.id
output logAnalyticsName string = workspace.name
output applicationInsightsName string = applicationInsights.name
