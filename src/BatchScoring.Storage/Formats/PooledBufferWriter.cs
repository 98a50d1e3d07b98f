using System.Buffers;
using BatchScoring.Core.Data;

namespace BatchScoring.Storage.Formats;

/// <summary>An <see cref="IBufferWriter{T}"/> of bytes over arrays rented from the shared pool; dispose to return them.</summary>
public sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    private byte[] buffer;

    public PooledBufferWriter(int initialCapacity = 64 << 10)
    {
        buffer = DataBuffers.Pool<byte>().Rent(Math.Max(256, initialCapacity));
    }

    public int WrittenCount { get; private set; }

    public ReadOnlyMemory<byte> WrittenMemory => buffer.AsMemory(0, WrittenCount);

    public ReadOnlySpan<byte> WrittenSpan => buffer.AsSpan(0, WrittenCount);

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (WrittenCount + count > buffer.Length)
        {
            throw new InvalidOperationException("Advanced past the buffer.");
        }

        WrittenCount += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return buffer.AsMemory(WrittenCount);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return buffer.AsSpan(WrittenCount);
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        WrittenCount += bytes.Length;
    }

    public void Write(byte b)
    {
        GetSpan(1)[0] = b;
        WrittenCount++;
    }

    public void Clear() => WrittenCount = 0;

    public void Dispose()
    {
        if (buffer.Length > 0)
        {
            DataBuffers.Pool<byte>().Return(buffer);
            buffer = [];
        }
    }

    private void Ensure(int sizeHint)
    {
        var needed = WrittenCount + Math.Max(1, sizeHint);
        if (needed > buffer.Length)
        {
            var larger = DataBuffers.Pool<byte>().Rent(Math.Max(needed, buffer.Length * 2));
            buffer.AsSpan(0, WrittenCount).CopyTo(larger);
            DataBuffers.Pool<byte>().Return(buffer);
            buffer = larger;
        }
    }
}
