using Microsoft.Extensions.Options;

namespace BatchScoring.Functions.Options;

/// <summary>Exactly one way to reach the data account; every error names the app setting to fix.</summary>
public sealed class ScoringStorageOptionsValidator : IValidateOptions<ScoringStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, ScoringStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var hasConnectionString = !string.IsNullOrWhiteSpace(options.ConnectionString);
        var endpoints = new[]
        {
            ("ScoringStorage__blobServiceUri", options.BlobServiceUri is not null),
            ("ScoringStorage__serviceUri", options.ServiceUri is not null),
            ("ScoringStorage__accountName", !string.IsNullOrWhiteSpace(options.AccountName)),
        }.Where(e => e.Item2).Select(e => e.Item1).ToList();

        if (!hasConnectionString && endpoints.Count == 0)
        {
            errors.Add("Set the app setting ScoringStorage (a connection string; UseDevelopmentStorage=true for Azurite) or ScoringStorage__blobServiceUri (an identity-based connection, e.g. https://account.blob.core.windows.net).");
        }
        else if (hasConnectionString && endpoints.Count > 0)
        {
            errors.Add($"Set either the connection string ScoringStorage or {string.Join(" / ", endpoints)}, not both.");
        }
        else if (endpoints.Count > 1)
        {
            errors.Add($"Set one of {string.Join(", ", endpoints)}, not {endpoints.Count}.");
        }

        foreach (var (setting, uri) in new[] { ("ScoringStorage__blobServiceUri", options.BlobServiceUri), ("ScoringStorage__serviceUri", options.ServiceUri) })
        {
            if (uri is not null && !(uri.IsAbsoluteUri && uri.Scheme is "https" or "http"))
            {
                errors.Add($"The app setting {setting} must be an absolute http(s) URI such as https://account.blob.core.windows.net, was '{uri.OriginalString}'.");
            }
        }

        if (!string.IsNullOrWhiteSpace(options.AccountName) && !options.AccountName.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)))
        {
            errors.Add($"The app setting ScoringStorage__accountName must be a storage account name (lower-case letters and digits), was '{options.AccountName}'.");
        }

        if (options.Credential is { } credential && !string.Equals(credential, "managedidentity", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"The app setting ScoringStorage__credential must be 'managedidentity' or absent (DefaultAzureCredential), was '{credential}'.");
        }

        if (options.ClientId is { } clientId && !Guid.TryParse(clientId, out _))
        {
            errors.Add($"The app setting ScoringStorage__clientId must be the client id (a GUID) of a user-assigned managed identity, was '{clientId}'.");
        }

        if (hasConnectionString && (options.Credential is not null || options.ClientId is not null))
        {
            errors.Add("ScoringStorage__credential and ScoringStorage__clientId apply to an identity-based connection, not to the connection string ScoringStorage.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
