using System.Globalization;
using System.Text;
using BatchScoring.Core.Data;

namespace BatchScoring.Storage.Formats.Csv;

/// <summary>
/// Result rows as CSV: RFC 4180 quoting (a field with a comma, quote or newline is quoted, quotes doubled), '\n' line
/// ends, invariant-culture numbers in their shortest round-trip form, nulls as empty fields and lists as JSON arrays
/// (<c>"[0.1,0.9]"</c>). Formatted straight into UTF-8 bytes; safe to call from several threads on separate buffers.
/// </summary>
internal static class CsvRows
{
    /// <summary>The header line, with its newline.</summary>
    public static string HeaderLine(IReadOnlyList<ColumnSchema> schema) =>
        string.Join(',', schema.Select(c => Escape(c.Name))) + "\n";

    /// <summary>Writes the rows at <paramref name="rows"/> (indexes into the columns), in that order.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void Format(IReadOnlyList<DataColumn> columns, ReadOnlySpan<int> rows, PooledBufferWriter output)
    {
        foreach (var r in rows)
        {
            for (var c = 0; c < columns.Count; c++)
            {
                if (c > 0)
                {
                    output.Write((byte)',');
                }

                Value(columns[c], r, output);
            }

            output.Write((byte)'\n');
        }
    }

    private static void Value(DataColumn column, int row, PooledBufferWriter output)
    {
        switch (column.Type)
        {
            case ColumnType.String:
                if (((string?[])column.Values)[row] is { } s)
                {
                    Text(s, output);
                }

                break;
            case ColumnType.Int64:
                if (((long?[])column.Values)[row] is { } l)
                {
                    Number(l, output);
                }

                break;
            case ColumnType.Double:
                if (((double?[])column.Values)[row] is { } d)
                {
                    Number(d, output);
                }

                break;
            case ColumnType.Float:
                output.Advance(ShortestFloat.Format(((float[])column.Values)[row], output.GetSpan(32)));
                break;
            case ColumnType.Boolean:
                output.Write(((bool?[])column.Values)[row] switch { true => "true"u8, false => "false"u8, null => [] });
                break;
            case ColumnType.FloatList:
                output.Write((byte)'"');
                output.Write(Encoding.UTF8.GetBytes(FloatListJson.Format(((float[][])column.Values)[row])));
                output.Write((byte)'"');
                break;
        }
    }

    private static void Number<T>(T value, PooledBufferWriter output)
        where T : IUtf8SpanFormattable
    {
        value.TryFormat(output.GetSpan(32), out var written, default, CultureInfo.InvariantCulture);
        output.Advance(written);
    }

    private static void Text(string s, PooledBufferWriter output)
    {
        if (s.AsSpan().IndexOfAny(",\"\n\r") >= 0)
        {
            s = "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        }

        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(s.Length));
        output.Advance(Encoding.UTF8.GetBytes(s, span));
    }

    private static string Escape(string s) =>
        s.AsSpan().IndexOfAny(",\"\n\r") < 0 ? s : "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
