// A storage account reached only with Microsoft Entra identities: shared key (account keys and SAS) off,
// HTTPS only, TLS 1.2 minimum, no anonymous blob access. Used for the data account (inputs, outputs, specs)
// and for the host account (AzureWebJobsStorage, the Durable Functions task hub on Azure Storage).

@description('Name of the storage account (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Region of the account.')
param location string

@description('Tags for the account.')
param tags object

@description('Blob containers to create.')
param containerNames array = []

@description('Queues to create (so that a role can be scoped to one queue).')
param queueNames array = []

@description('Days that deleted blobs are kept (0 turns soft delete off, as for the host account that Durable churns).')
@minValue(0)
@maxValue(365)
param blobSoftDeleteDays int = 0

@description('Replication: Standard_ZRS where the region has zones and the data matters.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
])
param skuName string = 'Standard_LRS'

resource account 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    supportsHttpsTrafficOnly: true
    minimumTlsVersion: 'TLS1_2'
    // Identity only: nothing can read or write with an account key or a SAS signed by one.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-01-01' = {
  parent: account
  name: 'default'
  properties: {
    deleteRetentionPolicy: blobSoftDeleteDays > 0
      ? {
          enabled: true
          days: max(blobSoftDeleteDays, 1) // max() only tells the type checker what the condition already ensures
        }
      : {
          enabled: false
        }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = [
  for containerName in containerNames: {
    parent: blobService
    name: containerName
    properties: {
      publicAccess: 'None'
    }
  }
]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2025-01-01' = {
  parent: account
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-01-01' = [
  for queueName in queueNames: {
    parent: queueService
    name: queueName
  }
]

output id string = account.id
output name string = account.name
output blobEndpoint string = account.properties.primaryEndpoints.blob
output queueEndpoint string = account.properties.primaryEndpoints.queue
output tableEndpoint string = account.properties.primaryEndpoints.table
