using System.Numerics;
using System.Runtime.CompilerServices;

namespace BatchScoring.Storage.Formats.Values;

/// <summary>
/// Stores a whole number as one element type, refusing what is out of range: one struct per type, so a generic
/// decoding loop over it is compiled once per type, with the range check and the store inlined.
/// </summary>
internal interface IIntegerStore
{
    static abstract int Size { get; }

    /// <summary>False when <paramref name="value"/> is out of the type's range (nothing is stored).</summary>
    static abstract bool Store(long value, ref byte destination);
}

/// <summary>
/// A whole number as the integer type <typeparamref name="T"/>, refused outside <c>T.MinValue .. T.MaxValue</c>
/// (for a struct type argument the JIT compiles each type on its own, with the bounds as constants).
/// </summary>
internal readonly struct IntegerStore<T> : IIntegerStore
    where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
{
    public static int Size => Unsafe.SizeOf<T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Store(long value, ref byte destination)
    {
        if (value < long.CreateSaturating(T.MinValue) || value > long.CreateSaturating(T.MaxValue))
        {
            return false;
        }

        Unsafe.WriteUnaligned(ref destination, T.CreateTruncating(value));
        return true;
    }
}

internal readonly struct FloatStore : IIntegerStore
{
    public static int Size => 4;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Store(long value, ref byte destination)
    {
        Unsafe.WriteUnaligned(ref destination, (float)value);
        return true;
    }
}

internal readonly struct DoubleStore : IIntegerStore
{
    public static int Size => 8;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Store(long value, ref byte destination)
    {
        Unsafe.WriteUnaligned(ref destination, (double)value);
        return true;
    }
}
