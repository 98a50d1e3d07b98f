namespace BatchScoring.Storage.Formats.ParquetFiles;

/// <summary>
/// A read-only, seekable view of a file of which only some byte ranges were read (the Parquet magic, the footer and
/// one row group's column chunks): a Parquet reader decodes from it in memory, in parallel with the I/O of the next
/// chunk. Reading outside the ranges throws: it would mean the reader needs bytes nobody fetched.
/// </summary>
internal sealed class SegmentStream(string path, long length, IReadOnlyList<SegmentStream.Segment> segments) : Stream
{
    private long position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => position;
        set => position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (position >= length || buffer.IsEmpty)
        {
            return 0;
        }

        foreach (var segment in segments)
        {
            if (position >= segment.Offset && position < segment.Offset + segment.Length)
            {
                var start = (int)(position - segment.Offset);
                var n = Math.Min(buffer.Length, segment.Length - start);
                segment.Bytes.Span.Slice(start, n).CopyTo(buffer);
                position += n;
                return n;
            }
        }

        throw new IOException($"'{path}': the Parquet reader asked for byte {position}, outside the ranges read for this chunk.");
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override long Seek(long offset, SeekOrigin origin) => position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => position + offset,
        _ => length + offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Bytes [Offset, Offset + Length) of the file, in <see cref="Array"/>; <see cref="Rented"/> arrays go back to the shared pool with their chunk.</summary>
    public sealed record Segment(long Offset, byte[] Array, int Length, bool Rented)
    {
        public ReadOnlyMemory<byte> Bytes => Array.AsMemory(0, Length);
    }
}
