// Azure Functions on Azure Container Apps (kind 'functionapp') on a serverless GPU workload profile, with the
// Durable Task Scheduler as the Durable backend: Container Apps scale Durable Functions only with the Durable Task
// Scheduler or MSSQL, not with the Azure Storage provider.
//
// PREVIEW / QUOTA, read before deploying:
// - Serverless GPUs (Consumption-GPU-NC8as-T4, Consumption-GPU-NC24-A100) exist only in some regions and need GPU
//   quota on the subscription; where it is missing, request it (support case / quota page) before `azd up`.
// - Native Azure Functions on Container Apps (kind 'functionapp') and its key management are new; keys are kept in
//   the Key Vault below (AzureWebJobsSecretStorageType=keyvault) because Container Apps offers no listKeys for them.
// - The Durable Task Scheduler (Microsoft.DurableTask) Consumption SKU may still be marked preview in some regions.
//
// The app identity's roles here, each scoped to one resource:
// - AcrPull (7f951dda-4ed3-4680-a7ca-43fe172d538d) on the registry: pull the app image, nothing else.
// - Durable Task Data Contributor (0ad04412-c4d5-4796-b79c-f76d14c8d402) on the task hub (not the scheduler): the app
//   is both the Durable client (start, query, terminate runs from the HTTP API) and the worker.
// - Key Vault Secrets Officer (b86a8fe4-44ce-4948-aee5-eccb2c155cd7) on this vault, which holds nothing but the
//   Functions host's keys: the host creates, rotates and deletes its master, function and system keys there.

@description('Name of the container app (the function app).')
param name string

@description('Name of the Container Apps environment.')
param environmentName string

@description('Name of the container registry (5-50 letters and digits).')
param registryName string

@description('Name of the Durable Task Scheduler.')
param schedulerName string

@description('Name of the Key Vault that stores the Functions host keys (3-24 characters).')
param vaultName string

@description('Durable task hub name (shared with the app settings).')
param taskHubName string

@description('Region of every resource: one with serverless GPUs.')
param location string

@description('Tags for every resource; the app also gets azd-service-name.')
param tags object

@description('Serverless GPU: T4 (8 vCPU, 56 GiB, 16 GB GPU) or A100 (24 vCPU, 220 GiB, 80 GB GPU).')
@allowed([
  'T4'
  'A100'
])
param gpuType string

@description('Most replicas (each holds one GPU).')
@minValue(1)
@maxValue(100)
param maximumReplicas int

@description('Image to run; empty before the first azd deploy, when a Functions base image stands in.')
param imageName string

@description('Durable Task Scheduler SKU: Consumption (per action) or Dedicated (capacity units).')
@allowed([
  'Consumption'
  'Dedicated'
])
param schedulerSku string

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Principal id of that identity.')
param identityPrincipalId string

@description('Client id of that identity.')
param identityClientId string

@description('Resource id of the Log Analytics workspace for the environment\'s logs.')
param workspaceId string

@description('Name of the Application Insights component the app sends telemetry to.')
param applicationInsightsName string

@description('App settings shared by both hosting options (name to value); none is a secret.')
param settings object

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

var gpuProfileName = 'gpu'
var gpuProfiles = {
  T4: {
    type: 'Consumption-GPU-NC8as-T4'
    cpu: '8.0'
    memory: '56Gi'
  }
  A100: {
    type: 'Consumption-GPU-NC24-A100'
    cpu: '24.0'
    memory: '220Gi'
  }
}
// Stands in until `azd deploy` pushes the real image (azd then keeps its name in SERVICE_FUNCTIONS_IMAGE_NAME).
var placeholderImage = 'mcr.microsoft.com/azure-functions/dotnet-isolated:4-dotnet-isolated10.0'

resource registry 'Microsoft.ContainerRegistry/registries@2025-04-01' = {
  name: registryName
  location: location
  tags: tags
  sku: {
    name: 'Basic'
  }
  properties: {
    adminUserEnabled: false
    anonymousPullEnabled: false
    publicNetworkAccess: 'Enabled'
  }
}

resource acrPull 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(registry.id, identityPrincipalId, '7f951dda-4ed3-4680-a7ca-43fe172d538d')
  scope: registry
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '7f951dda-4ed3-4680-a7ca-43fe172d538d')
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
    description: 'AcrPull on the registry: the container app pulls its image with the app identity (admin user is off).'
  }
}

