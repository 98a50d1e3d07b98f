// Container Apps: the blob trigger's Event Grid subscription. The Functions host keeps its keys in Key Vault
// (AzureWebJobsSecretStorageType=keyvault); the blobs_extension system key is the secret
// 'host--systemKey--blobs-095extension' ('_' is written -095 in Key Vault names). It exists once the deployed app
// has started with its blob trigger, which is why main.bicep only deploys this when enableBlobEventSubscription is
// true. getSecret hands it to the subscription module as a Key Vault reference; it never appears in this template.

@description('Name of the container app.')
param appName string

@description('Name of the Key Vault holding the host keys.')
param vaultName string

@description('Name of the data account\'s system topic.')
param systemTopicName string

@description('Name of the Event Grid-sourced blob trigger function.')
param blobTriggerFunctionName string

@description('Container whose BlobCreated events start runs.')
param inputsContainerName string

@description('Resource id of the data account (dead-letter destination).')
param dataAccountId string

@description('Container that receives undeliverable events.')
param deadLetterContainerName string

resource app 'Microsoft.App/containerApps@2025-07-01' existing = {
  name: appName
}

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' existing = {
  name: vaultName
}

module subscription 'blob-event-subscription.bicep' = {
  name: 'blob-event-subscription'
  params: {
    systemTopicName: systemTopicName
    appBaseUrl: 'https://${app.properties.configuration.ingress.fqdn}'
    blobTriggerFunctionName: blobTriggerFunctionName
    blobsExtensionKey: vault.getSecret('host--systemKey--blobs-095extension')
    inputsContainerName: inputsContainerName
    dataAccountId: dataAccountId
    deadLetterContainerName: deadLetterContainerName
  }
}
