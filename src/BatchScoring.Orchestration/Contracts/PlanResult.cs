namespace BatchScoring.Orchestration.Contracts;

/// <summary>
/// What planning returns: where the plan and the run's staged parts are, the counts, the model's hash, and — when an
/// identical run already committed — its result, so nothing is scored again.
/// </summary>
public sealed record PlanResult(
    string StagingPrefix,
    string PlanPath,
    int MiniBatches,
    long TotalItems,
    string ModelHash,
    string Fingerprint,
    ScoringRunResult? AlreadyCommitted);
