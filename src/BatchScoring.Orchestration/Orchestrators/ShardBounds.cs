namespace BatchScoring.Orchestration.Orchestrators;

/// <summary>How the fan-out is cut: mini-batches per shard at most, and shards per <c>ContinueAsNew</c> generation.</summary>
internal sealed record ShardBounds(int MaxShardSize, int ShardsPerGeneration)
{
    /// <summary>
    /// 100 mini-batches per shard keep a shard's history near 1,000 events even with retries and timers; 50 shards
    /// per generation keep the run's own history near 200 events.
    /// </summary>
    public static ShardBounds Default { get; } = new(100, 50);
}
