namespace BatchScoring.Core.Planning;

/// <summary>An input file as it was when planned; its ETag ties reuse to the exact content.</summary>
public sealed record PlannedFile(string Path, long Size, string ETag);
