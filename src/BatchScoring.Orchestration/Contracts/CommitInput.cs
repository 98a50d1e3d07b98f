namespace BatchScoring.Orchestration.Contracts;

/// <summary>
/// Commit (or, with <see cref="FailureReason"/>, record a failed run): the run's references, when it started,
/// the engine, and the budget's final state.
/// </summary>
public sealed record CommitInput(
    string RunId,
    string SpecJson,
    string PlanPath,
    string StagingPrefix,
    string Fingerprint,
    string ModelHash,
    string Engine,
    DateTime StartedUtc,
    string? FailureReason);
