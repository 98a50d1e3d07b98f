using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using BatchScoring.Core;
using BatchScoring.Core.Planning;
using Parquet;
using Parquet.Schema;

namespace BatchScoring.Storage.Formats.ParquetFiles;

/// <summary>
/// Reads Parquet slices: the footer once per slice, then, row group by row group, only the column chunks of the
/// columns asked for (one ranged read each). Each row group's part of the slice is one chunk (or several of at most
/// <see cref="TabularReadRequest.MaxChunkRows"/> rows, when the request lowers it), decoded on its own
/// (<see cref="ParquetChunk"/>) from those bytes in memory, so row groups decode in parallel.
/// </summary>
public sealed class ParquetTabularReader : ITabularReader
{
    public async IAsyncEnumerable<TabularChunk> SplitAsync(IBlobStore store, InputSlice slice, TabularReadRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var stream = await store.OpenReadAsync(slice.Path, cancellationToken);
        var length = stream.Length;
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(stream, leaveStreamOpen: true, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (ParquetColumns.IsCorruption(e))
        {
            throw new BatchScoringException($"'{slice.Path}' is not a readable Parquet file: {e.Message}", e);
        }

        await using (reader)
        {
            var fields = reader.Schema.DataFields;
            var layout = FeatureLayout.Resolve(fields.Select(f => f.Name).ToArray(), request, slice.Path);
            var needed = layout.Inputs.SelectMany(i => i.ColumnIndexes).Concat(layout.PassThroughIndexes).Concat(layout.TextIndexes).Distinct().Order().ToArray();
            foreach (var i in layout.Inputs.SelectMany(i => i.ColumnIndexes))
            {
                if (!ParquetColumns.IsNumeric(fields[i].ClrType))
                {
                    throw new BatchScoringException($"model.inputs: column '{fields[i].Name}' of '{slice.Path}' holds {(ParquetColumns.IsText(fields[i].ClrType) ? "text" : fields[i].ClrType.Name)} values, not numbers.");
                }
            }

            for (var t = 0; t < layout.TextIndexes.Length; t++)
            {
                var field = fields[layout.TextIndexes[t]];
                if (!ParquetColumns.IsTextOrBinary(field.ClrType))
                {
                    throw new BatchScoringException($"{layout.Texts[t].Name}: column '{field.Name}' of '{slice.Path}' holds {field.ClrType.Name} values, not text.");
                }
            }

            var head = await ReadRangeAsync(stream, 0, 4, rent: false, cancellationToken);
            var footer = await ReadFooterAsync(stream, length, slice.Path, cancellationToken);
            long groupStart = 0;
            var sliceEnd = slice.RowStart + slice.RowCount;
            for (var g = 0; g < reader.RowGroupCount && groupStart < sliceEnd; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                var groupRows = group.RowCount;
                var from = Math.Max(slice.RowStart, groupStart);
                var to = Math.Min(sliceEnd, groupStart + groupRows);
                if (from < to)
                {
                    var segments = new List<SegmentStream.Segment> { head };
                    foreach (var i in needed)
                    {
                        var (offset, size) = ColumnRange(group, fields[i], slice.Path, g);
                        segments.Add(await ReadRangeAsync(stream, offset, size, rent: true, cancellationToken));
                    }

                    segments.Add(footer);

                    // A row group is one chunk unless the request asks for fewer rows than the default (a scorer whose
                    // rows are expensive): then its chunks share the bytes read, and each decodes the columns it needs.
                    var rows = request.MaxChunkRows < TabularReadRequest.DefaultMaxChunkRows ? request.MaxChunkRows : (int)(to - from);
                    var pieces = (int)((to - from + rows - 1) / rows);
                    var lease = new SegmentLease(segments, pieces);
                    for (var start = from; start < to; start += rows)
                    {
                        var count = (int)Math.Min(rows, to - start);
                        yield return new ParquetChunk(slice.Path, start, count, g, (int)(start - groupStart), length, lease, layout, request.AllowNonFinite);
                    }
                }

                groupStart += groupRows;
            }

            if (groupStart < sliceEnd)
            {
                throw new BatchScoringException($"'{slice.Path}' changed since it was planned: it holds {groupStart} rows, the plan has rows up to {sliceEnd}.");
            }
        }
    }

    /// <summary>Where a column's chunk of a row group lies: from its dictionary page (or first data page), its compressed size.</summary>
    private static (long Offset, int Size) ColumnRange(ParquetRowGroupReader group, DataField field, string path, int index)
    {
        var meta = group.GetMetadata(field)?.MetaData
            ?? throw new BatchScoringException($"'{path}' row group {index}: column '{field.Name}' has no metadata; the file is damaged.");
        var start = meta.DictionaryPageOffset is { } dictionary && dictionary > 0 ? Math.Min(dictionary, meta.DataPageOffset) : meta.DataPageOffset;
        if (start < 0 || meta.TotalCompressedSize is < 0 or > int.MaxValue)
        {
            throw new BatchScoringException($"'{path}' row group {index}: column '{field.Name}' has an impossible byte range ({start}, {meta.TotalCompressedSize} bytes); the file is damaged.");
        }

        return (start, (int)meta.TotalCompressedSize);
    }

    private static async Task<SegmentStream.Segment> ReadFooterAsync(Stream stream, long length, string path, CancellationToken cancellationToken)
    {
        var tail = await ReadRangeAsync(stream, length - 8, 8, rent: false, cancellationToken);
        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(tail.Bytes.Span);
        if (footerLength <= 0 || footerLength > length - 12)
        {
            throw new BatchScoringException($"'{path}' is not a readable Parquet file: its footer length ({footerLength}) does not fit the file ({length} bytes).");
        }

        return await ReadRangeAsync(stream, length - 8 - footerLength, footerLength + 8, rent: false, cancellationToken);
    }

    private static async Task<SegmentStream.Segment> ReadRangeAsync(Stream stream, long offset, int size, bool rent, CancellationToken cancellationToken)
    {
        var bytes = rent ? ArrayPool<byte>.Shared.Rent(size) : new byte[size];
        try
        {
            stream.Seek(offset, SeekOrigin.Begin);
            await stream.ReadExactlyAsync(bytes.AsMemory(0, size), cancellationToken);
        }
        catch
        {
            if (rent)
            {
                ArrayPool<byte>.Shared.Return(bytes);
            }

            throw;
        }

        return new SegmentStream.Segment(offset, bytes, size, rent);
    }
}
