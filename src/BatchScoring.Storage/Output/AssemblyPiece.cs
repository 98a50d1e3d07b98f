namespace BatchScoring.Storage.Output;

/// <summary>
/// One piece of an assembled output, in order: bytes given here (<see cref="Content"/>), or a range of a staged blob
/// (<see cref="Source"/>, with the ETag it had when it was inspected). <see cref="BlockId"/> names the piece's
/// blocks from its mini-batch index, so staging it again replaces them.
/// </summary>
internal sealed record AssemblyPiece(Func<int, string> BlockId, ReadOnlyMemory<byte> Content, string? Source, long Offset, long Length, string? SourceETag)
{
    public static AssemblyPiece Bytes(Func<int, string> blockId, ReadOnlyMemory<byte> content) =>
        new(blockId, content, null, 0, content.Length, null);

    public static AssemblyPiece Range(Func<int, string> blockId, string source, long offset, long length, string? etag) =>
        new(blockId, default, source, offset, length, etag);

    /// <summary>The piece cut into blocks of at most <paramref name="maxBytes"/> bytes.</summary>
    public IEnumerable<AssemblyBlock> Split(long maxBytes)
    {
        var segment = 0;
        for (long at = 0; at < Length; at += maxBytes)
        {
            yield return Fragment(at, Math.Min(maxBytes, Length - at), segment++);
        }
    }

    /// <summary>Bytes [at, at + length) of the piece as block <paramref name="segment"/> of it.</summary>
    public AssemblyBlock Fragment(long at, long length, int segment) => Source is null
        ? new AssemblyBlock(BlockId(segment), Content.Slice((int)at, (int)length), null, 0, length, null)
        : new AssemblyBlock(BlockId(segment), default, Source, Offset + at, length, SourceETag);
}
