namespace BatchScoring.Infra.Tests;

/// <summary>
/// The Azure built-in roles the templates may grant, by role definition id (the same id in every tenant), and the
/// broad roles they must never grant.
/// </summary>
internal static class BuiltInRoles
{
    public const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    public const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    public const string StorageBlobDataReader = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1";
    public const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    public const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    public const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    public const string AcrPull = "7f951dda-4ed3-4680-a7ca-43fe172d538d";
    public const string DurableTaskDataContributor = "0ad04412-c4d5-4796-b79c-f76d14c8d402";
    public const string KeyVaultSecretsOfficer = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7";

    public static IReadOnlyDictionary<string, string> Names { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [StorageBlobDataOwner] = "Storage Blob Data Owner",
        [StorageBlobDataContributor] = "Storage Blob Data Contributor",
        [StorageBlobDataReader] = "Storage Blob Data Reader",
        [StorageQueueDataContributor] = "Storage Queue Data Contributor",
        [StorageTableDataContributor] = "Storage Table Data Contributor",
        [MonitoringMetricsPublisher] = "Monitoring Metrics Publisher",
        [AcrPull] = "AcrPull",
        [DurableTaskDataContributor] = "Durable Task Data Contributor",
        [KeyVaultSecretsOfficer] = "Key Vault Secrets Officer",
    };

    /// <summary>Owner, Contributor, User Access Administrator, Storage Account Contributor (it can list account keys).</summary>
    public static IReadOnlySet<string> TooBroad { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
        "b24988ac-6180-42a0-ab88-20f7382dd24c",
        "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
        "17d1049b-9a84-46fb-8f53-869881c3d3ab",
    };
}
