namespace BatchScoring.Orchestration.Contracts;

/// <summary>
/// What planning returns: the run's staging folder (holding the spec and plan as run), the counts, the model's hash,
/// the run's fingerprint and — when an identical run already committed — its result, so nothing is scored again.
/// </summary>
public sealed record PlanResult(
    string StagingPrefix,
    int MiniBatches,
    long TotalItems,
    string ModelHash,
    string Fingerprint,
    ScoringRunResult? AlreadyCommitted);
