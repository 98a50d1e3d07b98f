namespace BatchScoring.Orchestration.Contracts;

/// <summary>
/// Starts a run: the spec as JSON (as <c>RunSpecSerializer</c> writes it) and the engine's name for the summary.
/// <see cref="Sharding"/> overrides the fan-out bounds (tests, benchmarks); <see cref="State"/> is set only by the
/// orchestration itself when it continues as new.
/// </summary>
public sealed record ScoringRunInput(string SpecJson, string Engine = "durable", ShardBounds? Sharding = null, RunState? State = null);
