// Container Apps environment for the trainer: a serverless GPU workload profile next to the default
// Consumption profile. Logs go to Log Analytics through a diagnostic setting (destination azure-monitor),
// so the environment never holds the workspace's shared key.

param name string
param location string
param tags {
  *: string
}

@description('Log Analytics workspace that receives the environment\'s console and system logs.')
param logAnalyticsName string

@description('Serverless GPU profile for the trainer. T4 is cheaper; A100 is faster and has far more memory.')
@allowed([
  'Consumption-GPU-NC8as-T4'
  'Consumption-GPU-NC24-A100'
])
param gpuProfileType string = 'Consumption-GPU-NC8as-T4'

@description('Name jobs use to pick the GPU profile.')
param gpuProfileName string

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-07-01' existing = {
  name: logAnalyticsName
}

resource environment 'Microsoft.App/managedEnvironments@2025-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'azure-monitor'
    }
    workloadProfiles: [
      {
        name: 'Consumption'
        workloadProfileType: 'Consumption'
      }
      {
        name: gpuProfileName
        workloadProfileType: gpuProfileType
      }
    ]
    zoneRedundant: false
  }
}

resource logs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'logs-to-workspace'
  scope: environment
  properties: {
    workspaceId: workspace.id
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
  }
}

output name string = environment.name
output id string = environment.id
