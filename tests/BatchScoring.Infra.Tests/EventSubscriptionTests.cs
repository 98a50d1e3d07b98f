namespace BatchScoring.Infra.Tests;

/// <summary>
/// The Event Grid subscription feeds BlobCreated events of the inputs container to the blob extension's webhook,
/// with its system key taken inside the deployment (listKeys, or a Key Vault reference) and never exposed.
/// </summary>
public class EventSubscriptionTests
{
    private const string SubscriptionModule = "premium-blob-events/blob-event-subscription";

    private static ArmResource Subscription =>
        ArmTemplate.Main.Single("Microsoft.EventGrid/systemTopics/eventSubscriptions", SubscriptionModule);

    [Fact]
    public void Subscription_Endpoint_IsTheBlobExtensionWebhookOfTheTriggerFunction()
    {
        var destination = Subscription.Properties!["destination"]!;
        var url = destination["properties"]!["endpointUrl"]!.GetValue<string>();

        Assert.Equal("WebHook", destination["endpointType"]!.GetValue<string>());
        Assert.Contains("/runtime/webhooks/blobs?functionName=Host.Functions.{", url, StringComparison.Ordinal);
        Assert.Contains("parameters('blobTriggerFunctionName')", url, StringComparison.Ordinal);
        Assert.Contains("&code={", url, StringComparison.Ordinal);
        Assert.Contains("parameters('blobsExtensionKey')", url, StringComparison.Ordinal);
    }

    [Fact]
    public void Subscription_Filter_IsBlobCreatedInTheInputsContainer()
    {
        var filter = Subscription.Properties!["filter"]!;

        Assert.Equal(["Microsoft.Storage.BlobCreated"], filter["includedEventTypes"]!.AsArray().Select(value => value!.GetValue<string>()));
        Assert.Equal("[format('/blobServices/default/containers/{0}/', parameters('inputsContainerName'))]", filter["subjectBeginsWith"]!.GetValue<string>());
    }

    [Fact]
    public void Subscription_Key_IsASecureParameter()
    {
        var parameter = ArmTemplate.Main.TemplateOf(SubscriptionModule)["parameters"]!["blobsExtensionKey"]!;

        Assert.Equal("securestring", parameter["type"]!.GetValue<string>(), ignoreCase: true);
    }

    [Fact]
    public void PremiumKey_ComesFromListKeysOnTheHost()
    {
        var key = ArmTemplate.Main.Deployment(SubscriptionModule).Properties!["parameters"]!["blobsExtensionKey"]!["value"]!.GetValue<string>();

        Assert.StartsWith("[listKeys(format('{0}/host/default', resourceId('Microsoft.Web/sites', parameters('appName')))", key, StringComparison.Ordinal);
        Assert.EndsWith(".systemKeys.blobs_extension]", key, StringComparison.Ordinal);
    }

    [Fact]
    public void GpuKey_ComesFromTheHostKeyVaultByItsNormalisedName()
    {
        var reference = ArmTemplate.Main.Deployment("gpu-blob-events/blob-event-subscription").Properties!["parameters"]!["blobsExtensionKey"]!["reference"]!;

        Assert.Equal("host--systemKey--" + KeyVaultSecretName("blobs_extension"), reference["secretName"]!.GetValue<string>());
        Assert.Equal("[resourceId('Microsoft.KeyVault/vaults', parameters('vaultName'))]", reference["keyVault"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public void Subscription_UndeliverableEvents_AreDeadLetteredWithTheTopicIdentity()
    {
        var deadLetter = Subscription.Properties!["deadLetterWithResourceIdentity"]!;

        Assert.Equal("SystemAssigned", deadLetter["identity"]!["type"]!.GetValue<string>());
        Assert.Equal("StorageBlob", deadLetter["deadLetterDestination"]!["endpointType"]!.GetValue<string>());
    }

    /// <summary>
    /// The Functions host's Key Vault secret names (KeyVaultSecretsRepository.Normalize): letters and digits stay,
    /// every other character becomes '-' and its three-digit code.
    /// </summary>
    private static string KeyVaultSecretName(string keyName) =>
        string.Concat(keyName.Select(c => char.IsLetterOrDigit(c) ? c.ToString() : "-" + ((int)c).ToString("D3", System.Globalization.CultureInfo.InvariantCulture)));
}
