// BatchScoring on Azure, one `azd up`: storage for data and for the Functions host / Durable task hub, the function
// app on Elastic Premium (CPU) or on Azure Container Apps with a serverless GPU, Application Insights on Log
// Analytics, and the Event Grid subscription that feeds the blob-arrival trigger. Every connection uses one
// user-assigned managed identity; no output carries a key, a connection string or a secret. README: Deploy to Azure.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; resource names and the azd-env-name tag derive from it.')
param environmentName string

@minLength(1)
@description('Region of every resource. For containerAppsGpu pick a region with Container Apps serverless GPUs.')
param location string

@description('premium: Azure Functions Elastic Premium (CPU, Durable on Azure Storage). containerAppsGpu: Azure Functions on Azure Container Apps with a serverless GPU (Durable Task Scheduler; preview features; needs GPU quota).')
@allowed([
  'premium'
  'containerAppsGpu'
])
param hostingPlan string = 'premium'

@description('Elastic Premium size (hostingPlan premium).')
@allowed([
  'EP1'
  'EP2'
  'EP3'
])
param premiumSku string = 'EP1'

@description('Most Elastic Premium instances (hostingPlan premium).')
@minValue(1)
@maxValue(100)
param premiumMaximumInstances int = 20

@description('Serverless GPU type (hostingPlan containerAppsGpu): T4 or A100.')
@allowed([
  'T4'
  'A100'
])
param gpuType string = 'T4'

@description('Most GPU replicas (hostingPlan containerAppsGpu).')
@minValue(1)
@maxValue(100)
param gpuMaximumReplicas int = 4

@description('Container image of the app (hostingPlan containerAppsGpu); azd fills it in after the first deploy.')
param gpuImageName string = ''

@description('Durable Task Scheduler SKU (hostingPlan containerAppsGpu).')
@allowed([
  'Consumption'
  'Dedicated'
])
param durableTaskSchedulerSku string = 'Consumption'

@description('true: the Functions host and the Durable task hub get their own storage account; false: they share the data account (the app then holds Blob Data Owner on the whole data account).')
param separateHostStorage bool = true

@description('Container the inputs arrive in; its BlobCreated events start runs.')
param inputsContainerName string = 'inputs'

@description('Container results are written to.')
param outputsContainerName string = 'outputs'

@description('Container holding run specs and models.')
param specsContainerName string = 'specs'

@description('Name of the Event Grid-sourced blob trigger function in src/BatchScoring.Functions.')
param blobTriggerFunctionName string = 'StartRunOnInputBlob'

@description('Durable task hub name (3-45 letters and digits).')
@minLength(3)
@maxLength(45)
param taskHubName string = 'batchscoring'

@description('Create the Event Grid subscription to the blob trigger. Needs the deployed app (its webhook key and validation handshake); the postdeploy hook in azure.yaml turns it on and provisions again.')
param enableBlobEventSubscription bool = false

@description('Principal id of the deploying user (azd sets it); it gets data-plane access to upload inputs and specs and to read outputs. Empty for none.')
param principalId string = ''

@description('Kind of principal principalId is: User when a person runs azd, ServicePrincipal in a pipeline.')
@allowed([
  'User'
  'ServicePrincipal'
])
param principalType string = 'User'

var tags = {
  'azd-env-name': environmentName
}
var suffix = toLower(uniqueString(subscription().id, environmentName, location))
var isPremium = hostingPlan == 'premium'
var dataAccountName = 'stdata${suffix}'
var hostAccountName = separateHostStorage ? 'sthost${suffix}' : dataAccountName
var poisonQueueName = 'webjobs-blobtrigger-poison'
var deadLetterContainerName = 'eventgrid-deadletter'

resource rg 'Microsoft.Resources/resourceGroups@2024-11-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  scope: rg
  name: 'identity'
  params: {
    name: 'id-${suffix}'
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  scope: rg
  name: 'monitoring'
  params: {
    logAnalyticsName: 'log-${suffix}'
    applicationInsightsName: 'appi-${suffix}'
    location: location
    tags: tags
    appPrincipalId: identity.outputs.principalId
  }
}

module dataStorage 'modules/storage-account.bicep' = {
  scope: rg
  name: 'data-storage'
  params: {
    name: dataAccountName
    location: location
    tags: tags
    containerNames: [
      inputsContainerName
      outputsContainerName
      specsContainerName
      deadLetterContainerName
    ]
    queueNames: [
      poisonQueueName
    ]
    blobSoftDeleteDays: 7
  }
}

module hostStorage 'modules/storage-account.bicep' = if (separateHostStorage) {
  scope: rg
  name: 'host-storage'
  params: {
    name: hostAccountName
    location: location
    tags: tags
  }
}

module hostAccess 'modules/host-storage-access.bicep' = {
  scope: rg
  name: 'host-storage-access'
  params: {
    accountName: hostAccountName
    appPrincipalId: identity.outputs.principalId
  }
  dependsOn: [
    dataStorage
    hostStorage
  ]
}

