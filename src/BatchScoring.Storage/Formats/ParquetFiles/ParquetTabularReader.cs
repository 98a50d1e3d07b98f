using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using BatchScoring.Core;
using BatchScoring.Core.Data;
using BatchScoring.Core.Planning;
using Parquet;
using Parquet.Schema;

namespace BatchScoring.Storage.Formats.ParquetFiles;

/// <summary>
/// Reads Parquet slices: the footer once per slice, then, row group by row group, only the column chunks of the
/// columns asked for (one ranged read each). Each row group's part of the slice is one chunk, decoded on its own
/// (<see cref="ParquetChunk"/>) from those bytes in memory, so row groups decode in parallel.
/// </summary>
internal sealed class ParquetTabularReader : ITabularReader
{
    public async Task<FeatureLayout> ResolveAsync(IBlobStore store, InputSlice slice, TabularReadRequest request, CancellationToken cancellationToken = default)
    {
        await using var stream = await store.OpenReadAsync(slice.Path, cancellationToken);
        var reader = await OpenAsync(stream, slice.Path, cancellationToken);
        await using (reader)
        {
            try
            {
                return Resolve(reader.Schema.DataFields, request, slice.Path);
            }
            catch (Exception e) when (ParquetColumns.IsCorruption(e))
            {
                throw new BatchScoringException($"'{slice.Path}' is not a readable Parquet file: {e.Message}", e);
            }
        }
    }

    public async IAsyncEnumerable<TabularChunk> SplitAsync(IBlobStore store, InputSlice slice, TabularReadRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var stream = await store.OpenReadAsync(slice.Path, cancellationToken);
        var length = stream.Length;
        var reader = await OpenAsync(stream, slice.Path, cancellationToken);
        await using (reader)
        {
            FeatureLayout layout;
            int[] needed;
            IReadOnlyList<DataField> fields;
            SegmentStream.Segment head, footer;
            try
            {
                fields = reader.Schema.DataFields;
                layout = Resolve(fields, request, slice.Path);
                needed = layout.Inputs.SelectMany(i => i.ColumnIndexes).Concat(layout.PassThroughIndexes).Concat(layout.TextIndexes).Distinct().Order().ToArray();
                head = await ReadRangeAsync(stream, 0, 4, rent: false, cancellationToken);
                footer = await ReadFooterAsync(stream, length, slice.Path, cancellationToken);
            }
            catch (Exception e) when (ParquetColumns.IsCorruption(e))
            {
                throw new BatchScoringException($"'{slice.Path}' is not a readable Parquet file: {e.Message}", e);
            }

            long groupStart = 0;
            var sliceEnd = slice.RowStart + slice.RowCount;
            for (var g = 0; g < reader.RowGroupCount && groupStart < sliceEnd; g++)
            {
                var (chunks, groupRows) = await ChunksAsync(reader, stream, slice, g, groupStart, head, footer, fields, needed, layout, request, cancellationToken);
                foreach (var chunk in chunks)
                {
                    yield return chunk;
                }

                groupStart += groupRows;
            }

            if (groupStart < sliceEnd)
            {
                throw new BatchScoringException($"'{slice.Path}' changed since it was planned: it holds {groupStart} rows, the plan has rows up to {sliceEnd}.");
            }
        }
    }

    private static async Task<ParquetReader> OpenAsync(Stream stream, string path, CancellationToken cancellationToken)
    {
        try
        {
            return await ParquetReader.CreateAsync(stream, leaveStreamOpen: true, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (ParquetColumns.IsCorruption(e))
        {
            throw new BatchScoringException($"'{path}' is not a readable Parquet file: {e.Message}", e);
        }
    }

    /// <summary>The layout by the schema's column names, with the features checked to be numbers and the texts text.</summary>
    private static FeatureLayout Resolve(IReadOnlyList<DataField> fields, TabularReadRequest request, string path)
    {
        var layout = FeatureLayout.Resolve(fields.Select(f => f.Name).ToArray(), request, path);
        foreach (var i in layout.Inputs.SelectMany(i => i.ColumnIndexes))
        {
            if (!ParquetColumns.IsNumeric(fields[i].ClrType))
            {
                throw new BatchScoringException($"model.inputs: column '{fields[i].Name}' of '{path}' holds {(ParquetColumns.IsText(fields[i].ClrType) ? "text" : fields[i].ClrType.Name)} values, not numbers.");
            }
        }

        for (var t = 0; t < layout.TextIndexes.Length; t++)
        {
            var field = fields[layout.TextIndexes[t]];
            if (!ParquetColumns.IsTextOrBinary(field.ClrType))
            {
                throw new BatchScoringException($"{layout.Texts[t].Name}: column '{field.Name}' of '{path}' holds {field.ClrType.Name} values, not text.");
            }
        }

        return layout;
    }

    /// <summary>
    /// The chunks of row group <paramref name="g"/> that lie in the slice (none when it does not) and the group's row
    /// count; damaged metadata fails naming the file and the row group. The part of a group in the slice is one chunk
    /// unless the request asks for fewer rows than the default (a scorer whose rows are expensive): then its chunks share
    /// the bytes read (<see cref="SegmentLease"/>), and each decodes the rows it holds.
    /// </summary>
    private static async Task<(IReadOnlyList<ParquetChunk> Chunks, long Rows)> ChunksAsync(ParquetReader reader, Stream stream, InputSlice slice, int g, long groupStart, SegmentStream.Segment head, SegmentStream.Segment footer, IReadOnlyList<DataField> fields, int[] needed, FeatureLayout layout, TabularReadRequest request, CancellationToken cancellationToken)
    {
        var segments = new List<SegmentStream.Segment> { head };
        try
        {
            using var group = reader.OpenRowGroupReader(g);
            var groupRows = group.RowCount;
            var from = Math.Max(slice.RowStart, groupStart);
            var to = Math.Min(slice.RowStart + slice.RowCount, groupStart + groupRows);
            if (from >= to)
            {
                return ([], groupRows);
            }

            foreach (var i in needed)
            {
                var (offset, size) = ColumnRange(group, fields[i], slice.Path, g);
                segments.Add(await ReadRangeAsync(stream, offset, size, rent: true, cancellationToken));
            }

            segments.Add(footer);
            var rows = request.MaxChunkRows < TabularReadRequest.DefaultMaxChunkRows ? request.MaxChunkRows : (int)(to - from);
            var lease = new SegmentLease(segments, (int)((to - from + rows - 1) / rows));
            var chunks = new List<ParquetChunk>();
            for (var start = from; start < to; start += rows)
            {
                chunks.Add(new ParquetChunk(slice.Path, start, (int)Math.Min(rows, to - start), g, (int)(start - groupStart), stream.Length, lease, layout, request.AllowNonFinite));
            }

            return (chunks, groupRows);
        }
        catch (Exception e)
        {
            foreach (var segment in segments.Where(s => s.Rented))
            {
                DataBuffers.Pool<byte>().Return(segment.Array);
            }

            if (ParquetColumns.IsCorruption(e))
            {
                throw new BatchScoringException($"'{slice.Path}' row group {g} cannot be read: {e.Message}", e);
            }

            throw;
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
        var bytes = rent ? DataBuffers.Pool<byte>().Rent(size) : new byte[size];
        try
        {
            stream.Seek(offset, SeekOrigin.Begin);
            await stream.ReadExactlyAsync(bytes.AsMemory(0, size), cancellationToken);
        }
        catch
        {
            if (rent)
            {
                DataBuffers.Pool<byte>().Return(bytes);
            }

            throw;
        }

        return new SegmentStream.Segment(offset, bytes, size, rent);
    }
}
