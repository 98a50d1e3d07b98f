using System.Buffers;
using System.Globalization;
using System.Text;
using BatchScoring.Core.Data;

namespace BatchScoring.Storage.Formats;

/// <summary>
/// CSV with a header line, RFC 4180 quoting (a field with a comma, quote or newline is quoted, quotes doubled),
/// '\n' line ends, invariant-culture numbers in their shortest round-trip form, nulls as empty fields and lists as
/// JSON arrays (<c>"[0.1,0.9]"</c>). Values are formatted straight into UTF-8 bytes, column by column.
/// </summary>
public sealed class CsvResultWriter : ResultWriter
{
    private const int FlushAt = 1 << 20;
    private readonly Stream stream;
    private byte[] buffer = ArrayPool<byte>.Shared.Rent(FlushAt + (1 << 16));
    private int used;

    public CsvResultWriter(Stream stream, IReadOnlyList<ColumnSchema> schema)
        : base(schema)
    {
        this.stream = stream;
        Append(Encoding.UTF8.GetBytes(HeaderLine(schema)));
    }

    /// <summary>The header line, with its newline, as written at the top of every CSV result.</summary>
    public static string HeaderLine(IReadOnlyList<ColumnSchema> schema) =>
        string.Join(',', schema.Select(c => Escape(c.Name))) + "\n";

    public override async ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        await FlushAsync(cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    public override async ValueTask DisposeAsync()
    {
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = [];
        }

        await base.DisposeAsync();
    }

    protected override async ValueTask WriteCoreAsync(IReadOnlyList<DataColumn> columns, int rowCount, CancellationToken cancellationToken)
    {
        for (var r = 0; r < rowCount; r++)
        {
            for (var c = 0; c < columns.Count; c++)
            {
                if (c > 0)
                {
                    Append((byte)',');
                }

                AppendValue(columns[c], r);
            }

            Append((byte)'\n');
            if (used >= FlushAt)
            {
                await FlushAsync(cancellationToken);
            }
        }
    }

    private static string Escape(string s) =>
        s.AsSpan().IndexOfAny(",\"\n\r") < 0 ? s : "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        await stream.WriteAsync(buffer.AsMemory(0, used), cancellationToken);
        used = 0;
    }

    private void AppendValue(DataColumn column, int row)
    {
        switch (column.Type)
        {
            case ColumnType.String:
                if (((string?[])column.Values)[row] is { } s)
                {
                    Append(Encoding.UTF8.GetBytes(Escape(s)));
                }

                break;
            case ColumnType.Int64:
                if (((long?[])column.Values)[row] is { } l)
                {
                    Format(l);
                }

                break;
            case ColumnType.Double:
                if (((double?[])column.Values)[row] is { } d)
                {
                    Format(d);
                }

                break;
            case ColumnType.Float:
                Format(((float[])column.Values)[row]);
                break;
            case ColumnType.Boolean:
                Append(((bool?[])column.Values)[row] switch { true => "true"u8, false => "false"u8, null => [] });
                break;
            case ColumnType.FloatList:
                Append((byte)'"');
                Append(Encoding.UTF8.GetBytes(FloatListJson.Format(((float[][])column.Values)[row])));
                Append((byte)'"');
                break;
        }
    }

    private void Format<T>(T value)
        where T : IUtf8SpanFormattable
    {
        Ensure(32);
        value.TryFormat(buffer.AsSpan(used), out var written, default, CultureInfo.InvariantCulture);
        used += written;
    }

    private void Append(byte b)
    {
        Ensure(1);
        buffer[used++] = b;
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(buffer.AsSpan(used));
        used += bytes.Length;
    }

    private void Ensure(int bytes)
    {
        if (used + bytes > buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(buffer.Length * 2, used + bytes));
            buffer.AsSpan(0, used).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = larger;
        }
    }
}
