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
/// the scan counts the line breaks inside quoted fields: records that span lines (or a quote left open). This part
/// reads the bytes; the forward scan that cuts the segments is in <c>RecordScanner.Scan.cs</c>, the summary of a block
/// that lets the parallel scan skip it in <c>RecordScanner.BlockSummary.cs</c>.
/// </summary>
internal static partial class RecordScanner
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
}
