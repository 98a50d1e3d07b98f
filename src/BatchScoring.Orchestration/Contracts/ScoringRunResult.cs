namespace BatchScoring.Orchestration.Contracts;

/// <summary>
/// The outcome of a committed run: where its output, error records and summary are, its counts, and the versions
/// (ETags) its output and error records had when committed (a reuse checks that they are still those). For a run its failure
/// budget stopped (no output), <see cref="EarlierOutputPath"/> names a file at the output path that an earlier run
/// left.
/// </summary>
public sealed record ScoringRunResult(
    string? OutputPath,
    string ErrorsPath,
    string SummaryPath,
    int MiniBatches,
    int FailedMiniBatches,
    long ItemsScored,
    long ItemsFailed,
    bool Reused,
    string? OutputETag = null,
    string? ErrorsETag = null,
    string? EarlierOutputPath = null,
    RunSummary.SeriesState? Series = null);
