// What the app (and, optionally, the person who deploys it) may do with the data account, each role scoped
// to one container or one queue, never to the whole account.
//
// The function app identity:
// - Storage Blob Data Reader (2a2b9908-6ea1-4ae2-8e65-a410df84e7d1) on the inputs container: the blob trigger
//   reads the blob an event names, and PlanMiniBatches / ScoreMiniBatch list and read inputs. Nothing writes there.
//   (The docs name Storage Blob Data Owner as an example role for blob triggers; that covers receipts, which live
//   in the host account here, and polling. Reading the blob is all the Event Grid-sourced trigger does on this account.)
// - Storage Blob Data Reader on the specs container: run specs and models are read, never written, by the app.
// - Storage Blob Data Contributor (ba92f5b4-2d11-453d-a403-e96b0029c9fe) on the outputs container: the plan
//   manifest, staged mini-batch parts, the committed result (block list commit), error records, the run summary,
//   and deleting staged parts after commit.
// - Storage Queue Data Contributor (974c5e8b-45b9-4653-ba55-5f855dd0fb88) on the webjobs-blobtrigger-poison queue
//   only: the blob trigger writes a blob it failed to process five times to that queue of its own connection's account.
// The deploying user (when its principal id is given), so that data can be uploaded with shared key off:
// - Storage Blob Data Contributor on inputs and on specs; Storage Blob Data Reader on outputs.

@description('Name of the data storage account.')
param accountName string

@description('Principal id of the function app identity.')
param appPrincipalId string

@description('Principal id of the deploying user; empty for none.')
param operatorPrincipalId string = ''

@description('Kind of principal the deploying identity is.')
@allowed([
  'User'
  'ServicePrincipal'
])
param operatorPrincipalType string = 'User'

@description('Container the inputs arrive in (and whose BlobCreated events start runs).')
param inputsContainerName string

@description('Container the results are written to.')
param outputsContainerName string

@description('Container holding run specs and models.')
param specsContainerName string

@description('Queue the blob trigger writes poison blobs to.')
param poisonQueueName string

resource account 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: accountName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource inputs 'containers' existing = {
      name: inputsContainerName
    }

    resource outputs 'containers' existing = {
      name: outputsContainerName
    }

    resource specs 'containers' existing = {
      name: specsContainerName
    }
  }

  resource queueService 'queueServices' existing = {
    name: 'default'

    resource poison 'queues' existing = {
      name: poisonQueueName
    }
  }
}

resource appReadsInputs 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account::blobService::inputs.id, appPrincipalId, '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1')
  scope: account::blobService::inputs
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1')
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    description: 'Storage Blob Data Reader on inputs: the blob trigger and the planner read inputs; nothing writes them.'
  }
}

resource appReadsSpecs 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account::blobService::specs.id, appPrincipalId, '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1')
  scope: account::blobService::specs
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1')
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    description: 'Storage Blob Data Reader on specs: run specs and models are read, never written, by the app.'
  }
}

resource appWritesOutputs 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account::blobService::outputs.id, appPrincipalId, 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
  scope: account::blobService::outputs
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    description: 'Storage Blob Data Contributor on outputs: plan, staged parts, committed result, errors, summary.'
  }
}

resource appWritesPoisonQueue 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account::queueService::poison.id, appPrincipalId, '974c5e8b-45b9-4653-ba55-5f855dd0fb88')
  scope: account::queueService::poison
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '974c5e8b-45b9-4653-ba55-5f855dd0fb88')
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    description: 'Storage Queue Data Contributor on the blob trigger poison queue only.'
  }
}

resource operatorWritesInputs 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(operatorPrincipalId)) {
  name: guid(account::blobService::inputs.id, operatorPrincipalId, 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
  scope: account::blobService::inputs
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
    principalId: operatorPrincipalId
    principalType: operatorPrincipalType
    description: 'Storage Blob Data Contributor on inputs for the deploying user: upload inputs (shared key is off).'
  }
}

resource operatorWritesSpecs 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(operatorPrincipalId)) {
  name: guid(account::blobService::specs.id, operatorPrincipalId, 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
  scope: account::blobService::specs
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
    principalId: operatorPrincipalId
    principalType: operatorPrincipalType
    description: 'Storage Blob Data Contributor on specs for the deploying user: upload specs and models.'
  }
}

resource operatorReadsOutputs 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(operatorPrincipalId)) {
  name: guid(account::blobService::outputs.id, operatorPrincipalId, '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1')
  scope: account::blobService::outputs
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1')
    principalId: operatorPrincipalId
    principalType: operatorPrincipalType
    description: 'Storage Blob Data Reader on outputs for the deploying user: download results.'
  }
}
