// The Elastic Premium plan's content share: the Azure Files share that holds the deployed package, so that every
// instance the plan scales out to runs the same code. Azure Files content shares accept only an account-key
// connection string (WEBSITE_CONTENTAZUREFILECONNECTIONSTRING); Functions has no identity-based alternative for it.
// So this account is the one place where shared key stays on, and it is a separate account that holds nothing
// but the app's code: no inputs, no outputs, no task hub, no function keys. Rotating its key: see SECURITY.md.
// (Running Elastic Premium without Azure Files needs WEBSITE_RUN_FROM_PACKAGE=<URL>, which azd's zip deploy
// cannot use; the Container Apps option has no content share at all.)

@description('Name of the storage account (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Name of the file share (the app\'s WEBSITE_CONTENTSHARE).')
param shareName string

@description('Region of the account.')
param location string

@description('Tags for the account.')
param tags object

resource account 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    supportsHttpsTrafficOnly: true
    minimumTlsVersion: 'TLS1_2'
    // Required by the Azure Files content share (key-based only). Nothing but the app package lives here.
    allowSharedKeyAccess: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    publicNetworkAccess: 'Enabled'
  }

  resource fileService 'fileServices' = {
    name: 'default'

    resource share 'shares' = {
      name: shareName
      properties: {
        shareQuota: 5
      }
    }
  }
}

output name string = account.name
