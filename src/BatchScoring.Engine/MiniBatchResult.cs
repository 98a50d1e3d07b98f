namespace BatchScoring.Engine;

/// <summary>What scoring one mini-batch returns: counts and where its part and error records went, never data.</summary>
public sealed record MiniBatchResult(
    int Index,
    long ItemsScored,
    long ItemsFailed,
    string? PartPath,
    string ErrorsPath,
    TimeSpan Duration)
{
    /// <summary>Items scored on part of their content (texts cut at the model's sequence length).</summary>
    public long ItemsTruncated { get; init; }

    /// <summary>The part as written (size and ETag), for the commit; null without a part (summary only).</summary>
    public BatchScoring.Storage.BlobInfo? Part { get; init; }
}
