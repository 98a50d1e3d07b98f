using BatchScoring.Core.Runs;
using BatchScoring.Core.Spec;

namespace BatchScoring.Orchestration.Contracts;

/// <summary>Plan a run: its spec (validated), and the engine it runs on (named in the lock it takes on its output).</summary>
public sealed record PlanInput(RunSpec Spec, DurableEngine Engine = DurableEngine.InMemory);
