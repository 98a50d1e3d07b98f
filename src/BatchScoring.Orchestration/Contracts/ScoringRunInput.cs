using BatchScoring.Core.Runs;
using BatchScoring.Core.Spec;

namespace BatchScoring.Orchestration.Contracts;

/// <summary>
/// Starts a run: the spec, validated where the run was started (the orchestration does not parse or validate it
/// again), and the engine that runs it, for the summary. <see cref="State"/> is set only by the orchestration itself
/// when it continues as new.
/// </summary>
public sealed record ScoringRunInput(RunSpec Spec, DurableEngine Engine, RunState? State = null);
