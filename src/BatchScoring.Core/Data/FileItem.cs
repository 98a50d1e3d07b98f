namespace BatchScoring.Core.Data;

/// <summary>One file-mode item: its path in the store and its bytes.</summary>
public sealed record FileItem(string Path, ReadOnlyMemory<byte> Content);
