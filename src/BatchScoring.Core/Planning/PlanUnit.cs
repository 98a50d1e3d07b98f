namespace BatchScoring.Core.Planning;

/// <summary>
/// The smallest piece the planner packs into mini-batches: a file, a Parquet row group, or a record-aligned
/// CSV/JSON Lines segment. <paramref name="SplittableByRows"/> units (Parquet row groups) may be cut by rows.
/// </summary>
internal sealed record PlanUnit(InputSlice Slice, bool SplittableByRows, string? PartitionKey = null);
