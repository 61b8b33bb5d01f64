// The trainer (src/ModelService.Trainer) as an event-driven Container Apps Job on the GPU profile: KEDA
// watches the training-jobs queue with the trainer's own identity and starts one execution per message.
// Nothing runs, and nothing is billed for GPU, while the queue is empty.

param name string
param location string
param tags {
  *: string
}

@description('Container Apps environment (with the GPU workload profile).')
param environmentName string

@description('Workload profile the job runs on.')
param workloadProfileName string

@description('GPU profile type, which fixes the CPU and memory a replica may take.')
@allowed([
  'Consumption-GPU-NC8as-T4'
  'Consumption-GPU-NC24-A100'
])
param gpuProfileType string

@description('User-assigned identity the job runs as, pulls its image with and scales with.')
param identityName string

@description('Registry the image lives in (login server, e.g. crxyz.azurecr.io).')
param registryLoginServer string

@description('Trainer image. Empty: a public placeholder until the first `azd deploy trainer` or `az acr build`.')
param image string = ''

param storageAccountName string
param applicationInsightsName string

@description('Queue that starts a training run.')
param queueName string = 'training-jobs'

@description('Price of one second of training, in micro-units of the billing currency (Billing:TrainingPerSecondMicros).')
@minValue(0)
param trainingPerSecondMicros int

@description('Most executions running at once (each holds a GPU).')
@minValue(1)
@maxValue(100)
param maxExecutions int = 2

@description('Seconds one run may take before it is stopped.')
@minValue(300)
@maxValue(86400)
param replicaTimeoutSeconds int = 14400

var placeholderImage = 'mcr.microsoft.com/k8se/quickstart-jobs:latest'

// What one replica may take on each serverless GPU profile (the whole GPU node).
var resourcesByProfile = {
  'Consumption-GPU-NC8as-T4': {
    cpu: json('8')
    memory: '56Gi'
  }
  'Consumption-GPU-NC24-A100': {
    cpu: json('24')
    memory: '220Gi'
  }
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

resource environment 'Microsoft.App/managedEnvironments@2025-07-01' existing = {
  name: environmentName
}

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource job 'Microsoft.App/jobs@2025-07-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'trainer' })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    environmentId: environment.id
    workloadProfileName: workloadProfileName
    configuration: {
      triggerType: 'Event'
      replicaTimeout: replicaTimeoutSeconds
      replicaRetryLimit: 1
      eventTriggerConfig: {
        parallelism: 1
        replicaCompletionCount: 1
        scale: {
          minExecutions: 0
          maxExecutions: maxExecutions
          pollingInterval: 30
          rules: [
            {
              name: 'training-jobs-queue'
              type: 'azure-queue'
              metadata: {
                accountName: storage.name
                queueName: queueName
                queueLength: '1'
              }
              // KEDA reads the queue length as this identity: no connection string, no secret.
              identity: identity.id
            }
          ]
        }
      }
      registries: [
        {
          server: registryLoginServer
          identity: identity.id
        }
      ]
    }
    template: {
      containers: [
        {
          name: 'trainer'
          image: empty(image) ? placeholderImage : image
          resources: resourcesByProfile[gpuProfileType]
          env: [
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
              name: 'ModelService__Billing__TrainingPerSecondMicros'
              value: string(trainingPerSecondMicros)
            }
            {
              name: 'AZURE_CLIENT_ID'
              value: identity.properties.clientId
            }
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
      ]
    }
  }
}

output name string = job.name
