// Parameters for main.bicep. azd fills the AZURE_* variables from the environment it manages
// (`azd env set NAME value`); with `az deployment group create` export them yourself or edit the defaults.
using './main.bicep'

param environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'modelsvc')
param location = readEnvironmentVariable('AZURE_LOCATION', 'swedencentral')
param principalId = readEnvironmentVariable('AZURE_PRINCIPAL_ID', '')
param principalType = readEnvironmentVariable('AZURE_PRINCIPAL_TYPE', 'User')

param storageSku = 'Standard_LRS'
// Backups: restore a deleted blob or container within these days; previous versions are kept this long.
param blobSoftDeleteDays = 14
param containerSoftDeleteDays = 14
param blobVersionRetentionDays = 30

param functionInstanceMemoryMB = 2048
param functionMaximumInstanceCount = 100
param functionAlwaysReadyInstances = int(readEnvironmentVariable('FUNCTION_ALWAYS_READY_INSTANCES', '0'))

param gpuProfileType = readEnvironmentVariable('TRAINER_GPU_PROFILE', 'Consumption-GPU-NC8as-T4')
// After `azd deploy trainer`, azd records the pushed image as SERVICE_TRAINER_IMAGE_NAME; reading it here keeps
// a later `azd provision` from putting the placeholder back. TRAINER_IMAGE is for `az deployment group create`.
param trainerImage = readEnvironmentVariable('SERVICE_TRAINER_IMAGE_NAME', readEnvironmentVariable('TRAINER_IMAGE', ''))
param trainerMaxExecutions = 2
param trainerReplicaTimeoutSeconds = 14400
// What a second of training costs tenants (micro-units); the trainer bills every started second of a job.
param trainingPerSecondMicros = int(readEnvironmentVariable('TRAINING_PER_SECOND_MICROS', '0'))

param logRetentionInDays = 30
