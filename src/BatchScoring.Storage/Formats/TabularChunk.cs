using BatchScoring.Core.Data;

namespace BatchScoring.Storage.Formats;

/// <summary>
/// Whole records of one slice, read (I/O) but not yet decoded: <see cref="RowCount"/> data rows starting at
/// <see cref="FirstRow"/> of <see cref="Path"/>. Chunks are cut in order by a reader and decoded in parallel
/// (<see cref="DecodeAsync"/>, CPU only). Disposing returns the chunk's buffers.
/// </summary>
public abstract class TabularChunk : IDisposable
{
    protected TabularChunk(string path, long firstRow, int rowCount)
    {
        Path = path;
        FirstRow = firstRow;
        RowCount = rowCount;
    }

    public string Path { get; }

    public long FirstRow { get; }

    public int RowCount { get; }

    /// <summary>Parses the records into feature blocks, pass-through columns and row errors (CPU work; no I/O).</summary>
    public abstract ValueTask<TabularBatch> DecodeAsync(CancellationToken cancellationToken = default);

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}
