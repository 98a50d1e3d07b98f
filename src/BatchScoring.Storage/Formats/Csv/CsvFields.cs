using System.Buffers;
using System.Text;

namespace BatchScoring.Storage.Formats.Csv;

/// <summary>
/// Reads one CSV field from UTF-8 bytes (RFC 4180: a field is quoted when it starts with a double quote; inside,
/// a doubled quote is a quote; an unquoted field runs to the next comma or newline). A '\r' before a newline ends the
/// record with it. Leaves the position on the terminator: ',' (another field follows), '\n', or the end.
/// </summary>
internal static class CsvFields
{
    /// <summary>How the field ended.</summary>
    public enum End
    {
        /// <summary>A comma: another field follows.</summary>
        Field,

        /// <summary>A newline, or the end of the data: the record is complete.</summary>
        Record,
    }

    /// <summary>
    /// Reads the field at <paramref name="pos"/>; <paramref name="content"/> is its text (quotes removed and unescaped,
    /// into <paramref name="scratch"/> when needed). <paramref name="pos"/> moves past the terminator.
    /// </summary>
    public static End Read(ReadOnlySpan<byte> data, scoped ref int pos, ref byte[]? scratch, out ReadOnlySpan<byte> content, out bool malformed)
    {
        malformed = false;
        if (pos < data.Length && data[pos] == (byte)'"')
        {
            return ReadQuoted(data, ref pos, ref scratch, out content, out malformed);
        }

        var rest = data[pos..];
        var j = rest.IndexOfAny((byte)',', (byte)'\n');
        if (j < 0)
        {
            content = TrimCarriageReturn(rest);
            pos = data.Length;
            return End.Record;
        }

        var terminator = rest[j];
        content = terminator == (byte)'\n' ? TrimCarriageReturn(rest[..j]) : rest[..j];
        pos += j + 1;
        return terminator == (byte)',' ? End.Field : End.Record;
    }

    /// <summary>Skips to the end of the record at <paramref name="pos"/> (past its newline), honouring quotes.</summary>
    public static void SkipRecord(ReadOnlySpan<byte> data, ref int pos)
    {
        byte[]? scratch = null;
        while (pos < data.Length && Read(data, ref pos, ref scratch, out _, out _) == End.Field)
        {
        }
    }

    /// <summary>The fields of one record, as strings (headers).</summary>
    public static List<string> ReadRecord(ReadOnlySpan<byte> data, ref int pos)
    {
        var fields = new List<string>();
        byte[]? scratch = null;
        End end;
        do
        {
            end = Read(data, ref pos, ref scratch, out var content, out _);
            fields.Add(Encoding.UTF8.GetString(content));
        }
        while (end == End.Field);

        if (scratch is not null)
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }

        return fields;
    }

    private static End ReadQuoted(ReadOnlySpan<byte> data, scoped ref int pos, ref byte[]? scratch, out ReadOnlySpan<byte> content, out bool malformed)
    {
        malformed = false;
        var start = pos + 1;
        var i = start;
        var escaped = false;
        while (true)
        {
            var j = data[i..].IndexOf((byte)'"');
            if (j < 0)
            {
                // No closing quote before the end of the data: the rest is the field.
                malformed = true;
                content = data[start..];
                pos = data.Length;
                return End.Record;
            }

            i += j;
            if (i + 1 < data.Length && data[i + 1] == (byte)'"')
            {
                escaped = true;
                i += 2;
                continue;
            }

            break;
        }

        content = escaped ? Unescape(data[start..i], ref scratch) : data[start..i];
        pos = i + 1;
        if (pos >= data.Length)
        {
            return End.Record;
        }

        var after = data[pos];
        if (after == (byte)',')
        {
            pos++;
            return End.Field;
        }

        if (after == (byte)'\n')
        {
            pos++;
            return End.Record;
        }

        if (after == (byte)'\r' && (pos + 1 == data.Length || data[pos + 1] == (byte)'\n'))
        {
            pos = Math.Min(data.Length, pos + 2);
            return End.Record;
        }

        // Text after the closing quote: keep reading to the terminator, and say the field is malformed.
        malformed = true;
        var rest = data[pos..];
        var k = rest.IndexOfAny((byte)',', (byte)'\n');
        pos = k < 0 ? data.Length : pos + k + 1;
        return k >= 0 && rest[k] == (byte)',' ? End.Field : End.Record;
    }

    private static ReadOnlySpan<byte> Unescape(ReadOnlySpan<byte> quoted, ref byte[]? scratch)
    {
        if (scratch is null || scratch.Length < quoted.Length)
        {
            if (scratch is not null)
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }

            scratch = ArrayPool<byte>.Shared.Rent(Math.Max(256, quoted.Length));
        }

        var n = 0;
        for (var i = 0; i < quoted.Length; i++)
        {
            scratch[n++] = quoted[i];
            if (quoted[i] == (byte)'"')
            {
                i++; // the second quote of a doubled pair
            }
        }

        return scratch.AsSpan(0, n);
    }

    private static ReadOnlySpan<byte> TrimCarriageReturn(ReadOnlySpan<byte> field) =>
        field.Length > 0 && field[^1] == (byte)'\r' ? field[..^1] : field;
}