module dataAccess 'modules/data-storage-access.bicep' = {
  scope: rg
  name: 'data-storage-access'
  params: {
    accountName: dataStorage.outputs.name
    appPrincipalId: identity.outputs.principalId
    operatorPrincipalId: principalId
    operatorPrincipalType: principalType
    inputsContainerName: inputsContainerName
    outputsContainerName: outputsContainerName
    specsContainerName: specsContainerName
    poisonQueueName: poisonQueueName
  }
}

module eventTopic 'modules/eventgrid-system-topic.bicep' = {
  scope: rg
  name: 'eventgrid-system-topic'
  params: {
    name: 'evgt-${suffix}'
    location: location
    tags: tags
    dataAccountName: dataStorage.outputs.name
    deadLetterContainerName: deadLetterContainerName
  }
}

// The app settings both hosting options share. Identity-based connections only: the app's user-assigned identity
// (credential + clientId) for host storage, data storage and telemetry. Names the Functions app binds to:
// ScoringStorage (the blob trigger's Connection and the Azure Blob adapter), BatchScoring__*Container.
var sharedSettings = {
  FUNCTIONS_WORKER_RUNTIME: 'dotnet-isolated'
  AZURE_CLIENT_ID: identity.outputs.clientId
  AzureWebJobsStorage__accountName: hostAccountName
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identity.outputs.clientId
  ScoringStorage__blobServiceUri: dataStorage.outputs.blobEndpoint
  ScoringStorage__queueServiceUri: dataStorage.outputs.queueEndpoint
  ScoringStorage__credential: 'managedidentity'
  ScoringStorage__clientId: identity.outputs.clientId
  BatchScoring__InputsContainer: inputsContainerName
  BatchScoring__OutputsContainer: outputsContainerName
  BatchScoring__SpecsContainer: specsContainerName
  AzureFunctionsJobHost__extensions__durableTask__hubName: taskHubName
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.outputs.clientId};Authorization=AAD'
}

module premium 'modules/premium-function-app.bicep' = if (isPremium) {
  scope: rg
  name: 'premium-function-app'
  params: {
    name: 'func-${suffix}'
    planName: 'plan-${suffix}'
    contentAccountName: 'stcode${suffix}'
    location: location
    tags: tags
    sku: premiumSku
    maximumInstances: premiumMaximumInstances
    identityId: identity.outputs.id
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    settings: sharedSettings
  }
  dependsOn: [
    hostAccess
    dataAccess
  ]
}

module gpu 'modules/gpu-function-app.bicep' = if (!isPremium) {
  scope: rg
  name: 'gpu-function-app'
  params: {
    name: 'func-${suffix}'
    environmentName: 'cae-${suffix}'
    registryName: 'cr${suffix}'
    schedulerName: 'dts-${suffix}'
    vaultName: 'kv-${suffix}'
    taskHubName: taskHubName
    location: location
    tags: tags
    gpuType: gpuType
    maximumReplicas: gpuMaximumReplicas
    imageName: gpuImageName
    schedulerSku: durableTaskSchedulerSku
    identityId: identity.outputs.id
    identityPrincipalId: identity.outputs.principalId
    identityClientId: identity.outputs.clientId
    workspaceId: monitoring.outputs.workspaceId
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    settings: sharedSettings
  }
  dependsOn: [
    hostAccess
    dataAccess
  ]
}

module premiumEvents 'modules/premium-blob-events.bicep' = if (isPremium && enableBlobEventSubscription) {
  scope: rg
  name: 'premium-blob-events'
  params: {
    appName: 'func-${suffix}'
    systemTopicName: eventTopic.outputs.name
    blobTriggerFunctionName: blobTriggerFunctionName
    inputsContainerName: inputsContainerName
    dataAccountId: dataStorage.outputs.id
    deadLetterContainerName: deadLetterContainerName
  }
  dependsOn: [
    premium
  ]
}

module gpuEvents 'modules/gpu-blob-events.bicep' = if (!isPremium && enableBlobEventSubscription) {
  scope: rg
  name: 'gpu-blob-events'
  params: {
    appName: 'func-${suffix}'
    vaultName: 'kv-${suffix}'
    systemTopicName: eventTopic.outputs.name
    blobTriggerFunctionName: blobTriggerFunctionName
    inputsContainerName: inputsContainerName
    dataAccountId: dataStorage.outputs.id
    deadLetterContainerName: deadLetterContainerName
  }
  dependsOn: [
    gpu
  ]
}

// Names and endpoints only (azd stores outputs in .azure/<env>/.env).
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output HOSTING_PLAN string = hostingPlan
output FUNCTION_APP_NAME string = 'func-${suffix}'
output FUNCTION_APP_URL string = isPremium ? premium!.outputs.url : gpu!.outputs.url
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = isPremium ? '' : gpu!.outputs.registryEndpoint
output DATA_STORAGE_ACCOUNT_NAME string = dataStorage.outputs.name
output INPUTS_CONTAINER string = inputsContainerName
output OUTPUTS_CONTAINER string = outputsContainerName
output SPECS_CONTAINER string = specsContainerName
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
