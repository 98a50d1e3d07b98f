namespace BatchScoring.Orchestration.Contracts;

/// <summary>
/// A shard: mini-batches <see cref="First"/> .. + <see cref="Count"/>, at most <see cref="Parallel"/> in flight,
/// stopping when its own failures exceed what the run's budget has left (-1: no limit).
/// </summary>
public sealed record ShardInput(
    string RunId,
    string SpecJson,
    string PlanPath,
    string StagingPrefix,
    int First,
    int Count,
    int Parallel,
    long ItemFailuresAllowed,
    long MiniBatchFailuresAllowed);
