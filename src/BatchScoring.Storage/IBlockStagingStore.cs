namespace BatchScoring.Storage;

/// <summary>
/// A store that builds a blob from staged blocks, as Azure block blobs do: Put Block stages a block under an id
/// (staging the same id again replaces it), and Put Block List makes the listed blocks, in that order, the blob's
/// content in one step. Staged blocks are invisible until committed; committing discards the blocks not listed.
/// Block ids are <see cref="BlockIds"/> strings.
/// </summary>
public interface IBlockStagingStore : IBlobStore
{
    /// <summary>How many blocks one blob may hold and how large one block may be.</summary>
    BlockLimits BlockLimits { get; }

    /// <summary>
    /// True when <see cref="StageBlockFromAsync"/> copies inside the store, without the bytes passing through this
    /// process (Azure Put Block From URL); assemblers then stage blocks rather than stream the content.
    /// </summary>
    bool CopiesServerSide { get; }

    /// <summary>Stages <paramref name="content"/> (not empty: Azure refuses empty blocks) as block <paramref name="blockId"/> of the blob at <paramref name="path"/>.</summary>
    Task StageBlockAsync(string path, string blockId, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stages bytes [offset, offset + length), length above 0, of the blob at <paramref name="sourcePath"/> as block
    /// <paramref name="blockId"/> of the blob at <paramref name="path"/>. With <paramref name="sourceETag"/>, refuses
    /// a source that changed since it was read.
    /// </summary>
    Task StageBlockFromAsync(string path, string blockId, string sourcePath, long offset, long length, string? sourceETag = null, CancellationToken cancellationToken = default);

    /// <summary>Makes the staged blocks, in the order given, the content of the blob at <paramref name="path"/>, in one step.</summary>
    Task<BlobInfo> CommitBlocksAsync(string path, IReadOnlyList<string> blockIds, BlobWriteOptions? options = null, CancellationToken cancellationToken = default);
}
