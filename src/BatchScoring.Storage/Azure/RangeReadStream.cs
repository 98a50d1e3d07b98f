using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using BatchScoring.Core;

namespace BatchScoring.Storage.Azure;

/// <summary>
/// A seekable read stream over a blob that downloads only the ranges read: the first read after a seek fetches
/// <c>minRead</c> bytes (a read near the end fetches the last <c>minRead</c> bytes, so a Parquet footer takes one
/// request), and reads in order double the range up to <c>maxRead</c>. Every range is conditional on the ETag seen
/// when the stream was opened, so a blob replaced while being read fails the read rather than mixing two versions.
/// </summary>
internal sealed class RangeReadStream(BlobClient blob, string path, long length, ETag etag, int minRead, int maxRead) : Stream
{
    private byte[] buffer = [];
    private long bufferStart;
    private int bufferCount;
    private long position;
    private int nextRead;

    /// <summary>The blob's ETag when the stream was opened; every read is of that version.</summary>
    public string ETag => AzureBlobStore.Quoted(etag);

    /// <summary>Ranged requests made so far (tests check that a footer read makes few).</summary>
    public int Requests { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => position;
        set => position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> destination)
    {
        if (destination.IsEmpty || position >= length)
        {
            return 0;
        }

        if (!Buffered())
        {
            var (start, count) = NextRange(destination.Length);
            try
            {
                using var response = blob.DownloadStreaming(Options(start, count)).Value;
                Fill(response.Content, start, count);
            }
            catch (RequestFailedException e) when (Failure(e) is { } failure)
            {
                throw failure;
            }
        }

        return CopyOut(destination);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        if (destination.IsEmpty || position >= length)
        {
            return 0;
        }

        if (!Buffered())
        {
            var (start, count) = NextRange(destination.Length);
            try
            {
                using var response = (await blob.DownloadStreamingAsync(Options(start, count), cancellationToken)).Value;
                await FillAsync(response.Content, start, count, cancellationToken);
            }
            catch (RequestFailedException e) when (Failure(e) is { } failure)
            {
                throw failure;
            }
        }

        return CopyOut(destination.Span);
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => position + offset,
        _ => length + offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private bool Buffered() => position >= bufferStart && position < bufferStart + bufferCount;

    /// <summary>The range to fetch for a read at <see cref="position"/>: longer while reads follow each other.</summary>
    private (long Start, int Count) NextRange(int requested)
    {
        var sequential = bufferCount > 0 && position == bufferStart + bufferCount;
        nextRead = sequential ? (int)Math.Min((long)Math.Max(nextRead, minRead) * 2, maxRead) : minRead;
        var size = (int)Math.Min(Math.Max(nextRead, Math.Min(requested, maxRead)), length);
        var start = Math.Max(0, Math.Min(position, length - size));
        return (start, (int)Math.Min(size, length - start));
    }

    private BlobDownloadOptions Options(long start, int count) => new()
    {
        Range = new HttpRange(start, count),
        Conditions = new BlobRequestConditions { IfMatch = etag },
    };

    private void Fill(Stream content, long start, int count)
    {
        Prepare(count);
        content.ReadExactly(buffer, 0, count);
        (bufferStart, bufferCount) = (start, count);
    }

    private async Task FillAsync(Stream content, long start, int count, CancellationToken cancellationToken)
    {
        Prepare(count);
        await content.ReadExactlyAsync(buffer.AsMemory(0, count), cancellationToken);
        (bufferStart, bufferCount) = (start, count);
    }

    private void Prepare(int count)
    {
        Requests++;
        bufferCount = 0;
        if (buffer.Length < count)
        {
            buffer = new byte[count];
        }
    }

    private int CopyOut(Span<byte> destination)
    {
        var at = (int)(position - bufferStart);
        var n = Math.Min(destination.Length, bufferCount - at);
        buffer.AsSpan(at, n).CopyTo(destination);
        position += n;
        return n;
    }

    /// <summary>A blob that is no longer the version read (another ETag, or gone) is an input that changed; other failures stay as they are.</summary>
    private Exception? Failure(RequestFailedException e) =>
        e.ErrorCode == BlobErrorCode.ConditionNotMet
            ? new InputChangedException($"Input '{path}' changed since the run planned it: it no longer has ETag {etag} (it was written again or deleted). The run stops rather than mix versions or lose rows; run it again to score the input as it is now.", e)
            : e.ErrorCode == BlobErrorCode.BlobNotFound || e.ErrorCode == BlobErrorCode.ContainerNotFound
                ? InputChangedException.Deleted(path, e)
                : null;
}
