namespace BatchScoring.Storage.Output;

/// <summary>One block to stage: bytes, or a range of a blob.</summary>
internal sealed record AssemblyBlock(string Id, ReadOnlyMemory<byte> Content, string? Source, long Offset, long Length, string? SourceETag)
{
    /// <summary>This block as a piece of the next level, keeping its id.</summary>
    public AssemblyPiece AsPiece() => new(_ => Id, Content, Source, Offset, Length, SourceETag);
}
