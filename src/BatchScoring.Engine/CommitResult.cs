namespace BatchScoring.Engine;

/// <summary>
/// Where a committed run's output and error records are, how many rows each holds, and each as written (size and ETag,
/// so that the summary names them without asking the store again).
/// </summary>
public sealed record CommitResult(string? OutputPath, long Rows, string ErrorsPath, long ErrorRecords)
{
    public BatchScoring.Storage.BlobInfo? Output { get; init; }

    public BatchScoring.Storage.BlobInfo? Errors { get; init; }
}
