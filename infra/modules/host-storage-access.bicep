// What the Functions host and the Durable Functions Azure Storage provider need on the host account
// (AzureWebJobsStorage), reached with the app's managed identity. Scoped to this account only: it holds
// no user data when the data account is separate (the default).
//
// Granted:
// - Storage Blob Data Owner (b7e6dc6d-f1e8-4753-8033-0f276bb0955b): the host's minimum on AzureWebJobsStorage
//   (host locks and singleton leases, function keys in azure-webjobs-secrets, the blob trigger's receipts);
//   it also covers the Durable task hub's blobs (large messages, lease blobs), for which Contributor would do.
// - Storage Queue Data Contributor (974c5e8b-45b9-4653-ba55-5f855dd0fb88): the Durable control and work-item
//   queues, and the queue through which the Event Grid-sourced blob trigger hands blobs to its listener.
// - Storage Table Data Contributor (0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3): the Durable History and Instances
//   tables, and the host's diagnostic events table.
// Not granted: Storage Account Contributor, which the docs list for hosts whose blob trigger polls; the trigger
// here is Event Grid-sourced, and that management role would also allow listing the account keys.

@description('Name of the host storage account.')
param accountName string

@description('Principal id of the function app identity.')
param appPrincipalId string

resource account 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: accountName
}

resource blobOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, appPrincipalId, 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b')
  scope: account
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b')
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    description: 'Storage Blob Data Owner on the host account: Functions host leases, keys, blob-trigger receipts, task hub blobs.'
  }
}

resource queueContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, appPrincipalId, '974c5e8b-45b9-4653-ba55-5f855dd0fb88')
  scope: account
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '974c5e8b-45b9-4653-ba55-5f855dd0fb88')
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    description: 'Storage Queue Data Contributor on the host account: Durable control and work-item queues, blob-trigger queue.'
  }
}

resource tableContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, appPrincipalId, '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3')
  scope: account
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3')
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    description: 'Storage Table Data Contributor on the host account: Durable History and Instances tables, host diagnostic events.'
  }
}
