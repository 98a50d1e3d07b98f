using System.Runtime.CompilerServices;
using BatchScoring.Core;
using BatchScoring.Core.Data;
using BatchScoring.Core.Planning;

namespace BatchScoring.Storage.Formats.Csv;

/// <summary>
/// Reads CSV slices: the header from the file's first record, then the slice's byte range (which starts at a record
/// start) in chunks of about <see cref="TabularReadRequest.ChunkBytes"/>, each cut after its last whole record and
/// counted (quote-aware) so that every row keeps its row number. Decoding is <see cref="CsvChunk"/>'s.
/// </summary>
public sealed class CsvReader : ITabularReader
{
    /// <summary>The most a header line may take.</summary>
    private const int MaxHeaderBytes = 16 << 20;

    /// <summary>The UTF-8 byte order mark some tools (Excel among them) write at the start of a CSV file.</summary>
    internal static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    public async Task<FeatureLayout> ResolveAsync(IBlobStore store, InputSlice slice, TabularReadRequest request, CancellationToken cancellationToken = default) =>
        FeatureLayout.Resolve(await ReadHeaderAsync(store, slice.Path, cancellationToken), request, slice.Path);

    public async IAsyncEnumerable<TabularChunk> SplitAsync(IBlobStore store, InputSlice slice, TabularReadRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var layout = await ResolveAsync(store, slice, request, cancellationToken);
        await using var stream = new BoundedReadStream(await store.OpenReadAsync(slice.Path, cancellationToken), slice.ByteStart, slice.ByteEnd);
        var size = Math.Max(64 << 10, request.ChunkBytes);
        var pool = DataBuffers.Pool<byte>();

        // Between chunks only the start of the next record is kept (`carry`, usually under a row long): a full buffer
        // is taken when reading resumes, so a reader waiting for its turn holds next to nothing.
        byte[]? buffer = null;
        var carry = pool.Rent(4096);
        var filled = 0;
        var row = slice.RowStart;
        var line = slice.LineStart;
        try
        {
            while (true)
            {
                if (buffer is null)
                {
                    buffer = pool.Rent(Math.Max(size, filled * 2));
                    carry.AsSpan(0, filled).CopyTo(buffer);
                }

                var read = await stream.ReadAtLeastAsync(buffer.AsMemory(filled), buffer.Length - filled, throwOnEndOfStream: false, cancellationToken);
                filled += read;
                var atEnd = filled < buffer.Length;
                var cut = atEnd ? filled : CsvRecords.LastRecordEnd(buffer.AsSpan(0, filled), quoteAware: true);
                if (cut < 0)
                {
                    // One record longer than the buffer: grow it and read on.
                    var larger = pool.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    pool.Return(buffer);
                    buffer = larger;
                    continue;
                }

                var records = CsvRecords.Count(buffer.AsSpan(0, cut), quoteAware: true);
                var limited = records > request.MaxChunkRows;
                if (limited)
                {
                    // More rows than a chunk may hold: this chunk ends after MaxChunkRows records, the rest comes next.
                    cut = CsvRecords.EndOfRecords(buffer.AsSpan(0, cut), request.MaxChunkRows, quoteAware: true);
                    records = request.MaxChunkRows;
                }

                if (carry.Length < filled - cut)
                {
                    pool.Return(carry);
                    carry = pool.Rent(filled - cut);
                }

                buffer.AsSpan(cut, filled - cut).CopyTo(carry);
                filled -= cut;
                if (records > 0)
                {
                    if (row + records > slice.RowStart + slice.RowCount)
                    {
                        throw Changed(slice, row + records - slice.RowStart);
                    }

                    var chunk = new CsvChunk(slice.Path, row, records, buffer, cut, layout, request.AllowNonFinite, line);
                    line += line is null ? 0 : buffer.AsSpan(0, cut).Count((byte)'\n');
                    buffer = null;
                    row += records;
                    yield return chunk;
                }
                else
                {
                    pool.Return(buffer);
                    buffer = null;
                }

                if (atEnd && !limited)
                {
                    break;
                }
            }
        }
        finally
        {
            if (buffer is not null)
            {
                pool.Return(buffer);
            }

            pool.Return(carry);
        }

        if (row - slice.RowStart != slice.RowCount)
        {
            throw Changed(slice, row - slice.RowStart);
        }
    }

    /// <summary>The column names of a CSV file's first record (after a UTF-8 byte order mark, if the file starts with one).</summary>
    public static async Task<string[]> ReadHeaderAsync(IBlobStore store, string path, CancellationToken cancellationToken = default)
    {
        await using var stream = await store.OpenReadAsync(path, cancellationToken);
        var buffer = DataBuffers.Pool<byte>().Rent(64 << 10);
        try
        {
            var filled = 0;
            while (true)
            {
                var read = await stream.ReadAtLeastAsync(buffer.AsMemory(filled), buffer.Length - filled, throwOnEndOfStream: false, cancellationToken);
                filled += read;
                var atEnd = filled < buffer.Length;
                var end = CsvRecords.LastRecordEnd(buffer.AsSpan(0, filled), quoteAware: true);
                if (end > 0 || atEnd)
                {
                    var pos = buffer.AsSpan(0, filled).StartsWith(Utf8Bom) ? Utf8Bom.Length : 0;
                    var names = CsvFields.ReadRecord(buffer.AsSpan(0, atEnd && end < 0 ? filled : end), ref pos);
                    if (names.Count == 0 || names.All(string.IsNullOrWhiteSpace))
                    {
                        throw new BatchScoringException($"'{path}' has no CSV header line.");
                    }

                    return [.. names];
                }

                if (buffer.Length >= MaxHeaderBytes)
                {
                    throw new BatchScoringException($"'{path}': its first line (the header) is longer than {MaxHeaderBytes / (1 << 20)} MiB.");
                }

                var larger = DataBuffers.Pool<byte>().Rent(buffer.Length * 2);
                buffer.AsSpan(0, filled).CopyTo(larger);
                DataBuffers.Pool<byte>().Return(buffer);
                buffer = larger;
            }
        }
        finally
        {
            DataBuffers.Pool<byte>().Return(buffer);
        }
    }

    private static BatchScoringException Changed(InputSlice slice, long rows) =>
        new($"'{slice.Path}' changed since it was planned: bytes {slice.ByteStart}-{slice.ByteEnd} held {slice.RowCount} rows, now {rows}.");
}
