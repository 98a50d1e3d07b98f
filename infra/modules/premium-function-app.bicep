// Azure Functions on an Elastic Premium plan (EP1-EP3), Linux, .NET 10 isolated worker. Runs as the
// user-assigned identity; AzureWebJobsStorage and the Durable Functions task hub (Azure Storage provider,
// the default) use that identity. HTTPS only, TLS 1.2 minimum, FTP off, basic-auth publishing off
// (azd deploys with an Entra token).

@description('Name of the function app.')
param name string

@description('Name of the Elastic Premium plan.')
param planName string

@description('Name of the account that holds the content share (the only account with shared key on).')
param contentAccountName string

@description('Region of the plan, app and content account.')
param location string

@description('Tags for every resource; the app also gets azd-service-name.')
param tags object

@description('Elastic Premium size: EP1 (1 vCPU, 3.5 GB), EP2 (2 vCPU, 7 GB), EP3 (4 vCPU, 14 GB).')
@allowed([
  'EP1'
  'EP2'
  'EP3'
])
param sku string

@description('Most instances the plan scales out to.')
@minValue(1)
@maxValue(100)
param maximumInstances int

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Name of the Application Insights component the app sends telemetry to.')
param applicationInsightsName string

@description('App settings shared by both hosting options (name to value); none is a secret.')
param settings object

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

var contentShareName = toLower(name)

var sharedAppSettings = [for setting in items(settings): { name: setting.key, value: setting.value }]

module contentStorage 'content-share-storage.bicep' = {
  name: 'content-share-storage'
  params: {
    name: contentAccountName
    shareName: contentShareName
    location: location
    tags: tags
  }
}

resource contentAccount 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: contentAccountName
  dependsOn: [
    contentStorage
  ]
}

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'elastic'
  sku: {
    name: sku
    tier: 'ElasticPremium'
  }
  properties: {
    reserved: true // Linux
    maximumElasticWorkerCount: maximumInstances
  }
}

resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'functions' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientCertEnabled: false
    publicNetworkAccess: 'Enabled'
    siteConfig: {
      linuxFxVersion: 'DOTNET-ISOLATED|10.0'
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      http20Enabled: true
      remoteDebuggingEnabled: false
      use32BitWorkerProcess: false
      minimumElasticInstanceCount: 1
      functionAppScaleLimit: maximumInstances
      // Set at creation: an Elastic Premium app decides at creation whether it has a content share.
      appSettings: concat(
        sharedAppSettings,
        [
          {
            name: 'FUNCTIONS_EXTENSION_VERSION'
            value: '~4'
          }
          {
            // Names the component and its ingestion endpoint; local auth is off, so it grants nothing by itself.
            name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
            value: applicationInsights.properties.ConnectionString
          }
          {
            name: 'WEBSITE_RUN_FROM_PACKAGE'
            value: '1'
          }
          {
            name: 'WEBSITE_CONTENTSHARE'
            value: contentShareName
          }
          {
            // The one key-based setting (Azure Files has no identity option); built here, never output.
            name: 'WEBSITE_CONTENTAZUREFILECONNECTIONSTRING'
            value: 'DefaultEndpointsProtocol=https;AccountName=${contentAccount.name};AccountKey=${contentAccount.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'
          }
        ]
      )
    }
  }

  resource ftpPublishing 'basicPublishingCredentialsPolicies' = {
    name: 'ftp'
    properties: {
      allow: false
    }
  }

  resource scmPublishing 'basicPublishingCredentialsPolicies' = {
    name: 'scm'
    properties: {
      allow: false
    }
  }
}

output name string = site.name
output url string = 'https://${site.properties.defaultHostName}'
