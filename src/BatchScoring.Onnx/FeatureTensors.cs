using BatchScoring.Core;
using BatchScoring.Core.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace BatchScoring.Onnx;

/// <summary>Tensors over feature blocks, without copying: the block's rows are the tensor's memory.</summary>
internal static class FeatureTensors
{
    /// <summary>The feature element type a model input of <paramref name="type"/> is read into, or null when tabular columns cannot feed it.</summary>
    public static FeatureElementType? ElementTypeOf(TensorElementType type) => type switch
    {
        TensorElementType.Float => FeatureElementType.Float,
        TensorElementType.Double => FeatureElementType.Double,
        TensorElementType.Int64 => FeatureElementType.Int64,
        TensorElementType.Int32 => FeatureElementType.Int32,
        TensorElementType.Int16 => FeatureElementType.Int16,
        TensorElementType.Int8 => FeatureElementType.Int8,
        TensorElementType.UInt8 => FeatureElementType.UInt8,
        TensorElementType.UInt16 => FeatureElementType.UInt16,
        _ => null,
    };

    /// <summary>A tensor of shape <paramref name="shape"/> over rows <paramref name="start"/> .. + <paramref name="count"/> of the block.</summary>
    public static OrtValue Over(FeatureBlock block, int start, int count, long[] shape) => block.Type switch
    {
        FeatureElementType.Float => Create(block.RowsMemory<float>(start, count), shape),
        FeatureElementType.Double => Create(block.RowsMemory<double>(start, count), shape),
        FeatureElementType.Int64 => Create(block.RowsMemory<long>(start, count), shape),
        FeatureElementType.Int32 => Create(block.RowsMemory<int>(start, count), shape),
        FeatureElementType.Int16 => Create(block.RowsMemory<short>(start, count), shape),
        FeatureElementType.Int8 => Create(block.RowsMemory<sbyte>(start, count), shape),
        FeatureElementType.UInt8 => Create(block.RowsMemory<byte>(start, count), shape),
        FeatureElementType.UInt16 => Create(block.RowsMemory<ushort>(start, count), shape),
        _ => throw new BatchScoringException($"Feature blocks of {block.Type} cannot feed a tensor."),
    };

    private static OrtValue Create<T>(Memory<T> memory, long[] shape)
        where T : unmanaged => OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, memory, shape);
}
