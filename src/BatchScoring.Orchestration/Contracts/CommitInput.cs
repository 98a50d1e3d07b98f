using BatchScoring.Core.Runs;

namespace BatchScoring.Orchestration.Contracts;

/// <summary>
/// Commit (or, with <see cref="FailureReason"/>, record a failed run): the run's references, its fingerprint and
/// model hash, the engine, when it started, and why it failed when it did.
/// </summary>
public sealed record CommitInput(
    RunRef Run,
    string Fingerprint,
    string ModelHash,
    DurableEngine Engine,
    DateTime StartedUtc,
    string? FailureReason);
