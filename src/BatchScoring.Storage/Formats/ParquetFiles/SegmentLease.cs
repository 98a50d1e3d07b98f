using BatchScoring.Core.Data;

namespace BatchScoring.Storage.Formats.ParquetFiles;

/// <summary>
/// The bytes read for one row group, shared by the chunks it is cut into: each chunk releases its share when disposed,
/// and the last release returns the rented buffers.
/// </summary>
internal sealed class SegmentLease(IReadOnlyList<SegmentStream.Segment> segments, int shares)
{
    private int shares = shares;

    public IReadOnlyList<SegmentStream.Segment> Segments { get; } = segments;

    public void Release()
    {
        if (Interlocked.Decrement(ref shares) != 0)
        {
            return;
        }

        foreach (var segment in Segments)
        {
            if (segment.Rented)
            {
                DataBuffers.Pool<byte>().Return(segment.Array);
            }
        }
    }
}
