using BatchScoring.Storage.Local;
using BatchScoring.Tests;

namespace BatchScoring.Storage.Tests.Contract;

/// <summary>The contract on the local file system: a store on a fresh temporary folder.</summary>
public sealed class LocalBlobStoreContractTests : BlobStoreContractTests, IDisposable
{
    private readonly TempFolder temp = new();

    public LocalBlobStoreContractTests()
    {
        Store = new LocalBlobStore(temp.Path);
    }

    protected override IBlockStagingStore Store { get; }

    protected override string Root => "data";

    public void Dispose() => temp.Dispose();
}
