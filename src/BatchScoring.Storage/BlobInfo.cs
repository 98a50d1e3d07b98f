using BatchScoring.Core.Planning;

namespace BatchScoring.Storage;

/// <summary>A blob's path, size, ETag and last-modified time.</summary>
public sealed record BlobInfo(string Path, long Size, string ETag, DateTimeOffset LastModified)
{
    /// <summary>The version of a file a plan recorded, to read it as that version (<see cref="IBlobStore.OpenReadAsync(BlobInfo, CancellationToken)"/>).</summary>
    public static BlobInfo Of(PlannedFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return new BlobInfo(file.Path, file.Size, file.ETag, default);
    }
}
