using BatchScoring.Core.Planning;

namespace BatchScoring.Storage.Planning;

/// <summary>
/// The forward scan: bytes fed in file order end records (at newlines outside quotes, empty lines not counting) and
/// cut them into segments of the target size; a block whose summary shows no segment can start or end in it is passed
/// over by that summary instead.
/// </summary>
internal static partial class RecordScanner
{
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
}
