namespace BatchScoring.Storage;

/// <summary>Conditions on a write: replace only the blob with this ETag, or write only when none exists.</summary>
public sealed record BlobWriteOptions(string? IfMatch = null, bool IfNotExists = false);
