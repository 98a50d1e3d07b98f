using System.Globalization;
using System.Text;
using BatchScoring.Core.Data;

namespace BatchScoring.Storage.Formats;

/// <summary>
/// CSV with a header line, RFC 4180 quoting (a field with a comma, quote or newline is quoted, quotes doubled),
/// '\n' line ends, invariant-culture numbers in their shortest round-trip form, nulls as empty fields and lists as
/// JSON arrays (<c>"[0.1,0.9]"</c>).
/// </summary>
public sealed class CsvResultWriter : ResultWriter
{
    private readonly StreamWriter writer;

    public CsvResultWriter(Stream stream, IReadOnlyList<ColumnSchema> schema)
        : base(schema)
    {
        writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        writer.Write(HeaderLine(schema));
    }

    /// <summary>The header line, with its newline, as written at the top of every CSV result.</summary>
    public static string HeaderLine(IReadOnlyList<ColumnSchema> schema) =>
        string.Join(',', schema.Select(c => Escape(c.Name))) + "\n";

    public override async ValueTask CompleteAsync(CancellationToken cancellationToken = default) =>
        await writer.FlushAsync(cancellationToken);

    public override async ValueTask DisposeAsync()
    {
        await writer.DisposeAsync();
        await base.DisposeAsync();
    }

    protected override async ValueTask WriteCoreAsync(IReadOnlyList<DataColumn> columns, int rowCount, CancellationToken cancellationToken)
    {
        var line = new StringBuilder(256);
        for (var r = 0; r < rowCount; r++)
        {
            line.Clear();
            for (var c = 0; c < columns.Count; c++)
            {
                if (c > 0)
                {
                    line.Append(',');
                }

                AppendValue(line, columns[c], r);
            }

            line.Append('\n');
            writer.Write(line);
            if (writer.BaseStream.Position > 1 << 20)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }
    }

    private static void AppendValue(StringBuilder line, DataColumn column, int row)
    {
        switch (column.Type)
        {
            case ColumnType.String:
                if (((string?[])column.Values)[row] is { } s)
                {
                    line.Append(Escape(s));
                }

                break;
            case ColumnType.Int64:
                line.Append(((long?[])column.Values)[row]?.ToString(CultureInfo.InvariantCulture));
                break;
            case ColumnType.Double:
                line.Append(((double?[])column.Values)[row]?.ToString("R", CultureInfo.InvariantCulture));
                break;
            case ColumnType.Float:
                line.Append(((float[])column.Values)[row].ToString("R", CultureInfo.InvariantCulture));
                break;
            case ColumnType.Boolean:
                line.Append(((bool?[])column.Values)[row] switch { true => "true", false => "false", null => "" });
                break;
            case ColumnType.FloatList:
                line.Append('"').Append(FloatListJson.Format(((float[][])column.Values)[row])).Append('"');
                break;
        }
    }

    private static string Escape(string s) =>
        s.AsSpan().IndexOfAny(",\"\n\r") < 0 ? s : "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
