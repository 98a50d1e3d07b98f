using System.Runtime.CompilerServices;
using System.Text.Json;
using BatchScoring.Core;
using BatchScoring.Core.Data;
using BatchScoring.Core.Planning;
using BatchScoring.Storage.Formats.Csv;

namespace BatchScoring.Storage.Formats.Jsonl;

/// <summary>
/// Reads JSON Lines slices: one JSON object per line. Column globs are expanded against the property names of the
/// slice's first object. The slice is cut into chunks of whole lines; <see cref="JsonLinesChunk"/> decodes them.
/// </summary>
public sealed class JsonLinesReader : ITabularReader
{
    public async IAsyncEnumerable<TabularChunk> SplitAsync(IBlobStore store, InputSlice slice, TabularReadRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var stream = new BoundedReadStream(await store.OpenReadAsync(slice.Path, cancellationToken), slice.ByteStart, slice.ByteEnd);
        var size = Math.Max(64 << 10, request.ChunkBytes);
        var buffer = DataBuffers.Pool<byte>().Rent(size);
        var filled = 0;
        var row = slice.RowStart;
        FeatureLayout? layout = null;
        try
        {
            while (true)
            {
                var read = await stream.ReadAtLeastAsync(buffer.AsMemory(filled), buffer.Length - filled, throwOnEndOfStream: false, cancellationToken);
                filled += read;
                var atEnd = filled < buffer.Length;
                var cut = atEnd ? filled : CsvRecords.LastRecordEnd(buffer.AsSpan(0, filled), quoteAware: false);
                if (cut < 0)
                {
                    var larger = DataBuffers.Pool<byte>().Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    DataBuffers.Pool<byte>().Return(buffer);
                    buffer = larger;
                    continue;
                }

                var records = CsvRecords.Count(buffer.AsSpan(0, cut), quoteAware: false);
                var limited = records > request.MaxChunkRows;
                if (limited)
                {
                    // More rows than a chunk may hold: this chunk ends after MaxChunkRows records, the rest comes next.
                    cut = CsvRecords.EndOfRecords(buffer.AsSpan(0, cut), request.MaxChunkRows, quoteAware: false);
                    records = request.MaxChunkRows;
                }

                layout ??= records > 0 ? Resolve(buffer.AsSpan(0, cut), request, slice.Path, row) : null;
                var next = DataBuffers.Pool<byte>().Rent(Math.Max(size, filled - cut));
                buffer.AsSpan(cut, filled - cut).CopyTo(next);
                filled -= cut;
                if (records > 0)
                {
                    var chunk = new JsonLinesChunk(slice.Path, row, records, buffer, cut, layout!, request.AllowNonFinite);
                    buffer = next;
                    row += records;
                    yield return chunk;
                }
                else
                {
                    DataBuffers.Pool<byte>().Return(buffer);
                    buffer = next;
                }

                if (atEnd && !limited)
                {
                    break;
                }
            }
        }
        finally
        {
            DataBuffers.Pool<byte>().Return(buffer);
        }

        if (row - slice.RowStart != slice.RowCount)
        {
            throw new BatchScoringException($"'{slice.Path}' changed since it was planned: bytes {slice.ByteStart}-{slice.ByteEnd} held {slice.RowCount} rows, now {row - slice.RowStart}.");
        }
    }

    /// <summary>The layout from the property names of the first object in <paramref name="data"/>.</summary>
    private static FeatureLayout Resolve(ReadOnlySpan<byte> data, TabularReadRequest request, string path, long row)
    {
        var line = JsonLines.FirstLine(data);
        var names = new List<string>();
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new BatchScoringException($"'{path}' row {row + 1} is not a JSON object; the columns of a JSON Lines slice are read from its first line.");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                names.Add(reader.GetString()!);
                reader.Skip();
            }
        }
        catch (JsonException e)
        {
            throw new BatchScoringException($"'{path}' row {row + 1} is not valid JSON ({e.Message}); the columns of a JSON Lines slice are read from its first line.", e);
        }

        return FeatureLayout.Resolve(names, request, path);
    }
}
