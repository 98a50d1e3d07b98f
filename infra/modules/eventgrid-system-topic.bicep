// The Event Grid system topic of the data account. It costs nothing by itself; the subscription that feeds
// the blob trigger is created by blob-event-subscription.bicep once the app's webhook can answer Event Grid's
// validation handshake (after the code is deployed; see azure.yaml's postdeploy hook).
// The topic's system-assigned identity writes undeliverable events to the dead-letter container:
// Storage Blob Data Contributor (ba92f5b4-2d11-453d-a403-e96b0029c9fe) on that one container, which is what
// Event Grid needs to dead-letter with a managed identity.

@description('Name of the system topic.')
param name string

@description('Region of the topic: the data account\'s region.')
param location string

@description('Tags for the topic.')
param tags object

@description('Name of the data storage account the events come from.')
param dataAccountName string

@description('Container that receives undeliverable events.')
param deadLetterContainerName string

resource account 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: dataAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource deadLetter 'containers' existing = {
      name: deadLetterContainerName
    }
  }
}

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: account.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

resource deadLetterWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account::blobService::deadLetter.id, topic.id, 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
  scope: account::blobService::deadLetter
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
    principalId: topic.identity.principalId
    principalType: 'ServicePrincipal'
    description: 'Storage Blob Data Contributor on the dead-letter container for the Event Grid system topic.'
  }
}

output name string = topic.name
