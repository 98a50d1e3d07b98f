using BatchScoring.Core.Spec;

namespace BatchScoring.Orchestration.Contracts;

/// <summary>
/// A shard: mini-batches <see cref="First"/> .. + <see cref="Count"/> of a run, at most <see cref="Parallel"/> in
/// flight, tried as <see cref="Execution"/> says, stopping when its own failures exceed what the run's budget has left
/// (-1: no limit).
/// </summary>
public sealed record ShardInput(
    RunRef Run,
    ExecutionSpec Execution,
    int First,
    int Count,
    int Parallel,
    long ItemFailuresAllowed,
    long MiniBatchFailuresAllowed);
