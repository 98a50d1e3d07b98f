using System.Buffers;
using Azure.Storage.Blobs.Specialized;
using BatchScoring.Core;

namespace BatchScoring.Storage.Azure;

/// <summary>
/// A write-only stream that stages a block of a block blob each time its buffer fills, with at most
/// <see cref="AzureBlobStoreOptions.WriteConcurrency"/> uploads in flight. Block ids are
/// <see cref="BlockIds.Sequence"/> ids with a tag of this writer.
/// </summary>
internal sealed class BlockWriteStream(AzureBlobStore store, string path, BlockBlobClient client) : Stream
{
    private const int FirstBuffer = 64 << 10;
    private readonly string tag = BlockIds.NewWriterTag();
    private readonly int blockBytes = store.Options.WriteBlockBytes;
    private readonly SemaphoreSlim slots = new(store.Options.WriteConcurrency);
    private readonly List<Task> uploads = [];
    private readonly List<string> blockIds = [];
    private readonly CancellationTokenSource abandon = new();
    private byte[] buffer = [];
    private int used;

    public long BytesWritten { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => BytesWritten; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            var n = Append(buffer);
            buffer = buffer[n..];
            if (used == blockBytes)
            {
                StageBufferAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
            }
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            var n = Append(buffer.Span);
            buffer = buffer[n..];
            if (used == blockBytes)
            {
                await StageBufferAsync(cancellationToken);
            }
        }
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// The whole content, when no block was staged (it fits one buffer): the writer then puts it in one request instead
    /// of a block and a block list. False once a block is staged.
    /// </summary>
    public bool TryTakeWhole(out ReadOnlyMemory<byte> content)
    {
        content = buffer.AsMemory(0, used);
        return blockIds.Count == 0;
    }

    /// <summary>Stages what is buffered, waits for every upload, and returns the block ids in order.</summary>
    public async Task<IReadOnlyList<string>> CompleteAsync(CancellationToken cancellationToken)
    {
        if (used > 0)
        {
            await StageBufferAsync(cancellationToken);
        }

        await Task.WhenAll(uploads);
        return blockIds;
    }

    /// <summary>Stops the uploads of an uncommitted writer and waits for them to end.</summary>
    public async Task AbandonAsync()
    {
        await abandon.CancelAsync();
        await Task.WhenAll(uploads).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            if (buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = [];
            }

            slots.Dispose();
            abandon.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Append(ReadOnlySpan<byte> data)
    {
        if (used == Math.Min(buffer.Length, blockBytes))
        {
            Grow();
        }

        var n = Math.Min(data.Length, Math.Min(buffer.Length, blockBytes) - used);
        data[..n].CopyTo(buffer.AsSpan(used));
        used += n;
        BytesWritten += n;
        return n;
    }

    /// <summary>The first buffer starts small (an errors file is often a few bytes) and doubles up to one block; later ones are whole blocks.</summary>
    private void Grow()
    {
        var size = blockIds.Count > 0 ? blockBytes : Math.Min(blockBytes, Math.Max(FirstBuffer, buffer.Length * 2));
        var larger = ArrayPool<byte>.Shared.Rent(size);
        buffer.AsSpan(0, used).CopyTo(larger);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        buffer = larger;
    }

    private async ValueTask StageBufferAsync(CancellationToken cancellationToken)
    {
        var failed = uploads.FirstOrDefault(u => u.IsFaulted || u.IsCanceled);
        if (failed is not null)
        {
            await failed;
        }

        if (blockIds.Count >= store.BlockLimits.MaxBlocks)
        {
            throw new BatchScoringException($"'{path}' would need more than {store.BlockLimits.MaxBlocks} blocks of {blockBytes} bytes; raise {nameof(AzureBlobStoreOptions)}.{nameof(AzureBlobStoreOptions.WriteBlockBytes)}.");
        }

        var id = BlockIds.Sequence(tag, blockIds.Count);
        blockIds.Add(id);
        await slots.WaitAsync(cancellationToken);
        var data = buffer;
        var count = used;
        buffer = [];
        used = 0;
        uploads.RemoveAll(u => u.IsCompletedSuccessfully);
        var token = abandon.Token;
        uploads.Add(Task.Run(
            async () =>
            {
                try
                {
                    await store.InContainerAsync(
                        BlobPath.Parse(path),
                        async () =>
                        {
                            using var content = new MemoryStream(data, 0, count, writable: false);
                            return (await client.StageBlockAsync(AzureBlobStore.EncodeBlockId(id), content, cancellationToken: token)).Value;
                        },
                        token);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(data);
                    slots.Release();
                }
            },
            CancellationToken.None));
    }
}
