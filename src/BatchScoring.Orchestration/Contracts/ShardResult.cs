namespace BatchScoring.Orchestration.Contracts;

/// <summary>
/// What a shard reports: counts, the indexes of its failed mini-batches, whether it stopped early (budget or a stop
/// request) leaving some unscheduled, and <see cref="Failure"/>: why it stopped at once when a step failed in a way no
/// retry or budget covers (an input changed since planning; the failure records of a mini-batch could not be
/// written). The run then fails with that reason. A shard reports its failure rather than throwing it: a failed
/// sub-orchestration reaches its parent without the cause on DurableTask.Core's shim.
/// </summary>
public sealed record ShardResult(
    int First,
    int Done,
    int Failed,
    long ItemsScored,
    long ItemsFailed,
    IReadOnlyList<int> FailedIndexes,
    bool Stopped,
    ShardFailure? Failure = null);

/// <summary>A failure that stops the run: its reason and the activity that failed.</summary>
public sealed record ShardFailure(string Reason, string Step);
