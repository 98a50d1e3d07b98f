using BatchScoring.Core;
using BatchScoring.Core.Data;
using BatchScoring.Core.Scoring;
using BatchScoring.Core.Spec;
using BatchScoring.Storage.Formats;

namespace BatchScoring.Engine.Pipeline;

/// <summary>
/// The work of one chunk, on one core (and any the scorer borrows through <see cref="IChunkCores"/>): decode it, score it, and format its results and error records, so the writer
/// only copies bytes in order.
/// </summary>
internal sealed class ChunkScorer(IMiniBatchScorer scorer, IReadOnlyList<ColumnSchema> schema, DataFormat format, bool appendRow, int miniBatch, IChunkCores cores)
{

    public async ValueTask<ChunkOutcome> ScoreAsync(WorkItem item, CancellationToken cancellationToken)
    {
        if (item.Table is { } chunk)
        {
            using var batch = await chunk.DecodeAsync(cancellationToken);
            var result = await ScoreAsync(ScoreRequest.ForTable(miniBatch, batch) with { Cores = cores }, cancellationToken);
            return Outcome(batch.PassThrough, result, batch.RowCount, batch.ItemName);
        }

        var files = item.Files!;
        var scored = await ScoreAsync(ScoreRequest.ForFiles(miniBatch, files) with { Cores = cores }, cancellationToken);
        var names = new DataColumn("file", ColumnType.String, files.Select(f => f.Path).ToArray());
        return Outcome([names], scored, files.Count, i => files[i].Path);
    }

    private async ValueTask<ScoreResult> ScoreAsync(ScoreRequest request, CancellationToken cancellationToken)
    {
        var result = await scorer.ScoreAsync(request, cancellationToken);
        if (result.Errors.Length != request.ItemCount || result.Columns.Any(c => c.Length < request.ItemCount))
        {
            throw new BatchScoringException($"The scorer returned results for {result.Errors.Length} items, the chunk held {request.ItemCount}.");
        }

        return result;
    }

    private ChunkOutcome Outcome(IReadOnlyList<DataColumn> leading, ScoreResult result, int items, Func<int, string> itemName)
    {
        var ok = new int[items];
        var kept = 0;
        PooledBufferWriter? errors = null;
        for (var i = 0; i < items; i++)
        {
            if (result.Errors[i] is { } error)
            {
                var record = new ErrorRecord(miniBatch, itemName(i), error.Kind, error.Message);
                (errors ??= new PooledBufferWriter(4096)).Write(ErrorRecordWriter.ToJsonLine(record));
            }
            else
            {
                ok[kept++] = i;
            }
        }

        var rows = ok.AsSpan(0, kept).ToArray();
        var columns = appendRow && kept > 0 ? [.. leading, .. result.Columns] : (IReadOnlyList<DataColumn>?)null;
        PooledBufferWriter? formatted = null;
        if (columns is not null && TabularFormats.Of(format) is { IsText: true } text)
        {
            formatted = new PooledBufferWriter(kept * 64);
            text.FormatRows(schema, columns, rows, formatted);
            columns = null;
        }

        return new ChunkOutcome
        {
            Scored = kept,
            Failed = items - kept,
            Truncated = result.ItemsTruncated,
            FormattedRows = formatted,
            Columns = columns,
            RowIndexes = rows,
            ErrorLines = errors,
        };
    }
}
