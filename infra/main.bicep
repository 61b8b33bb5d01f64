// ModelService in one resource group: storage, monitoring, the function app on Flex Consumption, a
// registry and a GPU Container Apps environment with the trainer job. `azd up` and
// `az deployment group create -f infra/main.bicep -p infra/main.bicepparam` both deploy this file.
// Every caller authenticates with a user-assigned managed identity; no output or setting carries a secret.
targetScope = 'resourceGroup'

@description('Environment name (azd environment); part of every resource name and the azd-env-name tag.')
@minLength(1)
@maxLength(64)
param environmentName string

@description('Region for every resource. Serverless GPUs exist only in some regions, see docs/deploy.md.')
param location string = resourceGroup().location

@description('Object id of the person (or group) deploying, given data access to storage for `modelsvc`; empty for none.')
param principalId string = ''

@description('Kind of principal principalId names.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param principalType string = 'User'

@description('Days async predictions (records, requests, results) are kept: the app\'s setting and the storage lifecycle rule.')
@minValue(1)
param predictionRetentionDays int = 7

@description('Days a deleted or overwritten blob can be restored (blob soft delete).')
@minValue(1)
@maxValue(365)
param blobSoftDeleteDays int = 14

@description('Days a deleted container can be restored (container soft delete).')
@minValue(1)
@maxValue(365)
param containerSoftDeleteDays int = 14

@description('Days previous blob versions (registry backups, deleted data) are kept before the lifecycle policy deletes them.')
@minValue(1)
param blobVersionRetentionDays int = 30

@description('Storage replication.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param storageSku string = 'Standard_LRS'

@description('Function app instance memory in MB (Flex Consumption: 512, 2048 or 4096).')
@allowed([
  512
  2048
  4096
])
param functionInstanceMemoryMB int = 2048

@description('Most function app instances.')
@minValue(40)
@maxValue(1000)
param functionMaximumInstanceCount int = 100

@description('Always-ready instances for HTTP triggers (no cold start, billed while idle); 0 scales to zero.')
@minValue(0)
@maxValue(20)
param functionAlwaysReadyInstances int = 0

@description('Serverless GPU profile for the trainer.')
@allowed([
  'Consumption-GPU-NC8as-T4'
  'Consumption-GPU-NC24-A100'
])
param gpuProfileType string = 'Consumption-GPU-NC8as-T4'

@description('Trainer image (e.g. crxyz.azurecr.io/modelservice/trainer:1.0). Empty: a placeholder until the trainer is pushed.')
param trainerImage string = ''

@description('Most trainer executions at once.')
@minValue(1)
@maxValue(100)
param trainerMaxExecutions int = 2

@description('Seconds one training run may take.')
@minValue(300)
@maxValue(86400)
param trainerReplicaTimeoutSeconds int = 14400

@description('Price of one second of training in micro-units of the billing currency (1000000 = 1.00); every started second of a job is billed.')
@minValue(0)
param trainingPerSecondMicros int = 0

@description('Days Log Analytics keeps data.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}

// Workload profile the trainer job runs on, declared by the Container Apps environment.
var gpuProfileName = 'gpu'

var names = {
  functionIdentity: '${abbrs.managedIdentityUserAssignedIdentities}func-${resourceToken}'
  trainerIdentity: '${abbrs.managedIdentityUserAssignedIdentities}trainer-${resourceToken}'
  storage: '${abbrs.storageStorageAccounts}${resourceToken}'
  logAnalytics: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
  applicationInsights: '${abbrs.insightsComponents}${resourceToken}'
  plan: '${abbrs.webServerFarms}${resourceToken}'
  functionApp: '${abbrs.webSitesFunctions}${resourceToken}'
  registry: '${abbrs.containerRegistryRegistries}${resourceToken}'
  environment: '${abbrs.appManagedEnvironments}${resourceToken}'
  trainerJob: '${abbrs.appContainerAppsJobs}trainer-${resourceToken}'
  deploymentContainer: 'app-package-${resourceToken}'
}

// One identity per workload, so each gets only the grants its own work needs.
resource functionIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: names.functionIdentity
  location: location
  tags: tags
}

resource trainerIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: names.trainerIdentity
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    logAnalyticsName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
    location: location
    tags: tags
    retentionInDays: logRetentionInDays
    publisherIdentityNames: [
      functionIdentity.name
      trainerIdentity.name
    ]
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: names.storage
    location: location
    tags: tags
    skuName: storageSku
    deploymentContainerName: names.deploymentContainer
    functionIdentityName: functionIdentity.name
    trainerIdentityName: trainerIdentity.name
    operatorPrincipalId: principalId
    operatorPrincipalType: principalType
    predictionRetentionDays: predictionRetentionDays
    blobSoftDeleteDays: blobSoftDeleteDays
    containerSoftDeleteDays: containerSoftDeleteDays
    blobVersionRetentionDays: blobVersionRetentionDays
  }
}

