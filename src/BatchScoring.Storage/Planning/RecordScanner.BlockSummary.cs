namespace BatchScoring.Storage.Planning;

/// <summary>
/// What the parallel scan (<see cref="ScanFile"/>) learns of a block before it knows the quote state the block starts
/// in: its record ends, rows and line breaks for either state, read by one worker per block.
/// </summary>
internal static partial class RecordScanner
{
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
