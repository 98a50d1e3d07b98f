namespace BatchScoring.Orchestration.Contracts;

/// <summary>
/// What recording a failed run wrote: its summary (null when it could not be written), and the file at the output path
/// that this run did not write, when there is one (an earlier run's output, left as it was).
/// </summary>
public sealed record RunFailureRecord(string? SummaryPath, string? EarlierOutputPath);
