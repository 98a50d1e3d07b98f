using BatchScoring.Core.Data;
using BatchScoring.Core.Planning;

namespace BatchScoring.Storage.Planning;

/// <summary>
/// Finds record starts in CSV and JSON Lines files in one forward pass over the bytes, without parsing values:
/// a record ends at a newline outside double quotes (CSV quoted fields may hold newlines; JSON Lines strings
/// cannot). Empty lines are not records. Produces segments of a target number of rows, or of at least a target
/// number of bytes, each starting at a record start.
/// </summary>
internal static class RecordScanner
{
    private const int BufferSize = 1 << 20;

    /// <param name="hasHeader">The first record is a header and is not an item (CSV).</param>
    /// <param name="quoteAware">Newlines inside double quotes do not end a record (CSV).</param>
    public static async Task<IReadOnlyList<InputSlice>> ScanAsync(Stream stream, string path, bool hasHeader, bool quoteAware, MiniBatchTarget target, CancellationToken cancellationToken)
    {
        var slices = new List<InputSlice>();
        var buffer = DataBuffers.Pool<byte>().Rent(BufferSize);
        try
        {
            long offset = 0;          // absolute offset of buffer[0]
            long recordStart = 0;     // where the current record began
            var recordHasBytes = false;
            var inQuotes = false;
            var headerPending = hasHeader;
            long rows = 0;            // data rows seen
            long segmentStart = -1, segmentRow = 0;

            void EndRecord(long next)
            {
                if (recordHasBytes)
                {
                    if (headerPending)
                    {
                        headerPending = false;
                    }
                    else
                    {
                        if (segmentStart < 0)
                        {
                            segmentStart = recordStart;
                            segmentRow = rows;
                        }

                        rows++;
                        var full = target.Unit == MiniBatchUnit.Rows
                            ? rows - segmentRow >= target.Value
                            : next - segmentStart >= target.Value;
                        if (full)
                        {
                            slices.Add(new InputSlice(path, segmentRow, rows - segmentRow, segmentStart, next));
                            segmentStart = -1;
                        }
                    }
                }

                recordStart = next;
                recordHasBytes = false;
            }

            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
            {
                var span = buffer.AsSpan(0, read);
                var i = 0;
                while (i < span.Length)
                {
                    var rest = span[i..];
                    var j = quoteAware ? rest.IndexOfAny((byte)'\n', (byte)'"') : rest.IndexOf((byte)'\n');
                    if (j < 0)
                    {
                        recordHasBytes |= HasContent(rest);
                        break;
                    }

                    recordHasBytes |= HasContent(rest[..j]);
                    if (rest[j] == (byte)'"')
                    {
                        inQuotes = !inQuotes;
                        recordHasBytes = true;
                    }
                    else if (!inQuotes)
                    {
                        EndRecord(offset + i + j + 1);
                    }

                    i += j + 1;
                }

                offset += read;
            }

            EndRecord(offset);
            if (segmentStart >= 0)
            {
                slices.Add(new InputSlice(path, segmentRow, rows - segmentRow, segmentStart, offset));
            }

            return slices;
        }
        finally
        {
            DataBuffers.Pool<byte>().Return(buffer);
        }
    }

    private static bool HasContent(ReadOnlySpan<byte> bytes) => bytes.Length > 0 && bytes.ContainsAnyExcept((byte)'\r');
}
