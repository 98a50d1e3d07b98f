namespace BatchScoring.Orchestration.Contracts;

/// <summary>
/// What a shard reports: counts, the indexes of its failed mini-batches, whether it stopped early (budget or a stop
/// request) leaving some unscheduled, and <see cref="InputChanged"/>: why it stopped at once when a mini-batch found
/// an input changed since planning (no retry can mend that; the run fails with this message).
/// </summary>
public sealed record ShardResult(
    int First,
    int Done,
    int Failed,
    long ItemsScored,
    long ItemsFailed,
    IReadOnlyList<int> FailedIndexes,
    bool Stopped,
    string? InputChanged = null);
