using BatchScoring.Core;

namespace BatchScoring.Storage.Local;

/// <summary>
/// A writer's temporary file, whose write failures name the file being written (not the hidden temporary name) and
/// its store: <c>'out/results.csv' could not be written in local folder /data: No space left on device</c>.
/// </summary>
internal sealed class LocalWriteStream(FileStream file, string path, string store) : Stream
{
    public override bool CanRead => file.CanRead;

    public override bool CanSeek => file.CanSeek;

    public override bool CanWrite => file.CanWrite;

    public override long Length => file.Length;

    public override long Position
    {
        get => file.Position;
        set => file.Position = value;
    }

    public override void Flush() => Guard(file.Flush);

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await file.FlushAsync(cancellationToken);
        }
        catch (IOException e)
        {
            throw Failed(e);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => file.Read(buffer, offset, count);

    public override long Seek(long offset, SeekOrigin origin) => file.Seek(offset, origin);

    public override void SetLength(long value) => Guard(() => file.SetLength(value));

    public override void Write(byte[] buffer, int offset, int count) => Guard(() => file.Write(buffer, offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        try
        {
            file.Write(buffer);
        }
        catch (IOException e)
        {
            throw Failed(e);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            await file.WriteAsync(buffer, cancellationToken);
        }
        catch (IOException e)
        {
            throw Failed(e);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await file.DisposeAsync();
        }
        catch (IOException e)
        {
            throw Failed(e);
        }
        finally
        {
            await base.DisposeAsync();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Guard(file.Dispose);
        }

        base.Dispose(disposing);
    }

    private void Guard(Action write)
    {
        try
        {
            write();
        }
        catch (IOException e)
        {
            throw Failed(e);
        }
    }

    /// <summary>The failure as a user must read it: which file, where, and the system's reason without the temporary name.</summary>
    private BatchScoringException Failed(IOException e)
    {
        var reason = e.Message;
        var at = reason.IndexOf(" : '", StringComparison.Ordinal);
        return new BatchScoringException($"'{path}' could not be written in {store}: {(at > 0 ? reason[..at] : reason)}.", e);
    }
}
