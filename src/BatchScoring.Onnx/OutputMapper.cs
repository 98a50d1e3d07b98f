using System.Globalization;
using BatchScoring.Core;
using BatchScoring.Core.Data;
using BatchScoring.Core.Spec;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace BatchScoring.Onnx;

/// <summary>
/// Turns model outputs into result columns as <c>model.outputs</c> says: a label per item (integer, or a class
/// name), probabilities or raw values as one column per value or one list column. Without mappings every tensor
/// output is written raw.
/// </summary>
internal sealed class OutputMapper
{
    private readonly Mapping[] mappings;

    public OutputMapper(InferenceSession session, IReadOnlyList<ModelOutputMapping> specified)
    {
        var metadata = session.OutputMetadata;
        var requested = specified.Count > 0
            ? specified
            : metadata.Where(m => m.Value.IsTensor).Select(m => new ModelOutputMapping { Name = m.Key }).ToList();
        mappings = requested.Select((m, i) => CreateMapping(m, i, metadata, specified.Count > 0)).ToArray();
        Schema = mappings.SelectMany(m => m.Columns).ToList();
        OutputNames = mappings.Select(m => m.Output).ToArray();
    }

    public IReadOnlyList<ColumnSchema> Schema { get; }

    public string[] OutputNames { get; }

    /// <summary>Fresh result arrays for <paramref name="items"/> items, in schema order.</summary>
    public Array[] Allocate(int items) => Schema.Select(c => DataColumn.CreateArray(c.Type, items)).ToArray();

    /// <summary>Copies outputs of one Run (in <see cref="OutputNames"/> order) into the result arrays at the given item positions.</summary>
    public void Write(IReadOnlyList<OrtValue> outputs, int[] positions, int count, Array[] results)
    {
        var column = 0;
        for (var m = 0; m < mappings.Length; m++)
        {
            mappings[m].Write(outputs[m], positions, count, results, column);
            column += mappings[m].Columns.Count;
        }
    }

    private static Mapping CreateMapping(ModelOutputMapping spec, int index, IReadOnlyDictionary<string, NodeMetadata> metadata, bool fromSpec)
    {
        var path = fromSpec ? $"model.outputs[{index}]" : "model.outputs";
        if (!metadata.TryGetValue(spec.Name, out var node))
        {
            throw new BatchScoringException($"{path}.name: the model has no output '{spec.Name}' (its outputs: {string.Join(", ", metadata.Keys)}).");
        }

        if (!node.IsTensor)
        {
            throw new BatchScoringException($"{path}.name: output '{spec.Name}' is a {node.OnnxValueType}, not a tensor (a ZipMap of probabilities, say); export the model without it or map another output.");
        }

        var dims = node.Dimensions;
        var width = dims.Length <= 1 ? 1 : dims.Skip(1).Aggregate(1L, (a, d) => d > 0 && a > 0 ? a * d : -1);
        var name = spec.Column ?? spec.Name;
        return spec.Kind switch
        {
            OutputKind.Label when width != 1 => throw new BatchScoringException($"{path}.kind: label needs one value per item, but output '{spec.Name}' has shape {Shape(dims)}; use probabilities or raw."),
            OutputKind.Label => new LabelMapping(spec.Name, name, node.ElementDataType, spec.ClassLabels),

            // One integer per item (an ArgMax, say) stays an integer column.
            OutputKind.Raw when width == 1 && spec.Layout == ValueLayout.Columns && node.ElementDataType is TensorElementType.Int64 or TensorElementType.Int32 =>
                new LabelMapping(spec.Name, name, node.ElementDataType, []),
            _ when spec.Layout == ValueLayout.List => new VectorMapping(spec.Name, [new ColumnSchema(name, ColumnType.FloatList)], node.ElementDataType, (int)width),
            _ when width < 0 => throw new BatchScoringException($"{path}.layout: output '{spec.Name}' has shape {Shape(dims)} with a size known only at run time; use layout list."),
            _ when spec.ClassLabels.Count > 0 && spec.ClassLabels.Count != width => throw new BatchScoringException($"{path}.classLabels: output '{spec.Name}' has {width} values per item, classLabels names {spec.ClassLabels.Count}."),
            _ => new VectorMapping(
                spec.Name,
                Enumerable.Range(0, (int)width).Select(i => new ColumnSchema(width == 1 && spec.Kind == OutputKind.Raw ? name : $"{name}_{(spec.ClassLabels.Count > 0 ? spec.ClassLabels[i] : i.ToString(CultureInfo.InvariantCulture))}", ColumnType.Float)).ToList(),
                node.ElementDataType,
                (int)width),
        };
    }

