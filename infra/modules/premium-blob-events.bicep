// Elastic Premium: the blob trigger's Event Grid subscription, with the blobs_extension system key read by
// listKeys on the app's host inside this deployment. The key exists once the deployed app has started with its
// blob trigger, which is why main.bicep only deploys this when enableBlobEventSubscription is true.

@description('Name of the function app.')
param appName string

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

resource site 'Microsoft.Web/sites@2024-11-01' existing = {
  name: appName
}

module subscription 'blob-event-subscription.bicep' = {
  name: 'blob-event-subscription'
  params: {
    systemTopicName: systemTopicName
    appBaseUrl: 'https://${site.properties.defaultHostName}'
    blobTriggerFunctionName: blobTriggerFunctionName
    // Microsoft.Web/sites/host has no Bicep types, hence listKeys on its id rather than on a symbol.
    blobsExtensionKey: listKeys('${site.id}/host/default', '2024-11-01').systemKeys.blobs_extension
    inputsContainerName: inputsContainerName
    dataAccountId: dataAccountId
    deadLetterContainerName: deadLetterContainerName
  }
}
