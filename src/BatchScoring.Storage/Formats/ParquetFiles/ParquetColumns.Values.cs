using System.Runtime.CompilerServices;
using BatchScoring.Core.Data;
using BatchScoring.Storage.Formats.Values;

namespace BatchScoring.Storage.Formats.ParquetFiles;

/// <summary>
/// A column's values converted into a block's element type, one position of each row: a null, a value out of range,
/// a fraction for an integer type and NaN (unless allowed) are the row's error, as they are for text.
/// </summary>
internal static partial class ParquetColumns
{
    private static void Store<T>(ReadOnlySpan<T> values, FeatureLayout.FeatureTarget target, FeatureBlock block, int first, ItemError?[] errors, bool allowNonFinite)
        where T : struct
    {
        if (typeof(T) == typeof(float) && target.Type == FeatureElementType.Float)
        {
            Copy(System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(values), target, block, first, errors, allowNonFinite);
            return;
        }

        for (var r = 0; r < values.Length; r++)
        {
            var status = StoreOne(values[r], target.Type, allowNonFinite, ref Unsafe.Add(ref block.RowReference(first + r), target.Offset));
            if (status != ValueStatus.Ok)
            {
                errors[first + r] ??= ValueErrors.Describe(status, target.Column, Convert.ToString(values[r], System.Globalization.CultureInfo.InvariantCulture) ?? "", target.Type);
            }
        }
    }

    private static void StoreNullable<T>(ReadOnlySpan<T?> values, FeatureLayout.FeatureTarget target, FeatureBlock block, int first, ItemError?[] errors, bool allowNonFinite)
        where T : struct
    {
        for (var r = 0; r < values.Length; r++)
        {
            if (values[r] is not { } value)
            {
                errors[first + r] ??= new ItemError(ErrorKind.InvalidValue, $"column '{target.Column}' is null; the model needs a number");
                continue;
            }

            var status = StoreOne(value, target.Type, allowNonFinite, ref Unsafe.Add(ref block.RowReference(first + r), target.Offset));
            if (status != ValueStatus.Ok)
            {
                errors[first + r] ??= ValueErrors.Describe(status, target.Column, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "", target.Type);
            }
        }
    }

    /// <summary>The common case of float columns feeding a float input: a strided copy, with the finite check.</summary>
    private static void Copy(ReadOnlySpan<float> values, FeatureLayout.FeatureTarget target, FeatureBlock block, int first, ItemError?[] errors, bool allowNonFinite)
    {
        var width = block.Width;
        var column = target.Offset / sizeof(float);
        var destination = block.Rows<float>(first, values.Length);
        for (var r = 0; r < values.Length; r++)
        {
            var value = values[r];
            destination[(r * width) + column] = value;
            if (!allowNonFinite && !float.IsFinite(value))
            {
                errors[first + r] ??= NonFinite(value, target);
            }
        }
    }

    private static ItemError NonFinite(float value, FeatureLayout.FeatureTarget target) =>
        ValueErrors.Describe(ValueStatus.NonFinite, target.Column, value.ToString(System.Globalization.CultureInfo.InvariantCulture), target.Type);

    private static ValueStatus StoreOne<T>(T value, FeatureElementType type, bool allowNonFinite, ref byte destination)
        where T : struct => value switch
        {
            float f => ElementStore.StoreSingle(type, f, allowNonFinite, ref destination),
            double d => ElementStore.StoreDouble(type, d, allowNonFinite, ref destination),
            decimal m => ElementStore.StoreDouble(type, (double)m, allowNonFinite, ref destination),
            bool b => ElementStore.StoreInteger(type, b ? 1 : 0, ref destination),
            ulong u => u > long.MaxValue ? ValueStatus.OutOfRange : ElementStore.StoreInteger(type, (long)u, ref destination),
            long l => ElementStore.StoreInteger(type, l, ref destination),
            int i => ElementStore.StoreInteger(type, i, ref destination),
            uint i => ElementStore.StoreInteger(type, i, ref destination),
            short i => ElementStore.StoreInteger(type, i, ref destination),
            ushort i => ElementStore.StoreInteger(type, i, ref destination),
            sbyte i => ElementStore.StoreInteger(type, i, ref destination),
            byte i => ElementStore.StoreInteger(type, i, ref destination),
            _ => ValueStatus.NotANumber,
        };
}
