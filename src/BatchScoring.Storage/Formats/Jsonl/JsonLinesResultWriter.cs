using System.Text.Json;
using BatchScoring.Core.Data;

namespace BatchScoring.Storage.Formats.Jsonl;

/// <summary>JSON Lines (<see cref="JsonLinesRows"/> formats the rows), written to a stream.</summary>
internal sealed class JsonLinesResultWriter(Stream stream, IReadOnlyList<ColumnSchema> schema) : TextResultWriter(stream, schema)
{
    private readonly JsonEncodedText[] names = JsonLinesRows.Names(schema);

    private protected override void Format(IReadOnlyList<DataColumn> columns, ReadOnlySpan<int> rows) => JsonLinesRows.Format(columns, names, rows, Buffer);
}
