namespace BatchScoring.Storage;

/// <summary>Small helpers over the port.</summary>
public static class BlobStoreExtensions
{
    public static async Task<BlobInfo> WriteAllBytesAsync(this IBlobStore store, string path, ReadOnlyMemory<byte> content, BlobWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        await using var writer = await store.OpenWriteAsync(path, options, cancellationToken);
        await writer.Stream.WriteAsync(content, cancellationToken);
        return await writer.CommitAsync(cancellationToken);
    }

    public static async Task<byte[]> ReadAllBytesAsync(this IBlobStore store, string path, CancellationToken cancellationToken = default)
    {
        await using var stream = await store.OpenReadAsync(path, cancellationToken);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    /// <summary>
    /// Paths under a folder that match a glob relative to it, in ordinal order; a location that names a blob (and no
    /// folder) is that blob, whatever the glob.
    /// </summary>
    public static async IAsyncEnumerable<BlobInfo> ListMatchingAsync(this IBlobStore store, string location, string glob, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var prefix = Core.StorePath.Canonical(location).Trim('/');
        await foreach (var blob in store.ListAsync(prefix, cancellationToken))
        {
            if (Core.StorePath.IsUnder(blob.Path, prefix, glob))
            {
                yield return blob;
            }
        }
    }
}
