using BatchScoring.Core;

namespace BatchScoring.Storage.Local;

/// <summary>
/// Block staging on the file system: a staged block is a hidden file beside the target
/// (<c>name.~tmp-block-{id}</c>, replaced in one step when staged again), and a commit concatenates the listed
/// blocks into a temporary file that is renamed into place, then removes every block staged for the target.
/// </summary>
public sealed partial class LocalBlobStore : IBlockStagingStore
{
    private const string BlockMarker = TempNames.Marker + "block-";

    public BlockLimits BlockLimits => BlockLimits.Unlimited;

    /// <summary>False: a block copied from another file passes through this process, so assemblers stream instead.</summary>
    public bool CopiesServerSide => false;

    public async Task StageBlockAsync(string path, string blockId, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        BlockIds.Validate(blockId);
        ArgumentOutOfRangeException.ThrowIfZero(content.Length, nameof(content));
        var block = BlockPath(GetFullPath(path), blockId);
        await WriteBlockAsync(block, stream => stream.WriteAsync(content, cancellationToken).AsTask(), cancellationToken);
    }

    public async Task StageBlockFromAsync(string path, string blockId, string sourcePath, long offset, long length, string? sourceETag = null, CancellationToken cancellationToken = default)
    {
        BlockIds.Validate(blockId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        var block = BlockPath(GetFullPath(path), blockId);
        var source = new FileInfo(GetFullPath(sourcePath));
        if (!source.Exists)
        {
            throw new FileNotFoundException($"'{sourcePath}' does not exist in {Description}.", sourcePath);
        }

        if (sourceETag is not null && ETagOf(source) != sourceETag)
        {
            throw new BatchScoringException($"'{sourcePath}' changed since it was read (ETag {sourceETag} no longer matches); block {blockId} of '{path}' was not staged.");
        }

        if (offset < 0 || length < 0 || offset + length > source.Length)
        {
            throw new BatchScoringException($"Bytes {offset}..{offset + length} are outside '{sourcePath}' ({source.Length} bytes); block {blockId} of '{path}' was not staged.");
        }

        await WriteBlockAsync(
            block,
            async stream =>
            {
                await using var input = new FileStream(source.FullName, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.Asynchronous);
                input.Seek(offset, SeekOrigin.Begin);
                await StreamCopy.CopyBytesAsync(input, stream, length, cancellationToken);
            },
            cancellationToken);
    }

    public async Task<BlobInfo> CommitBlocksAsync(string path, IReadOnlyList<string> blockIds, BlobWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        var full = GetFullPath(path);
        foreach (var id in blockIds)
        {
            BlockIds.Validate(id);
            if (!File.Exists(BlockPath(full, id)))
            {
                throw new BatchScoringException($"Block {id} of '{path}' was never staged in {Description}; nothing was committed.");
            }
        }

        await using (var writer = await OpenWriteAsync(path, options, cancellationToken))
        {
            foreach (var id in blockIds)
            {
                await using var block = new FileStream(BlockPath(full, id), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
                await block.CopyToAsync(writer.Stream, cancellationToken);
            }

            await writer.CommitAsync(cancellationToken);
        }

        // As on Azure, a commit discards every block staged for the blob, listed or not.
        foreach (var block in Directory.EnumerateFiles(Path.GetDirectoryName(full)!, Path.GetFileName(full) + BlockMarker + "*"))
        {
            File.Delete(block);
        }

        return ToInfo(path, new FileInfo(full));
    }

    private static string BlockPath(string full, string blockId) => full + BlockMarker + blockId;

    private static async Task WriteBlockAsync(string block, Func<Stream, Task> write, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(block)!);
        var temp = TempNames.ForWriter(block);
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await write(stream);
                await stream.FlushAsync(cancellationToken);
            }

            File.Move(temp, block, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
