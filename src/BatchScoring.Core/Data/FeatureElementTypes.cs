using System.Globalization;

namespace BatchScoring.Core.Data;

/// <summary>Sizes, names and ranges of the <see cref="FeatureElementType"/>s.</summary>
internal static class FeatureElementTypes
{
    /// <summary>Bytes one value takes.</summary>
    public static int Size(this FeatureElementType type) => type switch
    {
        FeatureElementType.Double or FeatureElementType.Int64 => 8,
        FeatureElementType.Float or FeatureElementType.Int32 => 4,
        FeatureElementType.Int16 or FeatureElementType.UInt16 => 2,
        _ => 1,
    };

    /// <summary>The name used in messages and specs: <c>uint8</c>, <c>float</c>, ...</summary>
    public static string Name(this FeatureElementType type) => type switch
    {
        FeatureElementType.Float => "float",
        FeatureElementType.Double => "double",
        FeatureElementType.Int64 => "int64",
        FeatureElementType.Int32 => "int32",
        FeatureElementType.Int16 => "int16",
        FeatureElementType.Int8 => "int8",
        FeatureElementType.UInt8 => "uint8",
        _ => "uint16",
    };

    public static bool IsInteger(this FeatureElementType type) => type is not (FeatureElementType.Float or FeatureElementType.Double);

    /// <summary>The smallest and largest whole number an integer type holds.</summary>
    public static (long Min, long Max) IntegerRange(this FeatureElementType type) => type switch
    {
        FeatureElementType.Int64 => (long.MinValue, long.MaxValue),
        FeatureElementType.Int32 => (int.MinValue, int.MaxValue),
        FeatureElementType.Int16 => (short.MinValue, short.MaxValue),
        FeatureElementType.Int8 => (sbyte.MinValue, sbyte.MaxValue),
        FeatureElementType.UInt8 => (byte.MinValue, byte.MaxValue),
        FeatureElementType.UInt16 => (ushort.MinValue, ushort.MaxValue),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not an integer type"),
    };

    /// <summary>What the type takes, for messages: <c>uint8 (whole numbers 0 to 255)</c>, <c>float (finite, ±3.4028235E+38)</c>.</summary>
    public static string Describe(this FeatureElementType type)
    {
        if (type.IsInteger())
        {
            var (min, max) = type.IntegerRange();
            return string.Create(CultureInfo.InvariantCulture, $"{type.Name()} (whole numbers {min} to {max})");
        }

        var limit = type == FeatureElementType.Float ? float.MaxValue.ToString(CultureInfo.InvariantCulture) : double.MaxValue.ToString(CultureInfo.InvariantCulture);
        return $"{type.Name()} (numbers from -{limit} to {limit})";
    }
}
