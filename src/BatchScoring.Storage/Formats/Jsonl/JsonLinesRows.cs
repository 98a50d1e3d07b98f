using System.Text.Json;
using BatchScoring.Core.Data;

namespace BatchScoring.Storage.Formats.Jsonl;

/// <summary>
/// Result rows as JSON Lines: one object per line, properties in schema order, nulls as null (NaN and infinities,
/// which JSON cannot hold, too), lists as arrays. Safe to call from several threads on separate buffers.
/// </summary>
internal static class JsonLinesRows
{
    private static readonly JsonWriterOptions Options = new() { SkipValidation = true };

    /// <summary>The property names of a schema, encoded once.</summary>
    public static JsonEncodedText[] Names(IReadOnlyList<ColumnSchema> schema) => schema.Select(c => JsonEncodedText.Encode(c.Name)).ToArray();

    /// <summary>Writes the rows at <paramref name="rows"/> (indexes into the columns), in that order.</summary>
    public static void Format(IReadOnlyList<DataColumn> columns, JsonEncodedText[] names, ReadOnlySpan<int> rows, PooledBufferWriter output)
    {
        using var json = new Utf8JsonWriter(output, Options);
        foreach (var r in rows)
        {
            json.WriteStartObject();
            for (var c = 0; c < columns.Count; c++)
            {
                json.WritePropertyName(names[c]);
                Value(json, columns[c], r);
            }

            json.WriteEndObject();
            json.Flush();
            json.Reset();
            output.Write((byte)'\n');
        }
    }

    private static void Value(Utf8JsonWriter json, DataColumn column, int row)
    {
        switch (column.Type)
        {
            case ColumnType.String when ((string?[])column.Values)[row] is { } s:
                json.WriteStringValue(s);
                break;
            case ColumnType.Int64 when ((long?[])column.Values)[row] is { } l:
                json.WriteNumberValue(l);
                break;
            case ColumnType.Double when ((double?[])column.Values)[row] is { } d && double.IsFinite(d):
                json.WriteNumberValue(d);
                break;
            case ColumnType.Float when ((float[])column.Values)[row] is var f && float.IsFinite(f):
                json.WriteNumberValue(f);
                break;
            case ColumnType.Boolean when ((bool?[])column.Values)[row] is { } b:
                json.WriteBooleanValue(b);
                break;
            case ColumnType.FloatList when ((float[][])column.Values)[row] is { } list:
                json.WriteStartArray();
                foreach (var v in list)
                {
                    if (float.IsFinite(v))
                    {
                        json.WriteNumberValue(v);
                    }
                    else
                    {
                        json.WriteNullValue();
                    }
                }

                json.WriteEndArray();
                break;
            default:
                json.WriteNullValue();
                break;
        }
    }
}
