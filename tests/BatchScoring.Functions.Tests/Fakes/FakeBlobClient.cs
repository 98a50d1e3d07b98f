using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace BatchScoring.Functions.Tests.Fakes;

/// <summary>The blob the trigger binds: a name and an ETag (or none, when it was deleted before the function ran).</summary>
internal sealed class FakeBlobClient(string container, string name, string? etag) : BlobClient
{
    public override string BlobContainerName => container;

    public override string Name => name;

    public override Task<Response<BlobProperties>> GetPropertiesAsync(BlobRequestConditions? conditions = null, CancellationToken cancellationToken = default) =>
        etag is null
            ? throw new RequestFailedException(404, "The specified blob does not exist.", BlobErrorCode.BlobNotFound.ToString(), null)
            : Task.FromResult(Response.FromValue(BlobsModelFactory.BlobProperties(eTag: new ETag(etag)), null!));
}
