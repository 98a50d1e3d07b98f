using BatchScoring.Core;
using BatchScoring.Core.Data;
using Parquet;

namespace BatchScoring.Storage.Formats.ParquetFiles;

/// <summary>
/// Rows <c>Offset .. + RowCount</c> of one row group, with the bytes of the column chunks needed (read by
/// <see cref="ParquetTabularReader"/>). Decoding reads each column from memory and writes it into its feature block,
/// converting to the block's element type and refusing what does not fit, into a text column, or into a pass-through
/// column.
/// </summary>
internal sealed class ParquetChunk(string path, long firstRow, int rowCount, int rowGroup, int offset, long fileLength, SegmentLease segments, FeatureLayout layout, bool allowNonFinite)
    : TabularChunk(path, firstRow, rowCount)
{
    private int disposed;

    public override async ValueTask<TabularBatch> DecodeAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(disposed != 0, this);
        var blocks = layout.CreateBlocks(RowCount);
        var errors = new ItemError?[RowCount];
        try
        {
            await using var stream = new SegmentStream(Path, fileLength, segments.Segments);
            await using var reader = await ParquetReader.CreateAsync(stream, cancellationToken: cancellationToken);
            using var group = reader.OpenRowGroupReader(rowGroup);
            var fields = reader.Schema.DataFields;
            var groupRows = (int)group.RowCount;
            // Feature columns are read a group at a time (at most ColumnGroupBytes of them, at least one) and written
            // into the blocks in tiles of rows (see ParquetColumns.StoreTiles).
            var columns = new List<ParquetColumns.FeatureColumn>();
            try
            {
                long held = 0;
                for (var c = 0; c < layout.Targets.Length; c++)
                {
                    var column = layout.Targets[c];
                    if (!column.IsFeature)
                    {
                        continue;
                    }

                    var targets = column.More is null ? [column.First!] : (IReadOnlyList<FeatureLayout.FeatureTarget>)[column.First!, .. column.More];
                    var read = await ParquetColumns.ReadFeatureAsync(group, fields[c], groupRows, targets, cancellationToken);
                    columns.Add(read);
                    held += read.Bytes;
                    if (held >= ColumnGroupBytes)
                    {
                        StoreGroup(columns, blocks, errors);
                        held = 0;
                    }
                }

                StoreGroup(columns, blocks, errors);
            }
            finally
            {
                columns.ForEach(c => c.Dispose());
            }

            var texts = layout.CreateTexts(RowCount);
            for (var t = 0; t < texts.Length; t++)
            {
                await ParquetColumns.ReadTextAsync(group, fields[layout.TextIndexes[t]], groupRows, offset, RowCount, texts[t], errors, cancellationToken);
            }

            var pass = new DataColumn[layout.PassThroughIndexes.Length];
            for (var p = 0; p < pass.Length; p++)
            {
                pass[p] = await ParquetColumns.ReadPassThroughAsync(group, fields[layout.PassThroughIndexes[p]], groupRows, offset, RowCount, cancellationToken);
            }

            return new TabularBatch(Path, FirstRow, RowCount, blocks, pass, errors, layout.TextColumns(texts, RowCount));
        }
        catch (Exception e)
        {
            foreach (var block in blocks)
            {
                block.Dispose();
            }

            if (ParquetColumns.IsCorruption(e))
            {
                throw new BatchScoringException($"'{Path}' row group {rowGroup} (rows {FirstRow + 1}-{FirstRow + RowCount}) cannot be read: {e.Message}", e);
            }

            throw;
        }
    }

    private void StoreGroup(List<ParquetColumns.FeatureColumn> columns, FeatureBlock[] blocks, ItemError?[] errors)
    {
        ParquetColumns.StoreTiles(columns, offset, RowCount, blocks, errors, allowNonFinite);
        columns.ForEach(c => c.Dispose());
        columns.Clear();
    }

    /// <summary>The bytes of feature columns held at once before they are written into the blocks.</summary>
    internal const long ColumnGroupBytes = 32 << 20;

    protected override void Dispose(bool disposing)
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            segments.Release();
        }
    }
}
