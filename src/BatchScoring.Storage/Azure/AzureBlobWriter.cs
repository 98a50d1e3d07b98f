using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using BatchScoring.Core;

namespace BatchScoring.Storage.Azure;

/// <summary>
/// Writes a block blob: the stream stages a block every <see cref="AzureBlobStoreOptions.WriteBlockBytes"/> bytes
/// (several uploads at once), and the commit puts the block list with the write's conditions. Until then the blob
/// is unchanged; blocks left uncommitted are discarded by the service. Content that never filled a block (markers,
/// small parts, error records) goes in one Put Blob with the same conditions: one request instead of two.
/// </summary>
internal sealed class AzureBlobWriter(AzureBlobStore store, string path, BlockBlobClient client, BlobWriteOptions options) : IBlobWriter
{
    private readonly BlockWriteStream stream = new(store, path, client);
    private bool committed;

    public Stream Stream => stream;

    public async Task<BlobInfo> CommitAsync(CancellationToken cancellationToken = default)
    {
        BlobContentInfo info;
        try
        {
            if (stream.TryTakeWhole(out var whole))
            {
                info = await store.InContainerAsync(
                    BlobPath.Parse(path),
                    async () =>
                    {
                        using var content = new MemoryStream(whole.ToArray(), writable: false);
                        return (await client.UploadAsync(content, new BlobUploadOptions { Conditions = AzureBlobStore.ToConditions(options) }, cancellationToken)).Value;
                    },
                    cancellationToken);
            }
            else
            {
                var blockIds = await stream.CompleteAsync(cancellationToken);
                info = await store.InContainerAsync(
                    BlobPath.Parse(path),
                    async () => (await client.CommitBlockListAsync(blockIds.Select(AzureBlobStore.EncodeBlockId), new CommitBlockListOptions { Conditions = AzureBlobStore.ToConditions(options) }, cancellationToken)).Value,
                    cancellationToken);
            }
        }
        catch (RequestFailedException e) when (AzureBlobStore.ConditionFailure(e, path, options, store.Description) is { } failure)
        {
            throw failure;
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.InvalidBlockList)
        {
            throw new BatchScoringException($"'{path}' was committed by another writer while this one wrote it, which discarded this writer's blocks; nothing was committed.", e);
        }

        committed = true;
        return new BlobInfo(path, stream.BytesWritten, AzureBlobStore.Quoted(info.ETag), info.LastModified);
    }

    public async ValueTask DisposeAsync()
    {
        if (!committed)
        {
            await stream.AbandonAsync();
        }

        await stream.DisposeAsync();
    }
}
