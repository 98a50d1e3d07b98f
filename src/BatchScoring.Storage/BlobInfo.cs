namespace BatchScoring.Storage;

/// <summary>A blob's path, size, ETag and last-modified time.</summary>
public sealed record BlobInfo(string Path, long Size, string ETag, DateTimeOffset LastModified);
