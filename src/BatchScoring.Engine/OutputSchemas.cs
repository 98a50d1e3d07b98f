using System.Collections.Concurrent;
using BatchScoring.Core;
using BatchScoring.Core.Data;
using BatchScoring.Core.Planning;
using BatchScoring.Core.Scoring;
using BatchScoring.Core.Spec;
using BatchScoring.Storage;
using BatchScoring.Storage.Formats;

namespace BatchScoring.Engine;

/// <summary>
/// The columns of every result row: <c>file</c> in file mode, else the pass-through columns (typed as the first input
/// file has them), then the scorer's output columns. A Parquet input's pass-through types are read from its footer once
/// per file version (path and ETag): every mini-batch and the commit ask.
/// </summary>
internal sealed class OutputSchemas(IBlobStore store)
{
    private const int MaxCached = 256;
    private readonly ConcurrentDictionary<string, IReadOnlyList<ColumnSchema>> passThrough = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<ColumnSchema>> GetAsync(RunSpec spec, MiniBatchPlan plan, IMiniBatchScorer scorer, CancellationToken cancellationToken)
    {
        var leading = spec.Input.Mode == InputMode.File
            ? [new ColumnSchema("file", ColumnType.String)]
            : await PassThroughAsync(spec, plan, cancellationToken);
        var all = leading.Concat(scorer.OutputSchema).ToList();
        var duplicate = all.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new BatchScoringException($"model.outputs: result column '{duplicate.Key}' would appear twice; rename it with model.outputs[].column.");
        }

        return all;
    }

    private async Task<IReadOnlyList<ColumnSchema>> PassThroughAsync(RunSpec spec, MiniBatchPlan plan, CancellationToken cancellationToken)
    {
        var columns = spec.Input.PassThroughColumns;
        if (columns.Count == 0)
        {
            return [];
        }

        var first = plan.Files.FirstOrDefault(f => f.Size > 0);
        if (first is null)
        {
            return columns.Select(c => new ColumnSchema(c, ColumnType.String)).ToList();
        }

        var key = $"{first.Path}\n{first.ETag}\n{string.Join('\n', columns)}";
        if (passThrough.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var schema = await TabularFormats.PassThroughSchemaAsync(store, TabularFormats.Resolve(spec.Input.Format, first.Path), first.Path, columns, cancellationToken);
        if (passThrough.Count >= MaxCached)
        {
            passThrough.Clear();
        }

        return passThrough.GetOrAdd(key, schema);
    }
}
