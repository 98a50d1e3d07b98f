using BatchScoring.Core;
using Microsoft.Win32.SafeHandles;

namespace BatchScoring.Storage.Local;

/// <summary>
/// A seekable read-only stream over an open local file that must stay the version a listing gave
/// (<see cref="BlobInfo.ETag"/>): checked when opened, and after every read, since an edit in place may land while
/// bytes are read. A changed file fails with <see cref="InputChangedException"/> naming what changed. A file replaced
/// by a rename is not an edit of this one: the handle goes on reading the version planned, and a later open of the
/// path sees the new one and fails.
/// </summary>
internal sealed class PinnedFileStream : Stream
{
    private readonly SafeFileHandle handle;
    private readonly string fullPath;
    private readonly BlobInfo version;
    private long position;

    public PinnedFileStream(SafeFileHandle handle, string fullPath, BlobInfo version)
    {
        this.handle = handle;
        this.fullPath = fullPath;
        this.version = version;
        Check();
    }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    /// <summary>The size the version has (a longer file is another version, found by the next read).</summary>
    public override long Length => version.Size;

    public override long Position
    {
        get => position;
        set => position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = RandomAccess.Read(handle, buffer[..Clamp(buffer.Length)], position);
        position += n;
        Check();
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await RandomAccess.ReadAsync(handle, buffer[..Clamp(buffer.Length)], position, cancellationToken);
        position += n;
        Check();
        return n;
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => position + offset,
        _ => Length + offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            handle.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Reads stop at the planned size, so a file that grew is read as planned until the check sees it.</summary>
    private int Clamp(int count) => (int)Math.Clamp(version.Size - position, 0, count);

    private void Check()
    {
        var now = FileVersion.Of(handle, fullPath);
        if (now.ETag != version.ETag)
        {
            var change = FileVersion.TryParse(version.ETag, out var planned) ? now.DescribeChangeFrom(planned) : $"its version went from {version.ETag} to {now.ETag}";
            throw new InputChangedException(version.Path, change);
        }
    }
}
