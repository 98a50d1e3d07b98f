using BatchScoring.Core.Data;
using BatchScoring.Core.Planning;
using Microsoft.Win32.SafeHandles;

namespace BatchScoring.Storage.Planning;

/// <summary>
/// Finds record starts in CSV and JSON Lines files without parsing values: a record ends at a newline outside double
/// quotes (CSV quoted fields may hold newlines; JSON Lines strings cannot). Empty lines are not records. Produces
/// segments of a target number of rows, or of at least a target number of bytes, each starting at a record start.
/// A stream is scanned in one forward pass (<see cref="ScanAsync"/>); a local file cut by bytes is scanned on every
/// core (<see cref="ScanFile"/>), with the same result. With quotes (CSV), each segment knows the line it starts on, and
/// the scan counts the line breaks inside quoted fields: records that span lines (or a quote left open).
/// </summary>
internal static class RecordScanner
{
    /// <summary>The segments, and the line breaks inside quoted fields.</summary>
    public sealed record ScanResult(IReadOnlyList<InputSlice> Slices, long QuotedLineBreaks);

    /// <summary>The bytes read at a time, and the block of the parallel scan.</summary>
    public const int BlockSize = 1 << 20;

    /// <param name="hasHeader">The first record is a header and is not an item (CSV).</param>
    /// <param name="quoteAware">Newlines inside double quotes do not end a record (CSV).</param>
    public static async Task<ScanResult> ScanAsync(Stream stream, string path, bool hasHeader, bool quoteAware, MiniBatchTarget target, CancellationToken cancellationToken)
    {
        var scan = new Scan(path, hasHeader, quoteAware, target);
        var buffer = DataBuffers.Pool<byte>().Rent(BlockSize);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(0, BlockSize), cancellationToken)) > 0)
            {
                scan.Feed(buffer.AsSpan(0, read));
            }

            return scan.Finish();
        }
        finally
        {
            DataBuffers.Pool<byte>().Return(buffer);
        }
    }

    /// <summary>
    /// The same segments as <see cref="ScanAsync"/> over a local file, read on <paramref name="workers"/> threads: each
    /// block of <paramref name="blockSize"/> bytes is summarised once for either quote state at its start (where its
    /// record ends fall, how many rows they end), then one pass in file order takes each block's summary for the state
    /// it really starts in, and reads again, record by record, only the blocks where a segment may end. On two cores the
    /// 2.2 GB csv-wide input is scanned in about half the time: reading is most of the cost.
    /// </summary>
    public static ScanResult ScanFile(SafeFileHandle file, string path, bool hasHeader, bool quoteAware, MiniBatchTarget target, int workers, CancellationToken cancellationToken, int blockSize = BlockSize)
    {
        var length = RandomAccess.GetLength(file);
        var blocks = (int)((length + blockSize - 1) / blockSize);
        var summaries = new BlockSummary[blocks];
        workers = Math.Max(1, workers);
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancellationToken }, worker =>
        {
            var buffer = DataBuffers.Pool<byte>().Rent(blockSize);
            try
            {
                for (var b = worker; b < blocks; b += workers)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    summaries[b] = BlockSummary.Of(Read(file, buffer, (long)b * blockSize, blockSize, length), quoteAware);
                }
            }
            finally
            {
                DataBuffers.Pool<byte>().Return(buffer);
            }
        });

        var scan = new Scan(path, hasHeader, quoteAware, target);
        var again = DataBuffers.Pool<byte>().Rent(blockSize);
        try
        {
            for (var b = 0; b < blocks; b++)
            {
                var start = (long)b * blockSize;
                var bytes = (int)Math.Min(blockSize, length - start);
                if (!scan.TryApply(summaries[b], bytes))
                {
                    scan.Feed(Read(file, again, start, blockSize, length));
                }
            }

            return scan.Finish();
        }
        finally
        {
            DataBuffers.Pool<byte>().Return(again);
        }
    }

    private static ReadOnlySpan<byte> Read(SafeFileHandle file, byte[] buffer, long offset, int blockSize, long length)
    {
        var want = (int)Math.Min(blockSize, length - offset);
        var filled = 0;
        while (filled < want)
        {
            var read = RandomAccess.Read(file, buffer.AsSpan(filled, want - filled), offset + filled);
            if (read == 0)
            {
                throw new IOException($"The file ended at byte {offset + filled} while it was being planned; it was {length} bytes when planning began.");
            }

            filled += read;
        }

        return buffer.AsSpan(0, want);
    }

    private static bool HasContent(ReadOnlySpan<byte> bytes) => bytes.Length > 0 && bytes.ContainsAnyExcept((byte)'\r');

    /// <summary>The forward scan's state: fed bytes in file order, it ends records and cuts segments.</summary>
    private sealed class Scan(string path, bool hasHeader, bool quoteAware, MiniBatchTarget target)
    {
        private readonly List<InputSlice> slices = [];
        private long offset;          // absolute offset of the next byte fed
        private long recordStart;     // where the current record began
        private bool recordHasBytes;
        private bool inQuotes;
        private bool headerPending = hasHeader;
        private long rows;            // data rows seen
        private long segmentStart = -1;
        private long segmentRow;
        private long lines;            // line breaks fed so far
        private long recordStartLine;  // line breaks before the current record
        private long segmentLine;
        private long quotedBreaks;     // line breaks inside quoted fields

        public void Feed(ReadOnlySpan<byte> span)
        {
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
                else
                {
                    lines++;
                    if (inQuotes)
                    {
                        quotedBreaks++;
                    }
                    else
                    {
                        EndRecord(offset + i + j + 1);
                    }
                }

                i += j + 1;
            }

            offset += span.Length;
        }

        /// <summary>
        /// Moves over a block of <paramref name="length"/> bytes by its summary, when no segment can start or end in it;
        /// false (nothing changed) when the block must be fed byte by byte.
        /// </summary>
        public bool TryApply(in BlockSummary block, int length)
        {
            var ends = inQuotes ? block.InQuotes : block.Outside;
            var mayCut = target.Unit == MiniBatchUnit.Rows
                ? rows + ends.Rows + 1 - segmentRow >= target.Value
                : segmentStart + target.Value <= offset + length;
            if (headerPending || segmentStart < 0 || mayCut)
            {
                return false;
            }

            if (ends.First < 0)
            {
                recordHasBytes |= ends.HeadContent;
            }
            else
            {
                rows += (recordHasBytes || ends.HeadContent ? 1 : 0) + ends.Rows;
                recordStart = offset + ends.Last + 1;
                recordStartLine = lines + ends.LinesToLast;
                recordHasBytes = ends.TailContent;
            }

            quotedBreaks += block.Newlines - ends.Count;
            lines += block.Newlines;
            inQuotes ^= block.OddQuotes;
            offset += length;
            return true;
        }

        public ScanResult Finish()
        {
            EndRecord(offset);
            if (segmentStart >= 0)
            {
                slices.Add(Slice(offset));
            }

            return new ScanResult(slices, quotedBreaks);
        }

        private InputSlice Slice(long end) =>
            new(path, segmentRow, rows - segmentRow, segmentStart, end) { LineStart = quoteAware ? segmentLine : null };

        private void EndRecord(long next)
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
                        segmentLine = recordStartLine;
                    }

                    rows++;
                    var full = target.Unit == MiniBatchUnit.Rows
                        ? rows - segmentRow >= target.Value
                        : next - segmentStart >= target.Value;
                    if (full)
                    {
                        slices.Add(Slice(next));
                        segmentStart = -1;
                    }
                }
            }

            recordStart = next;
            recordStartLine = lines;
            recordHasBytes = false;
        }
    }

    /// <summary>
    /// What a block holds for the scan, for either quote state at its start: a newline ends a record only outside
    /// quotes, so each newline ends one for exactly one of the two states (the one that the quotes before it in the
    /// block flip to "outside").
    /// </summary>
    internal readonly record struct BlockSummary(Ends Outside, Ends InQuotes, bool OddQuotes, long Newlines)
    {
        public static BlockSummary Of(ReadOnlySpan<byte> span, bool quoteAware)
        {
            Span<Tracker> states = [new Tracker(), new Tracker()];
            var parity = 0; // quotes seen so far in the block, mod 2: the state that is outside quotes is 'parity'
            long newlines = 0;
            var i = 0;
            while (i < span.Length)
            {
                var rest = span[i..];
                var j = quoteAware ? rest.IndexOfAny((byte)'\n', (byte)'"') : rest.IndexOf((byte)'\n');
                var content = HasContent(j < 0 ? rest : rest[..j]);
                states[0].Content |= content;
                states[1].Content |= content;
                if (j < 0)
                {
                    break;
                }

                if (rest[j] == (byte)'"')
                {
                    parity ^= 1;
                    states[0].Content = states[1].Content = true;
                }
                else
                {
                    newlines++;
                    states[parity].End(i + j, newlines);
                }

                i += j + 1;
            }

            return new BlockSummary(states[0].Summary(), states[1].Summary(), parity == 1, newlines);
        }
    }

    /// <summary>
    /// The record ends of a block for one starting quote state: the first and last newline that end a record (-1: none),
    /// whether the bytes before the first (or the whole block, if none) and after the last have content, how many of
    /// the records between the first end and the last have content (rows), how many newlines end records
    /// (<see cref="Count"/>; the others are inside quotes), and the block's newlines up to and with the last.
    /// </summary>
    internal readonly record struct Ends(int First, int Last, bool HeadContent, bool TailContent, long Rows, long Count = 0, long LinesToLast = 0);

    private struct Tracker
    {
        private int first;
        private int last;
        private bool headContent;
        private long rows;
        private bool started;
        private long count;
        private long linesToLast;

        public bool Content { get; set; }

        public void End(int at, long newlines)
        {
            if (!started)
            {
                (started, first, headContent) = (true, at, Content);
            }
            else
            {
                rows += Content ? 1 : 0;
            }

            last = at;
            count++;
            linesToLast = newlines;
            Content = false;
        }

        public readonly Ends Summary() => started ? new Ends(first, last, headContent, Content, rows, count, linesToLast) : new Ends(-1, -1, Content, Content, 0);
    }
}
