namespace BatchScoring.Orchestration.Contracts;

/// <summary>A running shard's custom status, updated as each of its mini-batches finishes or starts.</summary>
public sealed record ShardProgress(int Done, int Failed, int InFlight, long ItemsScored, long ItemsFailed);
