namespace BatchScoring.Orchestration.Contracts;

/// <summary>
/// Which run an activity works for: the run's instance id and its staging folder, where the spec and plan as run are
/// (names from <see cref="Core.Runs.RunLayout"/>). Activities carry this, never the spec or the plan.
/// </summary>
public sealed record RunRef(string RunId, string StagingPrefix);
