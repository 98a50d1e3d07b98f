using Azure.Core;
using Azure.Identity;
using BatchScoring.Functions.Options;
using BatchScoring.Functions.Runs;
using BatchScoring.Orchestration.DependencyInjection;
using BatchScoring.Storage;
using BatchScoring.Storage.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BatchScoring.Functions.Hosting;

/// <summary>Everything the functions need, on any host builder (the Functions worker, or a test's).</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Validated options (checked when the host starts: a missing or wrong app setting stops the app with the
    /// setting's name), the data store on the <c>ScoringStorage</c> connection, and the library
    /// (<see cref="BatchScoringServiceCollectionExtensions.AddBatchScoring"/>: the engine and the activities the function
    /// wrappers call).
    /// </summary>
    public static IServiceCollection AddBatchScoringFunctions(this IServiceCollection services)
    {
        services.AddOptions<BatchScoringOptions>()
            .BindConfiguration(BatchScoringOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BatchScoringOptions>, BatchScoringOptionsValidator>());

        // "ScoringStorage" is a connection string itself, or a section of an identity-based connection (Functions convention).
        services.AddOptions<ScoringStorageOptions>()
            .BindConfiguration(ScoringStorageOptions.Section)
            .Configure<IConfiguration>((options, configuration) => options.ConnectionString ??= configuration[ScoringStorageOptions.Section])
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ScoringStorageOptions>, ScoringStorageOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => CreateStore(provider.GetRequiredService<IOptions<ScoringStorageOptions>>().Value));
        services.TryAddSingleton<IBlobStore>(provider => provider.GetRequiredService<AzureBlobStore>());
        services.TryAddSingleton(provider => new BlobLinks(provider.GetRequiredService<AzureBlobStore>().ServiceClient.Uri));
        services.TryAddSingleton<SpecSource>();
        return services.AddBatchScoring();
    }

    /// <summary>The Azure Blob adapter on the <c>ScoringStorage</c> connection (validated options).</summary>
    internal static AzureBlobStore CreateStore(ScoringStorageOptions options)
    {
        if (options.Endpoint is not { } endpoint)
        {
            return new AzureBlobStore(options.ConnectionString!);
        }

        return new AzureBlobStore(endpoint, CreateCredential(options));
    }

    /// <summary>As the Functions host resolves an identity-based connection: <c>managedidentity</c> → that identity; else DefaultAzureCredential.</summary>
    internal static TokenCredential CreateCredential(ScoringStorageOptions options) =>
        string.Equals(options.Credential, "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(options.ClientId is { } id ? ManagedIdentityId.FromUserAssignedClientId(id) : ManagedIdentityId.SystemAssigned)
            : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = options.ClientId ?? Environment.GetEnvironmentVariable("AZURE_CLIENT_ID") });
}
