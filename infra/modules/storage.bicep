// The one storage account: model registry, datasets, predictions, queues, tables, the Functions host's own
// state and the Flex Consumption deployment package. Shared keys are off, so every caller uses Entra ID.
// Role assignments for the identities that use the account sit here, next to what they grant.

@description('Storage account name (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

param location string
param tags {
  *: string
}

@description('Replication. LRS is cheapest; ZRS survives a zone loss.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param skuName string = 'Standard_LRS'

@description('Blob container that holds the function app package (Flex Consumption deployment storage).')
param deploymentContainerName string

@description('User-assigned identity of the function app: full data access to this account (the host needs it).')
param functionIdentityName string

@description('User-assigned identity of the trainer job: access only to the containers, queues and tables it uses.')
param trainerIdentityName string

@description('Object id of a person or group given data access for operating the service (publishing models); empty for none.')
param operatorPrincipalId string = ''

@description('Kind of principal operatorPrincipalId names.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param operatorPrincipalType string = 'User'

@description('Days a prediction\'s request and result blobs are kept after they were last written (ModelService:Predictions:RetentionDays).')
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

@description('Days a previous blob version is kept before the lifecycle policy deletes it; versioning keeps every model\'s registry blobs restorable.')
@minValue(1)
param blobVersionRetentionDays int = 30

var blobContainers = [
  'models'
  'datasets'
  'predictions'
  // Usage batches that could not be queued after retries, kept for `modelsvc usage replay`.
  'usage-parked'
  deploymentContainerName
]

var queueNames = [
  'usage-events'
  'inference-requests'
  'webhook-deliveries'
  'training-jobs'
]

var tableNames = [
  'tenants'
  'apikeys'
  // Append-only audit trail of operator and key actions.
  'audit'
  // The usage ledger and its totals share one table: one transaction writes an event and its totals.
  'usage'
  'predictions'
  'trainingjobs'
  'trainingevents'
]

// Built-in role definition ids (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles).
var roles = {
  blobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  blobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  blobDataReader: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'
  queueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  queueDataMessageSender: 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a'
  tableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}

resource functionIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: functionIdentityName
}

resource trainerIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: trainerIdentityName
}

resource account 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
    encryption: {
      keySource: 'Microsoft.Storage'
      requireInfrastructureEncryption: false
      services: {
        blob: {
          enabled: true
        }
        file: {
          enabled: true
        }
        queue: {
          enabled: true
          keyType: 'Account'
        }
        table: {
          enabled: true
          keyType: 'Account'
        }
      }
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-06-01' = {
  parent: account
  name: 'default'
  properties: {
    // Backups of the model registry (and every other container): an overwritten or deleted blob keeps its
    // previous version, and a deleted blob or container can be restored within its soft-delete days.
    isVersioningEnabled: true
    deleteRetentionPolicy: {
      enabled: true
      days: blobSoftDeleteDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: containerSoftDeleteDays
    }
  }
}

// Retention the storage enforces by itself: prediction blobs (requests and results) are deleted
// predictionRetentionDays after they were written, whether or not the app's sweep ran.
resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2025-06-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'delete-old-predictions'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                'predictions/'
              ]
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterModificationGreaterThan: predictionRetentionDays
                }
              }
            }
          }
        }
        {
          // Without it versions pile up for ever, and deleted data (a deleted tenant's) would never be gone.
          name: 'delete-old-versions'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
            }
            actions: {
              version: {
                delete: {
                  daysAfterCreationGreaterThan: blobVersionRetentionDays
                }
              }
            }
          }
        }
      ]
    }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = [
  for container in blobContainers: {
    parent: blobService
    name: container
    properties: {
      publicAccess: 'None'
    }
  }
]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2025-06-01' = {
  parent: account
  name: 'default'
}

// Each queue and its poison twin, created up front so no caller needs rights to create queues.
resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-06-01' = [
  for queue in flatten(map(queueNames, q => [q, '${q}-poison'])): {
    parent: queueService
    name: queue
  }
]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-06-01' = {
  parent: account
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-06-01' = [
  for table in tableNames: {
    parent: tableService
    name: table
  }
]

// Function app: the Functions host keeps leases, timers and the deployment package in blobs, its queue
// triggers use queues, and the app reads and writes every table, so its grants are account-wide.
// Blob Data Owner (not Contributor) is what the host's identity-based AzureWebJobsStorage documents.
resource functionBlob 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, functionIdentity.id, roles.blobDataOwner)
  scope: account
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.blobDataOwner)
    principalId: functionIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource functionQueue 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, functionIdentity.id, roles.queueDataContributor)
  scope: account
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.queueDataContributor)
    principalId: functionIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource functionTable 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, functionIdentity.id, roles.tableDataContributor)
  scope: account
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.tableDataContributor)
    principalId: functionIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// Trainer: reads datasets, publishes models, takes messages off training-jobs (its KEDA scaler reads the
