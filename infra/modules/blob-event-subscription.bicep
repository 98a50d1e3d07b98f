// The Event Grid subscription that feeds the blob trigger: BlobCreated events of the inputs container, delivered
// to the blob extension's webhook (/runtime/webhooks/blobs?functionName=Host.Functions.<name>) with the
// extension's system key. The key arrives as a secure parameter (listKeys on Elastic Premium, a Key Vault
// reference on Container Apps) and is only ever written into the write-only endpointUrl; nothing outputs it.

@description('Name of the data account\'s system topic.')
param systemTopicName string

@description('Name of the event subscription.')
param name string = 'inputs-blob-created'

@description('Base URL of the app, e.g. https://func-x.azurewebsites.net (no trailing slash).')
param appBaseUrl string

@description('Name of the Event Grid-sourced blob trigger function, as in [Function(nameof(...))].')
param blobTriggerFunctionName string

@secure()
@description('The blob extension\'s system key (blobs_extension).')
param blobsExtensionKey string

@description('Container whose BlobCreated events start runs.')
param inputsContainerName string

@description('Resource id of the data account (dead-letter destination).')
param dataAccountId string

@description('Container that receives undeliverable events.')
param deadLetterContainerName string

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: systemTopicName
}

resource subscription 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: topic
  name: name
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        // The URL is built from a @secure() parameter; the linter cannot see that through interpolation.
        #disable-next-line use-secure-value-for-secure-inputs
        endpointUrl: '${appBaseUrl}/runtime/webhooks/blobs?functionName=Host.Functions.${blobTriggerFunctionName}&code=${blobsExtensionKey}'
        // One blob per delivery: the trigger starts one run per blob (its instance id is derived from the blob).
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      subjectBeginsWith: '/blobServices/default/containers/${inputsContainerName}/'
      // Only completed writes: a block blob's PutBlockList, a single PutBlob, a copy, an ADLS flush-with-close.
      advancedFilters: [
        {
          operatorType: 'StringIn'
          key: 'data.api'
          values: [
            'PutBlob'
            'PutBlockList'
            'CopyBlob'
            'FlushWithClose'
          ]
        }
      ]
    }
    eventDeliverySchema: 'EventGridSchema'
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
    deadLetterWithResourceIdentity: {
      identity: {
        type: 'SystemAssigned'
      }
      deadLetterDestination: {
        endpointType: 'StorageBlob'
        properties: {
          resourceId: dataAccountId
          blobContainerName: deadLetterContainerName
        }
      }
    }
  }
}
