using System.Text;
using BatchScoring.Core.Data;

namespace BatchScoring.Storage.Formats.Csv;

/// <summary>CSV with a header line (<see cref="CsvRows"/> formats the rows), written to a stream.</summary>
internal sealed class CsvResultWriter : TextResultWriter
{
    public CsvResultWriter(Stream stream, IReadOnlyList<ColumnSchema> schema)
        : base(stream, schema)
    {
        Buffer.Write(Encoding.UTF8.GetBytes(CsvRows.HeaderLine(schema)));
    }

    /// <summary>The header line, with its newline, as written at the top of every CSV result.</summary>
    public static string HeaderLine(IReadOnlyList<ColumnSchema> schema) => CsvRows.HeaderLine(schema);

    private protected override void Format(IReadOnlyList<DataColumn> columns, ReadOnlySpan<int> rows) => CsvRows.Format(columns, rows, Buffer);
}
