namespace BatchScoring.Storage.Output;

/// <summary>A staged result part: the index of its mini-batch (which names its blocks) and where it is.</summary>
public sealed record StagedPart(int Index, string Path);
