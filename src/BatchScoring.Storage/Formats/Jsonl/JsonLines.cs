namespace BatchScoring.Storage.Formats.Jsonl;

/// <summary>Lines of JSON Lines bytes: a line without content (empty, or only '\r') is not a record.</summary>
internal static class JsonLines
{
    /// <summary>The first line with content, without its line end.</summary>
    public static ReadOnlySpan<byte> FirstLine(ReadOnlySpan<byte> data)
    {
        var pos = 0;
        while (Next(data, ref pos, out var line))
        {
            return line;
        }

        return [];
    }

    /// <summary>The next line with content from <paramref name="pos"/>, without its '\n' or "\r\n".</summary>
    public static bool Next(ReadOnlySpan<byte> data, scoped ref int pos, out ReadOnlySpan<byte> line)
    {
        while (pos < data.Length)
        {
            var rest = data[pos..];
            var j = rest.IndexOf((byte)'\n');
            var raw = j < 0 ? rest : rest[..j];
            pos = j < 0 ? data.Length : pos + j + 1;
            if (raw.Length > 0 && raw[^1] == (byte)'\r')
            {
                raw = raw[..^1];
            }

            if (!raw.IsEmpty)
            {
                line = raw;
                return true;
            }
        }

        line = default;
        return false;
    }
}
