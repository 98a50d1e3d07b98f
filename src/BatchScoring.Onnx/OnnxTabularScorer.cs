using BatchScoring.Core;
using BatchScoring.Core.Data;
using BatchScoring.Core.Scoring;
using BatchScoring.Core.Spec;
using Microsoft.ML.OnnxRuntime;

namespace BatchScoring.Onnx;

/// <summary>
/// The built-in tabular scorer: named feature columns feed model inputs (converted to each input's element type),
/// in inference batches. A row with a read error or a NaN (unless <c>model.allowNaN</c>) becomes an error record
/// and is not fed; a column/shape mismatch fails the mini-batch with both shapes named.
/// </summary>
public sealed class OnnxTabularScorer(OnnxSessionPool pool) : OnnxScorerBase(pool)
{
    private InputBinding[] bindings = [];

    public override IReadOnlyList<string> FeatureColumns => bindings.SelectMany(b => b.Patterns).ToList();

    public override ValueTask<ScoreResult> ScoreAsync(ScoreRequest request, CancellationToken cancellationToken = default)
    {
        var table = request.Table ?? throw new BatchScoringException("scorer.type: onnx-tabular scores rows; input.mode must be tabular.");
        var errors = (ItemError?[])table.RowErrors.Clone();
        var columns = bindings.Select(b => Select(b, table)).ToArray();
        if (!Model.AllowNaN)
        {
            MarkNaN(table, columns, bindings, errors);
        }

        var valid = Enumerable.Range(0, table.RowCount).Where(r => errors[r] is null).ToArray();
        var results = AllocateResults(table.RowCount);
        var batchSize = bindings.Min(b => BatchSizeFor(b.Metadata));
        for (var start = 0; start < valid.Length; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(batchSize, valid.Length - start);
            var rows = Pad(valid.AsSpan(start, count), bindings.Any(b => b.Metadata.Dimensions.Length > 0 && b.Metadata.Dimensions[0] > 0) ? batchSize : count);
            var inputs = new List<OrtValue>(bindings.Length);
            try
            {
                for (var b = 0; b < bindings.Length; b++)
                {
                    inputs.Add(TensorFactory.FromColumns(bindings[b].Metadata.ElementDataType, columns[b], rows, bindings[b].ShapeFor(rows.Length, columns[b].Length)));
                }

                Run(bindings.Select(b => b.Name).ToArray(), inputs, rows, count, results);
            }
            finally
            {
                inputs.ForEach(v => v.Dispose());
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

            if (!node.IsTensor || !TensorFactory.IsSupported(node.ElementDataType))
            {
                throw new BatchScoringException($"model.inputs[{i}].name: input '{m.Name}' takes {node.ElementDataType} {node.OnnxValueType} values, which tabular columns cannot feed.");
            }

            return new InputBinding(m.Name, m.Columns, node);
        }).ToArray();
        foreach (var missing in metadata.Keys.Except(bindings.Select(b => b.Name)))
        {
            throw new BatchScoringException($"model.inputs: the model's input '{missing}' is not mapped to any column.");
        }
    }

    private static double[][] Select(InputBinding binding, TabularBatch table)
    {
        var columns = table.Features.Where(f => binding.Patterns.Any(p => Glob.IsNameMatch(p, f.Name))).ToArray();
        var expected = binding.ValuesPerRow;
        if (expected > 0 && columns.Length != expected)
        {
            var names = columns.Length == 0 ? "none" : columns.Length <= 4 ? string.Join(", ", columns.Select(c => c.Name)) : $"{columns[0].Name} .. {columns[^1].Name}";
            throw new BatchScoringException(
                $"model input '{binding.Name}' expects shape {Shape(binding.Metadata.Dimensions.Select(d => (long)d))} ({expected} values per row), " +
                $"but the columns {string.Join(", ", binding.Patterns.Select(p => $"'{p}'"))} of '{table.SourcePath}' give shape [N,{columns.Length}] ({names}).");
        }

        return columns.Select(c => c.Values).ToArray();
    }

    private static void MarkNaN(TabularBatch table, double[][][] columns, InputBinding[] bindings, ItemError?[] errors)
    {
        for (var b = 0; b < bindings.Length; b++)
        {
            var names = table.Features.Where(f => bindings[b].Patterns.Any(p => Glob.IsNameMatch(p, f.Name))).Select(f => f.Name).ToArray();
            for (var c = 0; c < columns[b].Length; c++)
            {
                var column = columns[b][c];
                for (var r = 0; r < table.RowCount; r++)
                {
                    if (errors[r] is null && double.IsNaN(column[r]))
                    {
                        errors[r] = new ItemError(ErrorKind.InvalidValue, $"column '{names[c]}' is NaN and model.allowNaN is false");
                    }
                }
            }
        }
    }

    /// <summary>Rows to feed, padded with the last row up to a model's fixed batch size (padding results are dropped).</summary>
    private static int[] Pad(ReadOnlySpan<int> rows, int size)
    {
        var result = new int[size];
        rows.CopyTo(result);
        result.AsSpan(rows.Length).Fill(rows[^1]);
        return result;
    }

    private sealed record InputBinding(string Name, IReadOnlyList<string> Patterns, NodeMetadata Metadata)
    {
        /// <summary>Values per row the input takes, or -1 when its non-batch dimensions are symbolic.</summary>
        public long ValuesPerRow => Metadata.Dimensions.Length <= 1 ? 1 : Metadata.Dimensions.Skip(1).Aggregate(1L, (a, d) => d > 0 && a > 0 ? a * d : -1);

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
