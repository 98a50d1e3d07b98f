using BatchScoring.Storage.Azure;
using BatchScoring.Tests;

namespace BatchScoring.Storage.Tests.Contract;

/// <summary>The contract on Azure Blob Storage (Azurite): each test in a container of its own.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobStoreContractTests(AzuriteFixture azurite) : BlobStoreContractTests
{
    protected override IBlockStagingStore Store { get; } = new AzureBlobStore(azurite.ConnectionString);

    protected override string Root { get; } = AzuriteFixture.NewContainerName();
}
