namespace BatchScoring.Storage;

/// <summary>
/// The storage port: a flat namespace of '/'-separated paths. Adapters: the local file system
/// (<see cref="Local.LocalBlobStore"/>, the embedded default) and Azure Blob Storage.
/// </summary>
public interface IBlobStore
{
    /// <summary>Where this store points, for messages ("local folder /data", "blob account x").</summary>
    string Description { get; }

    /// <summary>
    /// Where a path is, for people: by default the path itself; a local store gives the file's full path, Azure the
    /// blob's URL. Never a local path for a blob.
    /// </summary>
    string Locate(string path) => path;

    /// <summary>
    /// The store's own identity of a path, with every link resolved, for telling whether two paths are one file: a local
    /// store gives the real path (<c>out/x.csv</c> where <c>out</c> links to <c>data</c> is <c>/root/data/x.csv</c>; a
    /// path not written yet is its nearest existing folder's real path and the rest); by default the path itself
    /// (blob names have no links).
    /// </summary>
    Task<string> RealPathAsync(string path, CancellationToken cancellationToken = default) => Task.FromResult(path);

    /// <summary>The real paths of many paths (<see cref="RealPathAsync"/>), in order; an adapter may share work between them.</summary>
    async Task<IReadOnlyList<string>> RealPathsAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var real = new string[paths.Count];
        for (var i = 0; i < real.Length; i++)
        {
            real[i] = await RealPathAsync(paths[i], cancellationToken);
        }

        return real;
    }

    /// <summary>
    /// Throws naming the path and the limit when this store could not write a file at <paramref name="path"/>: a name
    /// too long for it, counting the temporary name a write goes through first. By default every path is writable.
    /// </summary>
    void CheckWritablePath(string path)
    {
    }

    /// <summary>Every blob under a folder prefix ("" for all), recursively, in ordinal order of path.</summary>
    IAsyncEnumerable<BlobInfo> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>A blob's size and ETag, or null when it does not exist.</summary>
    Task<BlobInfo?> GetInfoAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>A readable, seekable stream over the blob; throws <see cref="FileNotFoundException"/> naming the path when missing.</summary>
    Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>
    /// A writer whose content becomes visible at <paramref name="path"/> only on <see cref="IBlobWriter.CommitAsync"/>,
    /// in one step. Disposing it uncommitted leaves nothing behind.
    /// </summary>
    Task<IBlobWriter> OpenWriteAsync(string path, BlobWriteOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes a blob; false when it did not exist.</summary>
    Task<bool> DeleteAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>
    /// A stream over <paramref name="version"/> of a blob, as a listing gave it (path, size, ETag). When the blob is
    /// another version now, or becomes one while it is read, the open or a read throws
    /// <see cref="Core.InputChangedException"/> naming the path and what changed, so no read mixes two versions or reads
    /// one that was not planned. By default the current ETag is compared once, at open; both adapters check every read
    /// (Azure: each range is conditional on the ETag; local files: the open file's size, write and change times). An
    /// empty ETag (a local named pipe) pins nothing.
    /// </summary>
    async Task<Stream> OpenReadAsync(BlobInfo version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (version.ETag.Length == 0)
        {
            return await OpenReadAsync(version.Path, cancellationToken);
        }

        Stream stream;
        string etag;
        try
        {
            (stream, etag) = await OpenReadVersionAsync(version.Path, cancellationToken);
        }
        catch (FileNotFoundException e)
        {
            throw Core.InputChangedException.Deleted(version.Path, e);
        }

        if (etag != version.ETag)
        {
            await stream.DisposeAsync();
            throw new Core.InputChangedException(version.Path, $"its ETag went from {version.ETag} to {etag}");
        }

        return stream;
    }

    /// <summary>
    /// A stream over the blob and the ETag of the version it reads. By default two requests (open, then properties);
    /// an adapter whose stream knows its version answers in one.
    /// </summary>
    async Task<(Stream Stream, string ETag)> OpenReadVersionAsync(string path, CancellationToken cancellationToken = default)
    {
        var stream = await OpenReadAsync(path, cancellationToken);
        try
        {
            var info = await GetInfoAsync(path, cancellationToken) ?? throw new FileNotFoundException($"'{path}' does not exist in {Description}.", path);
            return (stream, info.ETag);
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The whole content of a blob, or null when there is none. By default two requests (properties, then the read); an
    /// adapter that reads a missing blob's absence from the read itself answers in one.
    /// </summary>
    async Task<byte[]?> TryReadAllBytesAsync(string path, CancellationToken cancellationToken = default)
    {
        if (await GetInfoAsync(path, cancellationToken) is null)
        {
            return null;
        }

        try
        {
            return await this.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Writes a small document (a JSON marker of a few hundred bytes) that <see cref="ListDocumentsAsync"/> returns with
    /// its content. By default a plain write; Azure also keeps the content in the blob's metadata, so a listing brings
    /// every document along.
    /// </summary>
    Task<BlobInfo> WriteDocumentAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        this.WriteAllBytesAsync(path, content, cancellationToken: cancellationToken);

    /// <summary>
    /// Every document under a folder with its content, in ordinal order of path. By default a listing and one read per
    /// document (cheap on a local disk); Azure lists them with their metadata: one request per 5,000.
    /// </summary>
    async IAsyncEnumerable<(BlobInfo Blob, byte[] Content)> ListDocumentsAsync(string folder, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var blob in ListAsync(folder, cancellationToken))
        {
            if (await TryReadAllBytesAsync(blob.Path, cancellationToken) is { } content)
            {
                yield return (blob, content);
            }
        }
    }

    /// <summary>
    /// Deletes what writers that died before their commit left at or under <paramref name="path"/> (a blob, or a
    /// folder and everything under it), where the store can prove the writer gone; returns how many it deleted. By
    /// default nothing: Azure discards uncommitted blocks by itself (after a week), and no listing ever shows them.
    /// </summary>
    Task<int> DeleteAbandonedAsync(string path, CancellationToken cancellationToken = default) => Task.FromResult(0);

    /// <summary>
    /// Deletes every blob under a folder; returns how many. By default one listing and one delete per blob; an adapter
    /// with real folders removes the folder.
    /// </summary>
    async Task<int> DeleteFolderAsync(string folder, CancellationToken cancellationToken = default)
    {
        var paths = new List<string>();
        await foreach (var blob in ListAsync(folder, cancellationToken))
        {
            paths.Add(blob.Path);
        }

        foreach (var path in paths)
        {
            await DeleteAsync(path, cancellationToken);
        }

        return paths.Count;
    }

    /// <summary>
    /// A file on this machine holding <paramref name="version"/> of a blob, for libraries that open files by name (ONNX
    /// Runtime): by default a download into <paramref name="cacheFolder"/>, named by the blob's path and ETag, read as
    /// that version (<see cref="OpenReadAsync(BlobInfo, CancellationToken)"/>); a store of local files answers with the
    /// file itself once its ETag is still the version's. A blob that is another version now throws
    /// <see cref="Core.InputChangedException"/> naming the path.
    /// </summary>
    Task<string> GetLocalFileAsync(BlobInfo version, string cacheFolder, CancellationToken cancellationToken = default) =>
        LocalFileCache.GetAsync(this, version, cacheFolder, cancellationToken);
}
