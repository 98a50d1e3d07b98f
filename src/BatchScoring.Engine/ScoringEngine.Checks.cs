using BatchScoring.Core;
using BatchScoring.Core.Planning;
using BatchScoring.Core.Spec;
using BatchScoring.Storage.Formats;

namespace BatchScoring.Engine;

/// <summary>
/// What planning checks before anything is scored, so that a run that cannot score fails in seconds with one message
/// instead of failing every mini-batch after all its tries.
/// </summary>
public sealed partial class ScoringEngine
{
    /// <summary>
    /// A plan with nothing to score fails unless <c>input.allowEmpty</c>; the model is opened once and every named input
    /// and output is checked against it (names, element types, result columns); in tabular mode every input file's
    /// columns (a CSV header, a Parquet schema, the first JSON Lines object) are resolved as the scorer reads them (the
    /// model's inputs, which checks the column count against each input's shape; the text column).
    /// </summary>
    private async Task CheckAsync(RunSpec spec, MiniBatchPlan plan, CancellationToken cancellationToken)
    {
        if (plan.TotalItems == 0 && !spec.Input.AllowEmpty)
        {
            throw await NothingToScoreAsync(spec, plan, cancellationToken);
        }

        var scorer = await GetScorerAsync(spec, cancellationToken);
        await schemas.GetAsync(spec, plan, scorer, cancellationToken);
        if (spec.Input.Mode != InputMode.Tabular)
        {
            return;
        }

        var request = ReadRequest(spec, scorer) with { ChunkBytes = 64 << 10 };
        foreach (var slice in plan.MiniBatches.SelectMany(m => m.Slices).GroupBy(s => s.Path, StringComparer.Ordinal).Select(g => g.MinBy(s => s.RowStart)!))
        {
            // CSV and Parquet resolve their columns before reading any row, so an empty slice checks them; a JSON Lines
            // file's columns are its first object's, read with the first chunk of its first slice.
            var format = TabularFormats.Resolve(spec.Input.Format, slice.Path);
            var probe = format == InputFormat.Jsonl ? slice : slice with { RowCount = 0, ByteEnd = slice.ByteStart };
            await foreach (var chunk in TabularFormats.Reader(format).SplitAsync(Store, probe, request, cancellationToken))
            {
                chunk.Dispose();
                break;
            }
        }
    }

    private async Task<BatchScoringException> NothingToScoreAsync(RunSpec spec, MiniBatchPlan plan, CancellationToken cancellationToken)
    {
        var where = $"input.location '{spec.Input.Location}' with glob '{spec.Input.Glob}'";
        const string OptIn = "Set input.allowEmpty to true if a run may find nothing to score.";
        if (plan.Files.Count > 0)
        {
            var names = string.Join(", ", plan.Files.Take(5).Select(f => $"'{f.Path}'")) + (plan.Files.Count > 5 ? ", ..." : "");
            return new BatchScoringException($"Nothing to score: {where} matches {plan.Files.Count} file(s) with no rows ({names}). {OptIn}");
        }

        await using var listing = Store.ListAsync(spec.Input.Location, cancellationToken).GetAsyncEnumerator(cancellationToken);
        var exists = await listing.MoveNextAsync();
        var missing = exists ? "" : $" ('{spec.Input.Location}' does not exist)";
        return new BatchScoringException($"Nothing to score: {where} matches no file in {Store.Description}{missing}. {OptIn}");
    }
}
