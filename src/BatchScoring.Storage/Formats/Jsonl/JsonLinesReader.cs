using System.Runtime.CompilerServices;
using System.Text.Json;
using BatchScoring.Core;
using BatchScoring.Core.Data;
using BatchScoring.Core.Planning;
using BatchScoring.Storage.Formats.Csv;

namespace BatchScoring.Storage.Formats.Jsonl;

/// <summary>
/// Reads JSON Lines slices: one JSON object per line, every object read by key (<see cref="JsonLinesChunk"/>), so
/// objects may hold their keys in any order. Columns named (as planning names them for a run) need no look at the
/// data; column globs are expanded against the property names of the slice's first object. The slice is cut into
/// chunks of whole lines; a UTF-8 byte order mark at the start of the file is skipped.
/// </summary>
public sealed class JsonLinesReader : ITabularReader
{
    public async Task<FeatureLayout> ResolveAsync(IBlobStore store, InputSlice slice, TabularReadRequest request, CancellationToken cancellationToken = default)
    {
        await using var stream = new BoundedReadStream(await store.OpenReadAsync(slice.Path, cancellationToken), slice.ByteStart, slice.ByteEnd);
        var buffer = DataBuffers.Pool<byte>().Rent(64 << 10);
        var filled = 0;
        try
        {
            while (true)
            {
                var read = await stream.ReadAtLeastAsync(buffer.AsMemory(filled), buffer.Length - filled, throwOnEndOfStream: false, cancellationToken);
                filled += read;
                var data = WithoutBom(buffer.AsSpan(0, filled), slice);
                var pos = 0;
                var found = JsonLines.Next(data, ref pos, out var line);
                if (filled < buffer.Length || (found && data[pos - 1] == (byte)'\n'))
                {
                    if (!found)
                    {
                        throw new BatchScoringException($"'{slice.Path}' has no JSON object at row {slice.RowStart + 1}; the columns of a JSON Lines file are read from its first object.");
                    }

                    return Resolve(line, request, slice.Path, slice.RowStart);
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

    public async IAsyncEnumerable<TabularChunk> SplitAsync(IBlobStore store, InputSlice slice, TabularReadRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var stream = new BoundedReadStream(await store.OpenReadAsync(slice.Path, cancellationToken), slice.ByteStart, slice.ByteEnd);
        var size = Math.Max(64 << 10, request.ChunkBytes);
        var buffer = DataBuffers.Pool<byte>().Rent(size);
        var filled = 0;
        var row = slice.RowStart;
        var layout = Named(request, slice.Path);
        var first = true;
        try
        {
            while (true)
            {
                var read = await stream.ReadAtLeastAsync(buffer.AsMemory(filled), buffer.Length - filled, throwOnEndOfStream: false, cancellationToken);
                filled += read;
                var atEnd = filled < buffer.Length;
                if (first && WithoutBom(buffer.AsSpan(0, filled), slice).Length < filled)
                {
                    buffer.AsSpan(Utf8Bom.Length, filled - Utf8Bom.Length).CopyTo(buffer);
                    filled -= Utf8Bom.Length;
                }

                first = false;
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

                layout ??= records > 0 ? Resolve(JsonLines.FirstLine(buffer.AsSpan(0, cut)), request, slice.Path, row) : null;
                var next = DataBuffers.Pool<byte>().Rent(Math.Max(size, filled - cut));
                buffer.AsSpan(cut, filled - cut).CopyTo(next);
                filled -= cut;
                if (records > 0)
                {
                    var chunk = new JsonLinesChunk(slice.Path, row, records, buffer, cut, layout!, request.AllowNonFinite, request.PassThroughTypes);
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

    /// <summary>Bytes at the start of a file whose values type the pass-through columns.</summary>
    private const int TypingBytes = 64 << 10;

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>
    /// The type of each pass-through column, from the values in the first 64 KiB of the file (the whole lines there):
    /// whole numbers only → Int64; any other number → Double; booleans → Boolean; anything else (strings, a mix of
    /// kinds, only nulls, objects) → String. A later value of another type is then a row error, never a silent
    /// conversion, so two different values never become one.
    /// </summary>
    public static async Task<ColumnType[]> PassThroughTypesAsync(IBlobStore store, string path, IReadOnlyList<string> columns, CancellationToken cancellationToken = default)
    {
        var buffer = DataBuffers.Pool<byte>().Rent(TypingBytes);
        try
        {
            int filled;
            await using (var stream = await store.OpenReadAsync(path, cancellationToken))
            {
                filled = await stream.ReadAtLeastAsync(buffer.AsMemory(0, TypingBytes), TypingBytes, throwOnEndOfStream: false, cancellationToken);
            }

            return TypesOf(buffer.AsSpan(0, filled), filled < TypingBytes, columns);
        }
        finally
        {
            DataBuffers.Pool<byte>().Return(buffer);
        }
    }

    private static ColumnType[] TypesOf(ReadOnlySpan<byte> data, bool whole, IReadOnlyList<string> columns)
    {
        if (data.StartsWith(Utf8Bom))
        {
            data = data[Utf8Bom.Length..];
        }

        if (!whole && data.LastIndexOf((byte)'\n') is var end and >= 0)
        {
            data = data[..(end + 1)];
        }

        var kinds = new JsonTokenType[columns.Count];
        var integral = new bool[columns.Count];
        integral.AsSpan().Fill(true);
        var pos = 0;
        while (JsonLines.Next(data, ref pos, out var line))
        {
            try
            {
                var reader = new Utf8JsonReader(line);
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    continue;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var c = IndexOf(columns, reader.GetString()!);
                    reader.Read();
                    var token = reader.TokenType is JsonTokenType.False ? JsonTokenType.True : reader.TokenType;
                    if (c >= 0 && token != JsonTokenType.Null)
                    {
                        kinds[c] = kinds[c] == JsonTokenType.None || kinds[c] == token ? token : JsonTokenType.Comment;
                        integral[c] &= token != JsonTokenType.Number || reader.TryGetInt64(out _);
                    }

                    reader.Skip();
                }
            }
            catch (JsonException)
            {
                // A line that is not JSON types nothing; scoring makes it a row error.
            }
        }

        return kinds.Select((kind, c) => kind switch
        {
            JsonTokenType.Number => integral[c] ? ColumnType.Int64 : ColumnType.Double,
            JsonTokenType.True => ColumnType.Boolean,
            _ => ColumnType.String,
        }).ToArray();
    }

    private static int IndexOf(IReadOnlyList<string> columns, string name)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i] == name)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The bytes without the byte order mark a file may start with (only a slice at byte 0 can hold it).</summary>
    private static ReadOnlySpan<byte> WithoutBom(ReadOnlySpan<byte> data, InputSlice slice) =>
        slice.ByteStart == 0 && data.StartsWith(Utf8Bom) ? data[Utf8Bom.Length..] : data;

    /// <summary>
    /// The layout when the request names every column (no glob): the named columns are the layout's, and each object
    /// is read by key, whatever else it holds and in whatever order. Null when a glob needs an object's keys.
    /// </summary>
    private static FeatureLayout? Named(TabularReadRequest request, string path)
    {
        if (request.Features.Any(f => f.Columns.Any(Glob.HasWildcard)))
        {
            return null;
        }

        var names = request.Features.SelectMany(f => f.Columns.Select(Glob.Unescape))
            .Concat(request.PassThroughColumns)
            .Concat(request.Texts.Select(t => t.Column))
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        return FeatureLayout.Resolve(names, request, path);
    }

    /// <summary>The layout from the property names of one object (<paramref name="line"/>, at 0-based <paramref name="row"/>).</summary>
    private static FeatureLayout Resolve(ReadOnlySpan<byte> line, TabularReadRequest request, string path, long row)
    {
        var names = new List<string>();
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new BatchScoringException($"'{path}' row {row + 1} is not a JSON object; the columns of a JSON Lines file are read from its first object.");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                names.Add(reader.GetString()!);
                reader.Skip();
            }
        }
        catch (JsonException e)
        {
            throw new BatchScoringException($"'{path}' row {row + 1} is not valid JSON ({e.Message}); the columns of a JSON Lines file are read from its first object.", e);
        }

        return FeatureLayout.Resolve(names, request, path);
    }
}
