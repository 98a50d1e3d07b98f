namespace BatchScoring.Engine;

/// <summary>Where a committed run's output and error records are, and how many rows each holds.</summary>
public sealed record CommitResult(string? OutputPath, long Rows, string ErrorsPath, long ErrorRecords);
