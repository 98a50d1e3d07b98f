namespace BatchScoring.Orchestration.Contracts;

/// <summary>
/// What a shard reports: counts, the indexes of its failed mini-batches, and whether it stopped early (budget or a
/// stop request) leaving some unscheduled.
/// </summary>
public sealed record ShardResult(
    int First,
    int Done,
    int Failed,
    long ItemsScored,
    long ItemsFailed,
    IReadOnlyList<int> FailedIndexes,
    bool Stopped);
