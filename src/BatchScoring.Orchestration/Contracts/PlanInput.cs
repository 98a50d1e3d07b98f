using BatchScoring.Core.Spec;

namespace BatchScoring.Orchestration.Contracts;

/// <summary>Plan a run: its spec (validated).</summary>
public sealed record PlanInput(RunSpec Spec);
