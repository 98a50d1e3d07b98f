using System.Runtime.CompilerServices;
using BatchScoring.Core.Data;

namespace BatchScoring.Storage.Formats.Values;

/// <summary>
/// Stores a number into a feature block's memory as an element type, refusing what does not fit: a whole number
/// outside an integer type's range, a fraction for an integer type, a finite number beyond float's or double's range,
/// and NaN or infinities unless allowed. Never wraps or saturates.
/// </summary>
internal static class ElementStore
{
    /// <summary>Stores a whole number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ValueStatus StoreInteger(FeatureElementType type, long value, ref byte destination)
    {
        var stored = type switch
        {
            FeatureElementType.UInt8 => IntegerStore<byte>.Store(value, ref destination),
            FeatureElementType.Int8 => IntegerStore<sbyte>.Store(value, ref destination),
            FeatureElementType.Int16 => IntegerStore<short>.Store(value, ref destination),
            FeatureElementType.UInt16 => IntegerStore<ushort>.Store(value, ref destination),
            FeatureElementType.Int32 => IntegerStore<int>.Store(value, ref destination),
            FeatureElementType.Int64 => IntegerStore<long>.Store(value, ref destination),
            FeatureElementType.Float => FloatStore.Store(value, ref destination),
            _ => DoubleStore.Store(value, ref destination),
        };
        return stored ? ValueStatus.Ok : ValueStatus.OutOfRange;
    }

    /// <summary>Stores a number read as a double (text with a fraction or an exponent, or a floating-point source).</summary>
    public static ValueStatus StoreDouble(FeatureElementType type, double value, bool allowNonFinite, ref byte destination)
    {
        if (!double.IsFinite(value))
        {
            if (type.IsInteger())
            {
                return double.IsNaN(value) ? ValueStatus.NotWhole : ValueStatus.OutOfRange;
            }

            if (!allowNonFinite)
            {
                return ValueStatus.NonFinite;
            }

            if (type == FeatureElementType.Float)
            {
                Unsafe.WriteUnaligned(ref destination, (float)value);
            }
            else
            {
                Unsafe.WriteUnaligned(ref destination, value);
            }

            return ValueStatus.Ok;
        }

        switch (type)
        {
            case FeatureElementType.Double:
                Unsafe.WriteUnaligned(ref destination, value);
                return ValueStatus.Ok;
            case FeatureElementType.Float:
                var single = (float)value;
                if (float.IsInfinity(single))
                {
                    return ValueStatus.OutOfRange;
                }

                Unsafe.WriteUnaligned(ref destination, single);
                return ValueStatus.Ok;
            default:
                if (value != Math.Floor(value))
                {
                    return ValueStatus.NotWhole;
                }

                // Beyond ±2^63 a double is no long: out of every integer type's range.
                return value is >= -9.2233720368547758E+18 and < 9.2233720368547758E+18
                    ? StoreInteger(type, (long)value, ref destination)
                    : ValueStatus.OutOfRange;
        }
    }

    /// <summary>Stores a float value (a float source column): no double rounding on the way to a float element.</summary>
    public static ValueStatus StoreSingle(FeatureElementType type, float value, bool allowNonFinite, ref byte destination)
    {
        if (type != FeatureElementType.Float)
        {
            return StoreDouble(type, value, allowNonFinite, ref destination);
        }

        if (!float.IsFinite(value) && !allowNonFinite)
        {
            return ValueStatus.NonFinite;
        }

        Unsafe.WriteUnaligned(ref destination, value);
        return ValueStatus.Ok;
    }
}