resource scheduler 'Microsoft.DurableTask/schedulers@2025-11-01' = {
  name: schedulerName
  location: location
  tags: tags
  properties: {
    sku: {
      name: schedulerSku
    }
    // Identity is the only authentication the scheduler accepts; an empty list would refuse every caller.
    ipAllowlist: [
      '0.0.0.0/0'
    ]
  }

  resource taskHub 'taskHubs' = {
    name: taskHubName
  }
}

resource durableTaskDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(scheduler::taskHub.id, identityPrincipalId, '0ad04412-c4d5-4796-b79c-f76d14c8d402')
  scope: scheduler::taskHub
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '0ad04412-c4d5-4796-b79c-f76d14c8d402')
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
    description: 'Durable Task Data Contributor on the task hub: the app is the Durable client and worker.'
  }
}

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: vaultName
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    // Lets the second provisioning pass read the blobs_extension key into the Event Grid subscription (getSecret).
    enabledForTemplateDeployment: true
    enabledForDeployment: false
    enabledForDiskEncryption: false
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

resource hostKeysOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identityPrincipalId, 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7')
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7')
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
    description: 'Key Vault Secrets Officer on the host-keys vault: the Functions host manages its own keys there.'
  }
}

resource environment 'Microsoft.App/managedEnvironments@2025-07-01' = {
  name: environmentName
  location: location
  tags: tags
  properties: {
    // Logs go to Azure Monitor (diagnostic settings below), so no workspace key is handed to the environment.
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
        workloadProfileType: gpuProfiles[gpuType].type
      }
    ]
  }
}

resource environmentLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'logs-to-workspace'
  scope: environment
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
  }
}

var sharedEnv = [for setting in items(settings): { name: setting.key, value: setting.value }]

resource app 'Microsoft.App/containerApps@2025-07-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'functions' })
  kind: 'functionapp'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    environmentId: environment.id
    workloadProfileName: gpuProfileName
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        // Public HTTPS endpoint for the HTTP API and the Event Grid webhook; plain HTTP is refused, and
        // Container Apps ingress accepts TLS 1.2 and later only.
        external: true
        targetPort: 80
        allowInsecure: false
        transport: 'auto'
      }
      registries: [
        {
          server: registry.properties.loginServer
          identity: identityId
        }
      ]
    }
    template: {
      containers: [
        {
          name: 'functions'
          image: empty(imageName) ? placeholderImage : imageName
          resources: {
            cpu: json(gpuProfiles[gpuType].cpu)
            memory: gpuProfiles[gpuType].memory
          }
          env: concat(sharedEnv, [
            {
              // Names the component and its ingestion endpoint; local auth is off, so it grants nothing by itself.
              name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
              value: applicationInsights.properties.ConnectionString
            }
            {
              // Durable Task Scheduler with the app identity; the connection string holds no secret.
              name: 'DURABLE_TASK_SCHEDULER_CONNECTION_STRING'
              value: 'Endpoint=${scheduler.properties.endpoint};Authentication=ManagedIdentity;ClientID=${identityClientId}'
            }
            {
              // host.json overrides: the same build runs on Azure Storage (Premium) and on the scheduler (here).
              name: 'AzureFunctionsJobHost__extensions__durableTask__storageProvider__type'
              value: 'azureManaged'
            }
            {
              name: 'AzureFunctionsJobHost__extensions__durableTask__storageProvider__connectionStringName'
              value: 'DURABLE_TASK_SCHEDULER_CONNECTION_STRING'
            }
            {
              name: 'AzureWebJobsSecretStorageType'
              value: 'keyvault'
            }
            {
              name: 'AzureWebJobsSecretStorageKeyVaultUri'
              value: vault.properties.vaultUri
            }
            {
              name: 'AzureWebJobsSecretStorageKeyVaultClientId'
              value: identityClientId
            }
          ])
        }
      ]
      scale: {
        // Scale to zero: no GPU is billed while nothing runs.
        minReplicas: 0
        maxReplicas: maximumReplicas
      }
    }
  }
  dependsOn: [
    acrPull
    durableTaskDataContributor
    hostKeysOfficer
  ]
}

output name string = app.name
output url string = 'https://${app.properties.configuration.ingress.fqdn}'
output registryEndpoint string = registry.properties.loginServer
output vaultName string = vault.name
