using BatchScoring.Core.Data;

namespace BatchScoring.Storage.Formats;

/// <summary>
/// Whole text records (CSV, JSON Lines) in a buffer rented from <see cref="DataBuffers"/>: decoded from its bytes once,
/// and the buffer returned when the chunk is disposed (once, whichever thread disposes it).
/// </summary>
internal abstract class RentedBytesChunk(string path, long firstRow, int rowCount, byte[] buffer, int length)
    : TabularChunk(path, firstRow, rowCount)
{
    private byte[]? buffer = buffer;

    public sealed override ValueTask<TabularBatch> DecodeAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Decode((buffer ?? throw new ObjectDisposedException(GetType().Name)).AsSpan(0, length)));

    /// <summary>Parses the records in <paramref name="data"/> (CPU work; no I/O).</summary>
    protected abstract TabularBatch Decode(ReadOnlySpan<byte> data);

    protected override void Dispose(bool disposing)
    {
        if (Interlocked.Exchange(ref buffer, null) is { } rented)
        {
            DataBuffers.Pool<byte>().Return(rented);
        }
    }
}
