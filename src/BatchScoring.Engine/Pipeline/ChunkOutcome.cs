using BatchScoring.Core.Data;
using BatchScoring.Storage.Formats;

namespace BatchScoring.Engine.Pipeline;

/// <summary>
/// What scoring one chunk produced, ready to be written in order: the result rows (formatted bytes for CSV and JSON
/// Lines, or typed columns with the rows to keep for Parquet), the error records as JSON lines, and the counts.
/// </summary>
internal sealed class ChunkOutcome : IDisposable
{
    public int Scored { get; init; }

    public int Failed { get; init; }

    public int Truncated { get; init; }

    public PooledBufferWriter? FormattedRows { get; init; }

    public IReadOnlyList<DataColumn>? Columns { get; init; }

    public int[] RowIndexes { get; init; } = [];

    public PooledBufferWriter? ErrorLines { get; init; }

    public void Dispose()
    {
        FormattedRows?.Dispose();
        ErrorLines?.Dispose();
    }
}
