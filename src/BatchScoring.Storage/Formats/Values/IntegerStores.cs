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

internal readonly struct UInt8Store : IIntegerStore
{
    public static int Size => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Store(long value, ref byte destination)
    {
        if ((ulong)value > byte.MaxValue)
        {
            return false;
        }

        destination = (byte)value;
        return true;
    }
}

internal readonly struct Int8Store : IIntegerStore
{
    public static int Size => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Store(long value, ref byte destination)
    {
        if (value is < sbyte.MinValue or > sbyte.MaxValue)
        {
            return false;
        }

        Unsafe.WriteUnaligned(ref destination, (sbyte)value);
        return true;
    }
}

internal readonly struct Int16Store : IIntegerStore
{
    public static int Size => 2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Store(long value, ref byte destination)
    {
        if (value is < short.MinValue or > short.MaxValue)
        {
            return false;
        }

        Unsafe.WriteUnaligned(ref destination, (short)value);
        return true;
    }
}

internal readonly struct UInt16Store : IIntegerStore
{
    public static int Size => 2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Store(long value, ref byte destination)
    {
        if ((ulong)value > ushort.MaxValue)
        {
            return false;
        }

        Unsafe.WriteUnaligned(ref destination, (ushort)value);
        return true;
    }
}

internal readonly struct Int32Store : IIntegerStore
{
    public static int Size => 4;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Store(long value, ref byte destination)
    {
        if (value is < int.MinValue or > int.MaxValue)
        {
            return false;
        }

        Unsafe.WriteUnaligned(ref destination, (int)value);
        return true;
    }
}

internal readonly struct Int64Store : IIntegerStore
{
    public static int Size => 8;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Store(long value, ref byte destination)
    {
        Unsafe.WriteUnaligned(ref destination, value);
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
