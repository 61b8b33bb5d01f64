// The HTTP and queue front end: src/ModelService.Functions on the Flex Consumption plan (Linux, .NET
// isolated worker). It runs as a user-assigned identity that reaches storage, the deployment package and
// Application Insights with Entra ID tokens; no app setting holds a key or a connection string with one.

param planName string
param functionAppName string
param location string
param tags {
  *: string
}

@description('User-assigned identity the app runs as (created by main.bicep).')
param identityName string

@description('Storage account name: the host\'s AzureWebJobsStorage and the service\'s data.')
param storageAccountName string

@description('Blob container URL that holds the deployment package.')
param deploymentContainerUrl string

@description('Application Insights component that receives telemetry (Entra ID auth only).')
param applicationInsightsName string

@description('Memory per instance, which also sets its CPU share (Flex Consumption sizes).')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Upper bound on instances the plan scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Days async predictions are kept (the storage lifecycle rule uses the same number).')
@minValue(1)
param predictionRetentionDays int = 7

@description('Instances kept warm for HTTP triggers (billed while idle); 0 means scale to zero.')
@minValue(0)
@maxValue(20)
param alwaysReadyInstances int = 0

@description('.NET version of the isolated worker.')
param dotnetVersion string = '10.0'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2025-03-01' = {
  name: functionAppName
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    publicNetworkAccess: 'Enabled'
    siteConfig: {
      minTlsVersion: '1.2'
      appSettings: [
        // Functions host storage (leases, timers, queue triggers) through the identity, not a key.
        {
          name: 'AzureWebJobsStorage__credential'
          value: 'managedidentity'
        }
        {
          name: 'AzureWebJobsStorage__clientId'
          value: identity.properties.clientId
        }
        {
          name: 'AzureWebJobsStorage__blobServiceUri'
          value: storage.properties.primaryEndpoints.blob
        }
        {
          name: 'AzureWebJobsStorage__queueServiceUri'
          value: storage.properties.primaryEndpoints.queue
        }
        {
          name: 'AzureWebJobsStorage__tableServiceUri'
          value: storage.properties.primaryEndpoints.table
        }
        // The service's own storage clients (ModelService.Core StorageOptions).
        {
          name: 'ModelService__Storage__BlobServiceUri'
          value: storage.properties.primaryEndpoints.blob
        }
        {
          name: 'ModelService__Storage__QueueServiceUri'
          value: storage.properties.primaryEndpoints.queue
        }
        {
          name: 'ModelService__Storage__TableServiceUri'
          value: storage.properties.primaryEndpoints.table
        }
        {
          name: 'ModelService__Storage__ManagedIdentityClientId'
          value: identity.properties.clientId
        }
        {
          name: 'ModelService__Predictions__RetentionDays'
          value: string(predictionRetentionDays)
        }
        {
          name: 'AZURE_CLIENT_ID'
          value: identity.properties.clientId
        }
        // The runtime otherwise postpones optimizing hot methods while anything new is still being compiled, and
        // under steady load the inference path stayed unoptimized for minutes (docs/performance.md, "Warm code").
        {
          name: 'DOTNET_TC_CallCountingDelayMs'
          value: '0'
        }
        // Telemetry: the connection string only addresses the component; ingestion needs the identity's token.
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: applicationInsights.properties.ConnectionString
        }
        {
          name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
          value: 'ClientId=${identity.properties.clientId};Authorization=AAD'
        }
      ]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
        alwaysReady: alwaysReadyInstances > 0
          ? [
              {
                name: 'http'
                instanceCount: alwaysReadyInstances
              }
            ]
          : []
      }
      runtime: {
        name: 'dotnet-isolated'
        version: dotnetVersion
      }
    }
  }
}

// Deployments go through Entra ID (azd, `az functionapp deployment`), so basic-auth publishing is off.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: functionApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: functionApp
  name: 'scm'
  properties: {
    allow: false
  }
}

output name string = functionApp.name
output planName string = plan.name
output uri string = 'https://${functionApp.properties.defaultHostName}'
