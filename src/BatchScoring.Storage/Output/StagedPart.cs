namespace BatchScoring.Storage.Output;

/// <summary>
/// A staged result part: the index of its mini-batch (which names its blocks), where it is, and, when its writer
/// recorded them, its size and ETag (<see cref="Version"/>): the assembler then takes them as given instead of asking
/// the store for each part (one request less per part, or two for a CSV part's header).
/// </summary>
public sealed record StagedPart(int Index, string Path, BlobInfo? Version = null);
