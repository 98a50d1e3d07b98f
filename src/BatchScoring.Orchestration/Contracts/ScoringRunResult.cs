namespace BatchScoring.Orchestration.Contracts;

/// <summary>The outcome of a committed run: where its output, error records and summary are, and its counts.</summary>
public sealed record ScoringRunResult(
    string? OutputPath,
    string ErrorsPath,
    string SummaryPath,
    int MiniBatches,
    int FailedMiniBatches,
    long ItemsScored,
    long ItemsFailed,
    bool Reused);
