using BatchScoring.Core;
using BatchScoring.Core.Data;
using BatchScoring.Core.Scoring;
using BatchScoring.Core.Spec;
using Microsoft.ML.OnnxRuntime;

namespace BatchScoring.Onnx;

/// <summary>
/// The built-in tabular scorer: named feature columns feed model inputs, read straight into each input's element type
/// (one row-major block per input), and the model runs on the blocks' memory in inference batches, without copies.
/// A row with a read error (a letter, a value out of the element type's range, a NaN unless <c>model.allowNaN</c>)
/// is an error record and is not fed; the valid rows are moved together first. A column/shape mismatch fails the
/// mini-batch with both shapes named.
/// </summary>
public sealed class OnnxTabularScorer(OnnxSessionPool pool) : OnnxScorerBase(pool)
{
    private InputBinding[] bindings = [];

    public override IReadOnlyList<FeatureInput> FeatureInputs => bindings.Select(b => b.Feature).ToList();

    public override ValueTask<ScoreResult> ScoreAsync(ScoreRequest request, CancellationToken cancellationToken = default)
    {
        var table = request.Table ?? throw new BatchScoringException("scorer.type: onnx-tabular scores rows; input.mode must be tabular.");
        if (table.Features.Count != bindings.Length)
        {
            throw new BatchScoringException($"The reader gave {table.Features.Count} feature blocks; the model has {bindings.Length} inputs.");
        }

        var errors = table.RowErrors;
        var positions = Compact(table, errors);
        var results = AllocateResults(table.RowCount);
        var batchSize = bindings.Min(b => BatchSizeFor(b.Metadata));
        var fixedBatch = bindings.Any(b => b.Metadata.Dimensions.Length > 0 && b.Metadata.Dimensions[0] > 0);
        var names = bindings.Select(b => b.Name).ToArray();
        var inputs = new OrtValue[bindings.Length];
        for (var start = 0; start < positions.Length; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(batchSize, positions.Length - start);
            var fed = fixedBatch ? batchSize : count;
            var padded = fed > count ? Pad(table.Features, start, count, fed) : null;
            try
            {
                for (var b = 0; b < bindings.Length; b++)
                {
                    var block = padded?[b] ?? table.Features[b];
                    inputs[b] = FeatureTensors.Over(block, padded is null ? start : 0, fed, bindings[b].ShapeFor(fed, block.Width));
                }

                Run(names, inputs, positions.AsSpan(start, count).ToArray(), count, results);
            }
            finally
            {
                foreach (var input in inputs)
                {
                    input?.Dispose();
                }

                Array.Clear(inputs);
                if (padded is not null)
                {
                    foreach (var block in padded)
                    {
                        block.Dispose();
                    }
                }
            }
        }

        return ValueTask.FromResult(Result(results, table.RowCount, errors));
    }

    protected override void Initialize(ScorerContext context)
    {
        var metadata = Session.InputMetadata;
        var mappings = Model.Inputs.Count > 0
            ? Model.Inputs
            : metadata.Count == 1
                ? [new ModelInputMapping { Name = metadata.Keys.Single(), Columns = ["*"] }]
                : throw new BatchScoringException($"model.inputs: the model has {metadata.Count} inputs ({string.Join(", ", metadata.Keys)}); map each to its columns.");
        bindings = mappings.Select((m, i) =>
        {
            if (!metadata.TryGetValue(m.Name, out var node))
            {
                throw new BatchScoringException($"model.inputs[{i}].name: the model has no input '{m.Name}' (its inputs: {string.Join(", ", metadata.Keys)}).");
            }

            if (!node.IsTensor || FeatureTensors.ElementTypeOf(node.ElementDataType) is not { } type)
            {
                throw new BatchScoringException($"model.inputs[{i}].name: input '{m.Name}' takes {node.ElementDataType} {node.OnnxValueType} values, which tabular columns cannot feed.");
            }

            return new InputBinding(m.Name, m.Columns, node, type);
        }).ToArray();
        foreach (var missing in metadata.Keys.Except(bindings.Select(b => b.Name)))
        {
            throw new BatchScoringException($"model.inputs: the model's input '{missing}' is not mapped to any column.");
        }
    }

    /// <summary>
    /// The rows to feed, in order. When some rows have errors, the valid ones are moved to the front of every block
    /// (in place: a valid row only ever moves down) so that each inference batch is one contiguous range.
    /// </summary>
    private static int[] Compact(TabularBatch table, ItemError?[] errors)
    {
        var valid = 0;
        foreach (var error in errors.AsSpan(0, table.RowCount))
        {
            valid += error is null ? 1 : 0;
        }

        var positions = new int[valid];
        var k = 0;
        for (var r = 0; r < table.RowCount; r++)
        {
            if (errors[r] is not null)
            {
                continue;
            }

            if (k != r)
            {
                foreach (var block in table.Features)
                {
                    block.CopyRow(r, k);
                }
            }

            positions[k++] = r;
        }

        return positions;
    }

    /// <summary>Rows start .. + count of each block, padded with the last row up to a model's fixed batch size (padding results are dropped).</summary>
    private static FeatureBlock[] Pad(IReadOnlyList<FeatureBlock> blocks, int start, int count, int size)
    {
        var padded = new FeatureBlock[blocks.Count];
        for (var b = 0; b < blocks.Count; b++)
        {
            var source = blocks[b];
            var block = padded[b] = new FeatureBlock(source.Type, source.Columns, size);
            var rowBytes = source.Width * source.Type.Size();
            for (var i = 0; i < size; i++)
            {
                var from = start + Math.Min(i, count - 1);
                System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref source.RowReference(from), rowBytes)
                    .CopyTo(System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref block.RowReference(i), rowBytes));
            }
        }

        return padded;
    }

    private sealed record InputBinding(string Name, IReadOnlyList<string> Patterns, NodeMetadata Metadata, FeatureElementType Type)
    {
        /// <summary>Values per row the input takes, or -1 when its non-batch dimensions are symbolic.</summary>
        public long ValuesPerRow => Metadata.Dimensions.Length <= 1 ? 1 : Metadata.Dimensions.Skip(1).Aggregate(1L, (a, d) => d > 0 && a > 0 ? a * d : -1);

        public FeatureInput Feature => new(Name, Patterns, Type, ValuesPerRow > 0 ? (int)ValuesPerRow : null);

        public long[] ShapeFor(int rows, int columns)
        {
            var dims = Metadata.Dimensions;
            if (dims.Length <= 1)
            {
                return [rows];
            }

            return ValuesPerRow < 0 ? [rows, columns] : [rows, .. dims.Skip(1).Select(d => (long)d)];
        }
    }
}
