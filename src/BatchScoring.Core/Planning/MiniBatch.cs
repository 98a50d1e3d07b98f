namespace BatchScoring.Core.Planning;

/// <summary>One mini-batch: slices read in order; <see cref="Items"/> files or rows.</summary>
public sealed record MiniBatch(int Index, IReadOnlyList<InputSlice> Slices, long Items, long Bytes, string? PartitionKey = null);
