using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BatchScoring.Core.Data;

/// <summary>
/// The values of one <see cref="FeatureInput"/> for a chunk of rows, row-major in the input's element type: row
/// <c>r</c> is <c>Width</c> consecutive values. The array is rented from <see cref="DataBuffers"/> and
/// returned on <see cref="Dispose"/>, so buffers are reused across chunks and mini-batches; values of rows with a
/// read error are undefined.
/// </summary>
public sealed class FeatureBlock : IDisposable
{
    private Array? values;

    public FeatureBlock(FeatureElementType type, IReadOnlyList<string> columns, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Type = type;
        Columns = columns;
        Capacity = capacity;
        var length = Math.Max(1, capacity * columns.Count);
        values = type switch
        {
            FeatureElementType.Float => DataBuffers.Pool<float>().Rent(length),
            FeatureElementType.Double => DataBuffers.Pool<double>().Rent(length),
            FeatureElementType.Int64 => DataBuffers.Pool<long>().Rent(length),
            FeatureElementType.Int32 => DataBuffers.Pool<int>().Rent(length),
            FeatureElementType.Int16 => DataBuffers.Pool<short>().Rent(length),
            FeatureElementType.Int8 => DataBuffers.Pool<sbyte>().Rent(length),
            FeatureElementType.UInt8 => DataBuffers.Pool<byte>().Rent(length),
            _ => DataBuffers.Pool<ushort>().Rent(length),
        };
    }

    public FeatureElementType Type { get; }

    /// <summary>The file's columns feeding the input, in order.</summary>
    public IReadOnlyList<string> Columns { get; }

    public int Width => Columns.Count;

    /// <summary>Rows the block can hold.</summary>
    public int Capacity { get; }

    /// <summary>The rented array (<c>float[]</c>, <c>byte[]</c>, ... as <see cref="Type"/> says), at least <c>Capacity * Width</c> long.</summary>
    public Array Values => values ?? throw new ObjectDisposedException(nameof(FeatureBlock));

    /// <summary>Rows <paramref name="start"/> .. + <paramref name="count"/> as one span.</summary>
    public Span<T> Rows<T>(int start, int count)
        where T : unmanaged
    {
        Check<T>(start, count);
        return ((T[])Values).AsSpan(start * Width, count * Width);
    }

    /// <summary>Rows <paramref name="start"/> .. + <paramref name="count"/> as memory (for tensors over the block).</summary>
    public Memory<T> RowsMemory<T>(int start, int count)
        where T : unmanaged
    {
        Check<T>(start, count);
        return ((T[])Values).AsMemory(start * Width, count * Width);
    }

    /// <summary>The first byte of row <paramref name="row"/>, for decoders that write values of any element type.</summary>
    public ref byte RowReference(int row)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)Math.Max(1, Capacity));
        return ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Values), (nint)row * Width * Type.Size());
    }

    /// <summary>Copies row <paramref name="from"/> over row <paramref name="to"/> (compacting valid rows).</summary>
    public void CopyRow(int from, int to)
    {
        var size = Width * Type.Size();
        var bytes = MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(Values), Capacity * size);
        bytes.Slice(from * size, size).CopyTo(bytes.Slice(to * size, size));
    }

    public void Dispose()
    {
        switch (Interlocked.Exchange(ref values, null))
        {
            case float[] a: DataBuffers.Pool<float>().Return(a); break;
            case double[] a: DataBuffers.Pool<double>().Return(a); break;
            case long[] a: DataBuffers.Pool<long>().Return(a); break;
            case int[] a: DataBuffers.Pool<int>().Return(a); break;
            case short[] a: DataBuffers.Pool<short>().Return(a); break;
            case sbyte[] a: DataBuffers.Pool<sbyte>().Return(a); break;
            case byte[] a: DataBuffers.Pool<byte>().Return(a); break;
            case ushort[] a: DataBuffers.Pool<ushort>().Return(a); break;
        }
    }

    private void Check<T>(int start, int count)
    {
        if (Values is not T[])
        {
            throw new InvalidOperationException($"The block holds {Type.Name()} values, not {typeof(T).Name}.");
        }

        if (start < 0 || count < 0 || start + count > Capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"Rows {start}..{start + count} are outside the block's {Capacity}.");
        }
    }
}
