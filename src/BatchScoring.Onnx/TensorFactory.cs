using System.Numerics;
using BatchScoring.Core;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace BatchScoring.Onnx;

/// <summary>
/// Builds image input tensors in the model's declared element type from normalised pixel values (integer types
/// saturate: an image scaled beyond a type's range is the user's preprocessing choice, not a data error).
/// </summary>
internal static class TensorFactory
{
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
