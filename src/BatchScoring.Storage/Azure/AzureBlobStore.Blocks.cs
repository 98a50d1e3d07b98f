using System.Text;
using Azure;
using Azure.Core;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using BatchScoring.Core;

namespace BatchScoring.Storage.Azure;

/// <summary>Block staging on Azure block blobs: Put Block, Put Block From URL and Put Block List.</summary>
public sealed partial class AzureBlobStore
{
    public async Task StageBlockAsync(string path, string blockId, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        BlockIds.Validate(blockId);
        ArgumentOutOfRangeException.ThrowIfZero(content.Length, nameof(content));
        var blob = BlobPath.Parse(path);
        var client = GetBlockBlobClient(blob);
        await InContainerAsync(
            blob,
            async () => (await client.StageBlockAsync(EncodeBlockId(blockId), BinaryData.FromBytes(content).ToStream(), cancellationToken: cancellationToken)).Value,
            cancellationToken);
    }

    public async Task StageBlockFromAsync(string path, string blockId, string sourcePath, long offset, long length, string? sourceETag = null, CancellationToken cancellationToken = default)
    {
        BlockIds.Validate(blockId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        var blob = BlobPath.Parse(path);
        var source = GetBlobClient(BlobPath.Parse(sourcePath));
        var options = new StageBlockFromUriOptions
        {
            SourceRange = new HttpRange(offset, length),
            SourceConditions = sourceETag is null ? null : new RequestConditions { IfMatch = new ETag(sourceETag) },
        };

        // The service reads the source itself, so it needs the right to: a short SAS where this client holds the
        // account key, else the caller's bearer token; with neither (a SAS connection string) the URI carries its SAS.
        var sourceUri = source.Uri;
        if (source.CanGenerateSasUri)
        {
            sourceUri = source.GenerateSasUri(BlobSasPermissions.Read, DateTimeOffset.UtcNow.AddHours(1));
        }
        else if (credential is not null)
        {
            var token = await credential.GetTokenAsync(new TokenRequestContext(StorageScope), cancellationToken);
            options.SourceAuthentication = new HttpAuthorization("Bearer", token.Token);
        }

        var client = GetBlockBlobClient(blob);
        try
        {
            await InContainerAsync(blob, async () => (await client.StageBlockFromUriAsync(sourceUri, EncodeBlockId(blockId), options, cancellationToken)).Value, cancellationToken);
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.SourceConditionNotMet || e.ErrorCode == BlobErrorCode.ConditionNotMet)
        {
            throw new BatchScoringException($"'{sourcePath}' changed since it was read (ETag {sourceETag} no longer matches); block {blockId} of '{path}' was not staged.", e);
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.CannotVerifyCopySource && e.Status == 404)
        {
            throw new FileNotFoundException($"'{sourcePath}' does not exist in {Description}.", sourcePath, e);
        }
    }

    public async Task<BlobInfo> CommitBlocksAsync(string path, IReadOnlyList<string> blockIds, BlobWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        foreach (var id in blockIds)
        {
            BlockIds.Validate(id);
        }

        options ??= new BlobWriteOptions();
        var blob = BlobPath.Parse(path);
        var client = GetBlockBlobClient(blob);
        try
        {
            await InContainerAsync(
                blob,
                async () => (await client.CommitBlockListAsync(blockIds.Select(EncodeBlockId), new CommitBlockListOptions { Conditions = ToConditions(options) }, cancellationToken)).Value,
                cancellationToken);
        }
        catch (RequestFailedException e) when (ConditionFailure(e, path, options, Description) is { } failure)
        {
            throw failure;
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.InvalidBlockList)
        {
            throw new BatchScoringException($"A block listed for '{path}' was never staged in {Description} (or another commit discarded it); nothing was committed.", e);
        }

        return await GetInfoAsync(path, cancellationToken) ?? throw new FileNotFoundException($"'{path}' disappeared right after it was committed in {Description}.", path);
    }

    /// <summary>The service's form of a block id: the Base64 of its ASCII bytes.</summary>
    internal static string EncodeBlockId(string blockId) => Convert.ToBase64String(Encoding.ASCII.GetBytes(blockId));
}