// queue length with the same identity), writes job records and progress events, and sends each job's one usage
// event to usage-events (send only: it reads nothing there; a batch it cannot send is parked in usage-parked) and an
// audit entry per trained version. Nothing else.
resource datasetsContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' existing = {
  parent: blobService
  name: 'datasets'
  dependsOn: [containers]
}

resource modelsContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' existing = {
  parent: blobService
  name: 'models'
  dependsOn: [containers]
}

resource usageParkedContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' existing = {
  parent: blobService
  name: 'usage-parked'
  dependsOn: [containers]
}

resource trainingQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-06-01' existing = {
  parent: queueService
  name: 'training-jobs'
  dependsOn: [queues]
}

resource trainingPoisonQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-06-01' existing = {
  parent: queueService
  name: 'training-jobs-poison'
  dependsOn: [queues]
}

resource usageQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-06-01' existing = {
  parent: queueService
  name: 'usage-events'
  dependsOn: [queues]
}

resource auditTable 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-06-01' existing = {
  parent: tableService
  name: 'audit'
  dependsOn: [tables]
}

resource trainingJobsTable 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-06-01' existing = {
  parent: tableService
  name: 'trainingjobs'
  dependsOn: [tables]
}

resource trainingEventsTable 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-06-01' existing = {
  parent: tableService
  name: 'trainingevents'
  dependsOn: [tables]
}

resource trainerDatasets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(datasetsContainer.id, trainerIdentity.id, roles.blobDataReader)
  scope: datasetsContainer
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.blobDataReader)
    principalId: trainerIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource trainerModels 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(modelsContainer.id, trainerIdentity.id, roles.blobDataContributor)
  scope: modelsContainer
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.blobDataContributor)
    principalId: trainerIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource trainerQueue 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(trainingQueue.id, trainerIdentity.id, roles.queueDataContributor)
  scope: trainingQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.queueDataContributor)
    principalId: trainerIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource trainerPoisonQueue 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(trainingPoisonQueue.id, trainerIdentity.id, roles.queueDataContributor)
  scope: trainingPoisonQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.queueDataContributor)
    principalId: trainerIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource trainerUsageQueue 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(usageQueue.id, trainerIdentity.id, roles.queueDataMessageSender)
  scope: usageQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.queueDataMessageSender)
    principalId: trainerIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// A usage event the trainer cannot queue after retries is parked here, never dropped.
resource trainerUsageParked 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(usageParkedContainer.id, trainerIdentity.id, roles.blobDataContributor)
  scope: usageParkedContainer
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.blobDataContributor)
    principalId: trainerIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// The trainer appends one audit entry per trained version (who, what, when) to its tenant's trail.
resource trainerAuditTable 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(auditTable.id, trainerIdentity.id, roles.tableDataContributor)
  scope: auditTable
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.tableDataContributor)
    principalId: trainerIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource trainerJobsTable 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(trainingJobsTable.id, trainerIdentity.id, roles.tableDataContributor)
  scope: trainingJobsTable
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.tableDataContributor)
    principalId: trainerIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource trainerEventsTable 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(trainingEventsTable.id, trainerIdentity.id, roles.tableDataContributor)
  scope: trainingEventsTable
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.tableDataContributor)
    principalId: trainerIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// Operator (optional): the person running `azd up` can publish models and read results with `modelsvc`.
resource operatorBlob 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(operatorPrincipalId)) {
  name: guid(account.id, operatorPrincipalId, roles.blobDataContributor)
  scope: account
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.blobDataContributor)
    principalId: operatorPrincipalId
    principalType: operatorPrincipalType
  }
}

resource operatorQueue 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(operatorPrincipalId)) {
  name: guid(account.id, operatorPrincipalId, roles.queueDataContributor)
  scope: account
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.queueDataContributor)
    principalId: operatorPrincipalId
    principalType: operatorPrincipalType
  }
}

resource operatorTable 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(operatorPrincipalId)) {
  name: guid(account.id, operatorPrincipalId, roles.tableDataContributor)
  scope: account
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.tableDataContributor)
    principalId: operatorPrincipalId
    principalType: operatorPrincipalType
  }
}

output name string = account.name
output id string = account.id
output blobEndpoint string = account.properties.primaryEndpoints.blob
output queueEndpoint string = account.properties.primaryEndpoints.queue
output tableEndpoint string = account.properties.primaryEndpoints.table
output deploymentContainerUrl string = '${account.properties.primaryEndpoints.blob}${deploymentContainerName}'
