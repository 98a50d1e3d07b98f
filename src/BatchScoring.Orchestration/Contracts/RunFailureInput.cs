using BatchScoring.Core.Runs;
using BatchScoring.Core.Spec;

namespace BatchScoring.Orchestration.Contracts;

/// <summary>
/// Record a run that failed other than by its failure budget (planning, a shard, the commit): its spec, why and in
/// which step, the engine, when it started, and its state when it failed (null when it failed before its plan).
/// </summary>
public sealed record RunFailureInput(RunSpec Spec, string Reason, string? FailedStep, DurableEngine Engine, DateTime StartedUtc, RunState? State);
