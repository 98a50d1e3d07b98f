using System.Text.Json;
using BatchScoring.Core.Data;

namespace BatchScoring.Storage.Formats;

/// <summary>One JSON object per line, properties in schema order, nulls as null, lists as arrays.</summary>
public sealed class JsonLinesResultWriter : ResultWriter
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private readonly Stream stream;
    private readonly Utf8JsonWriter json;
    private readonly JsonEncodedText[] names;

    public JsonLinesResultWriter(Stream stream, IReadOnlyList<ColumnSchema> schema)
        : base(schema)
    {
        this.stream = stream;
        json = new Utf8JsonWriter(stream, new JsonWriterOptions { SkipValidation = true });
        names = schema.Select(c => JsonEncodedText.Encode(c.Name)).ToArray();
    }

    public override async ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        await json.FlushAsync(cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    public override async ValueTask DisposeAsync()
    {
        await json.DisposeAsync();
        await base.DisposeAsync();
    }

    protected override async ValueTask WriteCoreAsync(IReadOnlyList<DataColumn> columns, int rowCount, CancellationToken cancellationToken)
    {
        for (var r = 0; r < rowCount; r++)
        {
            json.WriteStartObject();
            for (var c = 0; c < columns.Count; c++)
            {
                json.WritePropertyName(names[c]);
                WriteValue(columns[c], r);
            }

            json.WriteEndObject();
            await json.FlushAsync(cancellationToken);
            json.Reset();
            stream.Write(NewLine);
        }
    }

    private void WriteValue(DataColumn column, int row)
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
                    json.WriteNumberValue(v);
                }

                json.WriteEndArray();
                break;
            default:
                json.WriteNullValue(); // null, or a NaN/infinity that JSON cannot hold
                break;
        }
    }
}