module functionApp 'modules/function-app.bicep' = {
  name: 'function-app'
  params: {
    planName: names.plan
    functionAppName: names.functionApp
    location: location
    tags: tags
    identityName: functionIdentity.name
    storageAccountName: names.storage
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    applicationInsightsName: names.applicationInsights
    instanceMemoryMB: functionInstanceMemoryMB
    maximumInstanceCount: functionMaximumInstanceCount
    alwaysReadyInstances: functionAlwaysReadyInstances
    predictionRetentionDays: predictionRetentionDays
  }
  dependsOn: [
    monitoring
  ]
}

module registry 'modules/registry.bicep' = {
  name: 'registry'
  params: {
    name: names.registry
    location: location
    tags: tags
    pullIdentityNames: [
      trainerIdentity.name
    ]
  }
}

module containerAppsEnvironment 'modules/container-apps-environment.bicep' = {
  name: 'container-apps-environment'
  params: {
    name: names.environment
    location: location
    tags: tags
    logAnalyticsName: names.logAnalytics
    gpuProfileType: gpuProfileType
    gpuProfileName: gpuProfileName
  }
  dependsOn: [
    monitoring
  ]
}

module trainerJob 'modules/trainer-job.bicep' = {
  name: 'trainer-job'
  params: {
    name: names.trainerJob
    location: location
    tags: tags
    environmentName: names.environment
    workloadProfileName: gpuProfileName
    gpuProfileType: gpuProfileType
    identityName: trainerIdentity.name
    registryLoginServer: registry.outputs.loginServer
    image: trainerImage
    storageAccountName: names.storage
    applicationInsightsName: names.applicationInsights
    maxExecutions: trainerMaxExecutions
    replicaTimeoutSeconds: trainerReplicaTimeoutSeconds
    trainingPerSecondMicros: trainingPerSecondMicros
  }
  // The job must not start before its identity may pull images and read the queue it scales on.
  dependsOn: [
    containerAppsEnvironment
    storage
    monitoring
  ]
}

// Names and endpoints only (azd stores these in .azure/<env>/.env).
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = resourceGroup().name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output AZURE_STORAGE_QUEUE_ENDPOINT string = storage.outputs.queueEndpoint
output AZURE_STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_FUNCTION_IDENTITY_CLIENT_ID string = functionIdentity.properties.clientId
output SERVICE_API_NAME string = functionApp.outputs.name
output SERVICE_API_URI string = functionApp.outputs.uri
output AZURE_CONTAINER_REGISTRY_NAME string = registry.outputs.name
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.outputs.loginServer
output AZURE_CONTAINER_APPS_ENVIRONMENT_NAME string = containerAppsEnvironment.outputs.name
output AZURE_CONTAINER_APPS_ENVIRONMENT_ID string = containerAppsEnvironment.outputs.id
output AZURE_TRAINER_JOB_NAME string = trainerJob.outputs.name
output AZURE_TRAINER_IDENTITY_CLIENT_ID string = trainerIdentity.properties.clientId
output SERVICE_TRAINER_NAME string = trainerJob.outputs.name
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output AZURE_LOG_ANALYTICS_NAME string = monitoring.outputs.logAnalyticsName
