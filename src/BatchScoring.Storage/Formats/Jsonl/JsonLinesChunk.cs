using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using BatchScoring.Core;
using BatchScoring.Core.Data;
using BatchScoring.Storage.Formats.Values;

namespace BatchScoring.Storage.Formats.Jsonl;

/// <summary>
/// Whole JSON Lines records in a rented buffer. Each line is read once with a <see cref="Utf8JsonReader"/>, every
/// object by key: a feature's number token is parsed straight into its element type, a pass-through value keeps its
/// JSON type (<paramref name="passThroughTypes"/>: a number stays a number, a boolean a boolean), a text input's value
/// must be a JSON string. A line that is not an object (or has text after it), names a key twice, lacks a feature or a
/// text, or holds a pass-through value of another type than the column's, is a row error.
/// </summary>
internal sealed class JsonLinesChunk(string path, long firstRow, int rowCount, byte[] buffer, int length, FeatureLayout layout, bool allowNonFinite, IReadOnlyList<ColumnType> passThroughTypes)
    : RentedBytesChunk(path, firstRow, rowCount, buffer, length)
{
    protected override TabularBatch Decode(ReadOnlySpan<byte> data)
    {
        var blocks = layout.CreateBlocks(RowCount);
        var errors = new ItemError?[RowCount];
        var passIndexes = layout.PassThroughIndexes;
        var pass = passIndexes.Select((_, p) => new PassThroughValues(p < passThroughTypes.Count ? passThroughTypes[p] : null, RowCount)).ToArray();
        var texts = layout.CreateTexts(RowCount);
        var slots = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < layout.Columns.Count; i++)
        {
            slots.TryAdd(layout.Columns[i], i);
        }

        var lookup = slots.GetAlternateLookup<ReadOnlySpan<char>>();
        var passOf = new int[layout.Columns.Count];
        passOf.AsSpan().Fill(-1);
        for (var p = 0; p < passIndexes.Length; p++)
        {
            passOf[passIndexes[p]] = p;
        }

        var seen = new bool[layout.Columns.Count];
        Span<char> name = stackalloc char[256];
        try
        {
            var pos = 0;
            var row = 0;
            while (JsonLines.Next(data, ref pos, out var line))
            {
                if (row == RowCount)
                {
                    throw new BatchScoringException($"'{Path}' changed while it was read: the chunk at row {FirstRow + 1} holds more than {RowCount} rows.");
                }

                seen.AsSpan().Clear();
                errors[row] = ReadLine(line, row, blocks, pass, passOf, texts, lookup, seen, name);
                if (errors[row] is null)
                {
                    errors[row] = Missing(seen, passOf);
                }

                row++;
            }

            if (row != RowCount)
            {
                throw new BatchScoringException($"'{Path}' changed while it was read: the chunk at row {FirstRow + 1} holds {row} rows, {RowCount} were counted when it was cut.");
            }
        }
        catch
        {
            foreach (var block in blocks)
            {
                block.Dispose();
            }

            throw;
        }

        var columns = passIndexes.Select((c, p) => new DataColumn(layout.Columns[c], pass[p].Type, pass[p].Values, RowCount)).ToArray();
        return new TabularBatch(Path, FirstRow, RowCount, blocks, columns, errors, layout.TextColumns(texts, RowCount));
    }

    private ItemError? ReadLine(ReadOnlySpan<byte> line, int row, FeatureBlock[] blocks, PassThroughValues[] pass, int[] passOf, string?[][] texts, Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> lookup, bool[] seen, Span<char> name)
    {
        ItemError? error = null;
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return new ItemError(ErrorKind.Read, $"is a JSON {Describe(reader.TokenType)}, not an object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var length = reader.HasValueSequence || reader.ValueIsEscaped || reader.ValueSpan.Length > name.Length ? -1 : Encoding.UTF8.GetChars(reader.ValueSpan, name);
                var found = length >= 0 ? lookup.TryGetValue(name[..length], out var column) : lookup.TryGetValue(reader.GetString()!, out column);
                reader.Read();
                if (found && seen[column])
                {
                    error ??= new ItemError(ErrorKind.Read, $"names '{layout.Columns[column]}' twice; which value to read would be a guess");
                }

                if (!found || seen[column])
                {
                    reader.Skip();
                    continue;
                }

                seen[column] = true;
                var target = layout.Targets[column];
                if (target.IsFeature)
                {
                    foreach (var t in target.More is null ? [target.First!] : (IEnumerable<FeatureLayout.FeatureTarget>)[target.First!, .. target.More])
                    {
                        ref byte destination = ref Unsafe.Add(ref blocks[t.Block].RowReference(row), t.Offset);
                        var status = reader.TokenType switch
                        {
                            JsonTokenType.Number => NumberText.Parse(reader.ValueSpan, t.Type, allowNonFinite, ref destination),
                            JsonTokenType.Null => ValueStatus.Empty,
                            _ => ValueStatus.NotANumber,
                        };
                        if (status != ValueStatus.Ok)
                        {
                            error ??= reader.TokenType switch
                            {
                                JsonTokenType.Null => new ItemError(ErrorKind.InvalidValue, $"column '{t.Column}' is null; the model needs a number"),
                                JsonTokenType.Number => ValueErrors.Describe(status, t.Column, reader.ValueSpan, t.Type),
                                _ => new ItemError(ErrorKind.InvalidValue, $"column '{t.Column}' is not a number: {Shown(Raw(line, ref reader))}"),
                            };
                        }
                    }
                }

                if (layout.TextOf[column] is var slot and >= 0 && ReadText(ref reader, layout.Columns[column], out texts[slot][row]) is { } textError)
                {
                    error ??= textError;
                }

                if (passOf[column] >= 0 && pass[passOf[column]].Store(ref reader, line, row, layout.Columns[column]) is { } invalid)
                {
                    error ??= invalid;
                }
                else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
            }

            var rest = line[(int)reader.BytesConsumed..].TrimStart(" \t\r"u8);
            if (!rest.IsEmpty)
            {
                return new ItemError(ErrorKind.Read, $"has text after its JSON object: {Shown(rest)}");
            }
        }
        catch (JsonException e)
        {
            return new ItemError(ErrorKind.Read, $"is not valid JSON: {e.Message}");
        }

        return error;
    }

    /// <summary>
    /// One pass-through column's values, of its type. Untyped (a reader used without a run's types): text, numbers and
    /// other values as their JSON text.
    /// </summary>
    private sealed class PassThroughValues(ColumnType? type, int rows)
    {
        public ColumnType Type { get; } = type ?? ColumnType.String;

        public Array Values { get; } = DataColumn.CreateArray(type ?? ColumnType.String, rows);

        /// <summary>Stores the value the reader is on; an error when it is not of the column's type (null always fits).</summary>
        public ItemError? Store(ref Utf8JsonReader reader, ReadOnlySpan<byte> line, int row, string column)
        {
            var token = reader.TokenType;
            if (token == JsonTokenType.Null)
            {
                return null;
            }

            switch (Type)
            {
                case ColumnType.Int64 when token == JsonTokenType.Number && reader.TryGetInt64(out var whole):
                    ((long?[])Values)[row] = whole;
                    return null;
                case ColumnType.Double when token == JsonTokenType.Number && reader.TryGetDouble(out var number) && double.IsFinite(number):
                    ((double?[])Values)[row] = number;
                    return null;
                case ColumnType.Boolean when token is JsonTokenType.True or JsonTokenType.False:
                    ((bool?[])Values)[row] = token == JsonTokenType.True;
                    return null;
                case ColumnType.String when token == JsonTokenType.String:
                    var raw = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray();
                    if (!reader.ValueIsEscaped)
                    {
                        var invalid = TextValues.Decode(raw, column, out var text);
                        ((string?[])Values)[row] = text;
                        return invalid;
                    }

                    var escapedInvalid = TextValues.Decode(raw, column, out _);
                    ((string?[])Values)[row] = escapedInvalid is null ? reader.GetString() : null;
                    return escapedInvalid;
            }

            if (type is null && token != JsonTokenType.String)
            {
                ((string?[])Values)[row] = Encoding.UTF8.GetString(Raw(line, ref reader));
                return null;
            }

            var shown = Shown(Raw(line, ref reader));
            return new ItemError(ErrorKind.InvalidValue, $"pass-through column '{column}' is {Kind(token)} {shown}, but the column holds {Kind(Type)}s (typed by the first value in the run's first input file)");
        }

        private static string Kind(JsonTokenType token) => token switch
        {
            JsonTokenType.String => "a string",
            JsonTokenType.Number => "a number",
            JsonTokenType.True or JsonTokenType.False => "a boolean",
            JsonTokenType.StartObject => "an object",
            JsonTokenType.StartArray => "an array",
            _ => "a value",
        };

        private static string Kind(ColumnType type) => type switch
        {
            ColumnType.Int64 => "whole number",
            ColumnType.Double => "number",
            ColumnType.Boolean => "boolean",
            _ => "string",
        };
    }

    /// <summary>A text input's value: a JSON string, checked to be UTF-8 (the reader does not check string contents).</summary>
    private static ItemError? ReadText(ref Utf8JsonReader reader, string column, out string? text)
    {
        text = null;
        switch (reader.TokenType)
        {
            case JsonTokenType.String when !reader.ValueIsEscaped && !reader.HasValueSequence:
                return TextValues.Decode(reader.ValueSpan, column, out text);
            case JsonTokenType.String:
                var raw = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray();
                var invalid = TextValues.Decode(raw, column, out _);
                text = invalid is null ? reader.GetString() : null;
                return invalid;
            case JsonTokenType.Null:
                return TextValues.Null(column);
            default:
                return TextValues.NotText(column, $"a JSON {Describe(reader.TokenType)}");
        }
    }

    /// <summary>The raw JSON text of the value the reader is on (skipping over it when it is an object or array).</summary>
    private static ReadOnlySpan<byte> Raw(ReadOnlySpan<byte> line, ref Utf8JsonReader reader)
    {
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            return line[start..((int)reader.BytesConsumed)];
        }

        return reader.TokenType == JsonTokenType.String ? line[(int)reader.TokenStartIndex..(int)reader.BytesConsumed] : reader.ValueSpan;
    }

    /// <summary>A JSON value as written, cut at 40 characters.</summary>
    private static string Shown(ReadOnlySpan<byte> json)
    {
        var text = Encoding.UTF8.GetString(json.Length > 160 ? json[..160] : json);
        return text.Length <= 40 ? text : text[..40] + "...";
    }

    private ItemError? Missing(bool[] seen, int[] passOf)
    {
        for (var c = 0; c < seen.Length; c++)
        {
            if (!seen[c] && layout.Targets[c].IsFeature)
            {
                return new ItemError(ErrorKind.InvalidValue, $"has no '{layout.Columns[c]}'");
            }

            if (!seen[c] && layout.TextOf[c] >= 0)
            {
                return new ItemError(ErrorKind.InvalidValue, $"has no '{layout.Columns[c]}'; the model needs a text");
            }

            if (!seen[c] && passOf[c] >= 0)
            {
                return new ItemError(ErrorKind.InvalidValue, $"has no pass-through column '{layout.Columns[c]}'");
            }
        }

        return null;
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "array",
        JsonTokenType.StartObject => "object",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.Null => "null",
        _ => "value",
    };
}
