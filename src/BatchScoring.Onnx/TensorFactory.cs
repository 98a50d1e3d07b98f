using System.Numerics;
using BatchScoring.Core;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace BatchScoring.Onnx;

/// <summary>
/// Builds input tensors in the model's declared element type from double-valued features, converting with
/// saturation (a value beyond an integer type's range becomes its limit).
/// </summary>
internal static class TensorFactory
{
    /// <summary>Element types the scorers feed.</summary>
    public static bool IsSupported(TensorElementType type) => type is TensorElementType.Float or TensorElementType.Double
        or TensorElementType.Int64 or TensorElementType.Int32 or TensorElementType.Int16 or TensorElementType.Int8
        or TensorElementType.UInt8 or TensorElementType.UInt16;

    /// <summary>A [rows.Length, columns.Count]-valued tensor (reshaped to <paramref name="shape"/>) from feature columns.</summary>
    public static OrtValue FromColumns(TensorElementType type, IReadOnlyList<double[]> columns, int[] rows, long[] shape) => type switch
    {
        TensorElementType.Float => FromColumns<float>(columns, rows, shape),
        TensorElementType.Double => FromColumns<double>(columns, rows, shape),
        TensorElementType.Int64 => FromColumns<long>(columns, rows, shape),
        TensorElementType.Int32 => FromColumns<int>(columns, rows, shape),
        TensorElementType.Int16 => FromColumns<short>(columns, rows, shape),
        TensorElementType.Int8 => FromColumns<sbyte>(columns, rows, shape),
        TensorElementType.UInt8 => FromColumns<byte>(columns, rows, shape),
        TensorElementType.UInt16 => FromColumns<ushort>(columns, rows, shape),
        _ => throw new BatchScoringException($"Model inputs of element type {type} are not supported (float, double, int64, int32, int16, int8, uint8, uint16 are)."),
    };

    /// <summary>A tensor from one row of values per item (images), items in order, reshaped to <paramref name="shape"/>.</summary>
    public static OrtValue FromItems(TensorElementType type, IReadOnlyList<float[]> items, long[] shape) => type switch
    {
        TensorElementType.Float => FromItems<float>(items, shape),
        TensorElementType.Double => FromItems<double>(items, shape),
        TensorElementType.Int64 => FromItems<long>(items, shape),
        TensorElementType.Int32 => FromItems<int>(items, shape),
        TensorElementType.UInt8 => FromItems<byte>(items, shape),
        TensorElementType.Int8 => FromItems<sbyte>(items, shape),
        _ => throw new BatchScoringException($"Image model inputs of element type {type} are not supported (float, double, int64, int32, uint8, int8 are)."),
    };

    private static OrtValue FromColumns<T>(IReadOnlyList<double[]> columns, int[] rows, long[] shape)
        where T : unmanaged, INumberBase<T>
    {
        var width = columns.Count;
        var data = new T[rows.Length * width];
        for (var c = 0; c < width; c++)
        {
            var column = columns[c];
            for (var i = 0; i < rows.Length; i++)
            {
                data[(i * width) + c] = T.CreateSaturating(column[rows[i]]);
            }
        }

        return OrtValue.CreateTensorValueFromMemory(data, shape);
    }

    private static OrtValue FromItems<T>(IReadOnlyList<float[]> items, long[] shape)
        where T : unmanaged, INumberBase<T>
    {
        var width = items.Count == 0 ? 0 : items[0].Length;
        var data = new T[items.Count * width];
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var target = data.AsSpan(i * width, width);
            if (typeof(T) == typeof(float))
            {
                item.AsSpan().CopyTo(System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(target));
            }
            else
            {
                for (var k = 0; k < width; k++)
                {
                    target[k] = T.CreateSaturating(item[k]);
                }
            }
        }

        return OrtValue.CreateTensorValueFromMemory(data, shape);
    }
}