    private static string Shape(int[] dims) => "[" + string.Join(",", dims.Select(d => d < 0 ? "N" : d.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <summary>The output's values as floats: the tensor's own memory when it holds floats, else a converted copy.</summary>
    private static ReadOnlySpan<float> AsFloats(OrtValue value, TensorElementType type) => type switch
    {
        TensorElementType.Float => value.GetTensorDataAsSpan<float>(),
        TensorElementType.Double => Convert(value.GetTensorDataAsSpan<double>(), v => (float)v),
        TensorElementType.Int64 => Convert(value.GetTensorDataAsSpan<long>(), v => (float)v),
        TensorElementType.Int32 => Convert(value.GetTensorDataAsSpan<int>(), v => (float)v),
        TensorElementType.UInt8 => Convert(value.GetTensorDataAsSpan<byte>(), v => (float)v),
        _ => throw new BatchScoringException($"Model outputs of element type {type} cannot be written as numbers."),
    };

    private static float[] Convert<T>(ReadOnlySpan<T> values, Func<T, float> convert)
    {
        var result = new float[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = convert(values[i]);
        }

        return result;
    }

    private abstract class Mapping(string output, IReadOnlyList<ColumnSchema> columns)
    {
        public string Output { get; } = output;

        public IReadOnlyList<ColumnSchema> Columns { get; } = columns;

        public abstract void Write(OrtValue value, int[] positions, int count, Array[] results, int firstColumn);
    }

    private sealed class LabelMapping(string output, string column, TensorElementType type, IReadOnlyList<string> classLabels)
        : Mapping(output, [new ColumnSchema(column, classLabels.Count > 0 ? ColumnType.String : type is TensorElementType.Float or TensorElementType.Double ? ColumnType.Float : ColumnType.Int64)])
    {
        public override void Write(OrtValue value, int[] positions, int count, Array[] results, int firstColumn)
        {
            var target = results[firstColumn];
            if (type is TensorElementType.Int64 or TensorElementType.Int32)
            {
                var longs = type == TensorElementType.Int64 ? value.GetTensorDataAsSpan<long>() : default;
                var ints = type == TensorElementType.Int32 ? value.GetTensorDataAsSpan<int>() : default;
                for (var i = 0; i < count; i++)
                {
                    var label = type == TensorElementType.Int64 ? longs[i] : ints[i];
                    if (target is string?[] names)
                    {
                        names[positions[i]] = label >= 0 && label < classLabels.Count
                            ? classLabels[(int)label]
                            : throw new BatchScoringException($"model.outputs: label {label} of output '{Output}' has no name in classLabels ({classLabels.Count} names).");
                    }
                    else
                    {
                        ((long?[])target)[positions[i]] = label;
                    }
                }

                return;
            }

            if (type == TensorElementType.String)
            {
                var strings = value.GetStringTensorAsArray();
                for (var i = 0; i < count; i++)
                {
                    ((string?[])target)[positions[i]] = strings[i];
                }

                return;
            }

            var floats = AsFloats(value, type);
            for (var i = 0; i < count; i++)
            {
                ((float[])target)[positions[i]] = floats[i];
            }
        }
    }

    private sealed class VectorMapping(string output, IReadOnlyList<ColumnSchema> columns, TensorElementType type, int width) : Mapping(output, columns)
    {
        public override void Write(OrtValue value, int[] positions, int count, Array[] results, int firstColumn)
        {
            var floats = AsFloats(value, type);
            var w = width > 0 ? width : floats.Length / Math.Max(1, (int)value.GetTensorTypeAndShape().Shape[0]);
            if (Columns[0].Type == ColumnType.FloatList)
            {
                var lists = (float[][])results[firstColumn];
                for (var i = 0; i < count; i++)
                {
                    lists[positions[i]] = floats.Slice(i * w, w).ToArray();
                }

                return;
            }

            for (var k = 0; k < w; k++)
            {
                var column = (float[])results[firstColumn + k];
                for (var i = 0; i < count; i++)
                {
                    column[positions[i]] = floats[(i * w) + k];
                }
            }
        }
    }
}
