namespace BatchScoring.Storage.Formats.Csv;

/// <summary>
/// Record boundaries in CSV and JSON Lines bytes, without parsing values: a record ends at a newline outside double
/// quotes (CSV quoted fields may hold newlines; JSON Lines strings cannot, so it is not quote-aware). A line with no
/// content (empty, or only '\r') is not a record. The spans given start at a record start.
/// </summary>
internal static class CsvRecords
{
    /// <summary>The index just after the last record end (newline outside quotes) in <paramref name="data"/>, or -1 when there is none.</summary>
    public static int LastRecordEnd(ReadOnlySpan<byte> data, bool quoteAware)
    {
        if (!quoteAware || data.IndexOf((byte)'"') < 0)
        {
            var last = data.LastIndexOf((byte)'\n');
            return last < 0 ? -1 : last + 1;
        }

        var end = -1;
        var inQuotes = false;
        for (var i = 0; i < data.Length; i++)
        {
            var j = data[i..].IndexOfAny((byte)'\n', (byte)'"');
            if (j < 0)
            {
                break;
            }

            i += j;
            if (data[i] == (byte)'"')
            {
                inQuotes = !inQuotes;
            }
            else if (!inQuotes)
            {
                end = i + 1;
            }
        }

        return end;
    }

    /// <summary>
    /// The index just after the <paramref name="records"/>-th record of <paramref name="data"/> (its newline), counting
    /// records as <see cref="Count"/> does, or -1 when it holds fewer records that end with a newline.
    /// </summary>
    public static int EndOfRecords(ReadOnlySpan<byte> data, int records, bool quoteAware)
    {
        var seen = 0;
        var content = false;
        var inQuotes = false;
        for (var i = 0; i < data.Length; i++)
        {
            var b = data[i];
            if (b == (byte)'"' && quoteAware)
            {
                inQuotes = !inQuotes;
                content = true;
            }
            else if (b == (byte)'\n' && !inQuotes)
            {
                seen += content ? 1 : 0;
                content = false;
                if (seen == records)
                {
                    return i + 1;
                }
            }
            else if (b != (byte)'\r')
            {
                content = true;
            }
        }

        return -1;
    }

    /// <summary>The records in <paramref name="data"/>, which holds whole records (the last one may end without a newline).</summary>
    public static int Count(ReadOnlySpan<byte> data, bool quoteAware)
    {
        if (data.IsEmpty)
        {
            return 0;
        }

        var simple = (!quoteAware || data.IndexOf((byte)'"') < 0)
            && data[0] != (byte)'\n' && !data.StartsWith("\r\n"u8) && !(data.Length == 1 && data[0] == (byte)'\r')
            && data.IndexOf("\n\n"u8) < 0 && data.IndexOf("\n\r\n"u8) < 0 && !data.EndsWith("\n\r"u8);
        if (simple)
        {
            // Every line has content: one record per newline, plus a last one that ends without a newline.
            return data.Count((byte)'\n') + (data[^1] == (byte)'\n' ? 0 : 1);
        }

        var records = 0;
        var content = false;
        var inQuotes = false;
        foreach (var b in data)
        {
            if (b == (byte)'"' && quoteAware)
            {
                inQuotes = !inQuotes;
                content = true;
            }
            else if (b == (byte)'\n' && !inQuotes)
            {
                records += content ? 1 : 0;
                content = false;
            }
            else if (b != (byte)'\r')
            {
                content = true;
            }
        }

        return records + (content ? 1 : 0);
    }
}
