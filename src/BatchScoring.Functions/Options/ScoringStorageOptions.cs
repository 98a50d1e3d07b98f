namespace BatchScoring.Functions.Options;

/// <summary>
/// The data storage account, connection <c>ScoringStorage</c> in the Functions convention (the blob trigger binds to
/// the same settings): either a connection string in the app setting <c>ScoringStorage</c>, or an identity-based
/// connection: <c>ScoringStorage__blobServiceUri</c> (or <c>__serviceUri</c>, or <c>__accountName</c>) with
/// optional <c>__credential</c> (<c>managedidentity</c>) and <c>__clientId</c> (a user-assigned identity).
/// </summary>
public sealed class ScoringStorageOptions
{
    public const string Section = "ScoringStorage";

    /// <summary>The value of the app setting <c>ScoringStorage</c> itself: a connection string (Azurite: <c>UseDevelopmentStorage=true</c>).</summary>
    public string? ConnectionString { get; set; }

    public Uri? BlobServiceUri { get; set; }

    public Uri? ServiceUri { get; set; }

    public string? AccountName { get; set; }

    /// <summary><c>managedidentity</c>: a managed identity only; absent: <c>DefaultAzureCredential</c>.</summary>
    public string? Credential { get; set; }

    /// <summary>Client id of a user-assigned managed identity.</summary>
    public string? ClientId { get; set; }

    /// <summary>The blob endpoint of an identity-based connection, or null for a connection string.</summary>
    public Uri? Endpoint => BlobServiceUri ?? ServiceUri
        ?? (string.IsNullOrWhiteSpace(AccountName) ? null : new Uri($"https://{AccountName}.blob.core.windows.net"));
}
