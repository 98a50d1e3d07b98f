using BatchScoring.Core.Planning;
using BatchScoring.Core.Runs;
using BatchScoring.Core.Spec;
using BatchScoring.Storage.Formats;

namespace BatchScoring.Storage.Planning;

/// <summary>
/// Lists a spec's inputs and turns them into a <see cref="MiniBatchPlan"/>. Column data is never decoded:
/// file mode needs only the listing; Parquet only the footers (row-group sizes); CSV and JSON Lines one
/// vectorised pass of newline (and, for CSV, quote) search that aligns byte ranges to record starts and counts
/// rows, so that every row keeps its row number wherever it is scored. The run's own files (its output, the error
/// records and summary beside it, anything in a staging folder) are never inputs, whatever the glob.
/// </summary>
public sealed class InputPlanner(IBlobStore store)
{
    /// <param name="skip">Inputs to leave out (an incremental run's inputs that its series scored already); counted in <see cref="MiniBatchPlan.InputsSkipped"/>.</param>
    public async Task<MiniBatchPlan> PlanAsync(RunSpec spec, Func<BlobInfo, bool>? skip = null, CancellationToken cancellationToken = default)
    {
        spec = spec.WithCanonicalPaths();
        var blobs = new List<BlobInfo>();
        var skipped = 0;
        await foreach (var blob in store.ListMatchingAsync(spec.Input.Location, spec.Input.Glob, cancellationToken))
        {
            if (RunLayout.IsRunFile(blob.Path, spec.Output.Path))
            {
                continue;
            }

            if (skip?.Invoke(blob) == true)
            {
                skipped++;
                continue;
            }

            blobs.Add(blob);
        }

        var target = MiniBatchTarget.From(spec, blobs.Sum(b => b.Size), blobs.Count);
        var files = new List<PlannedFile>(blobs.Count);
        var units = new List<PlanUnit>();
        var byPartition = spec.Input.PartitionKeys.Count > 0;
        foreach (var blob in blobs)
        {
            var key = byPartition ? PartitionPath.GetKey(blob.Path, spec.Input.PartitionKeys) : null;
            if (spec.Input.Mode == InputMode.File)
            {
                files.Add(new PlannedFile(blob.Path, blob.Size, blob.ETag));
                units.Add(new PlanUnit(new InputSlice(blob.Path, 0, 1, 0, blob.Size), false, key));
                continue;
            }

            var (fileUnits, quotedBreaks) = await PlanTabularFileAsync(spec, blob, target, cancellationToken);
            files.Add(new PlannedFile(blob.Path, blob.Size, blob.ETag) { QuotedLineBreaks = quotedBreaks > 0 ? quotedBreaks : null });
            foreach (var unit in fileUnits)
            {
                units.Add(unit with { PartitionKey = key });
            }
        }

        return new MiniBatchPlan(spec.Input.Mode, target, files, MiniBatchPacker.Pack(units, target, byPartition)) { InputsSkipped = skipped };
    }

    /// <summary>A tabular file's units, and (CSV) the line breaks inside its quoted fields, as its format plans them.</summary>
    private async Task<(IReadOnlyList<PlanUnit> Units, long QuotedLineBreaks)> PlanTabularFileAsync(RunSpec spec, BlobInfo blob, MiniBatchTarget target, CancellationToken cancellationToken)
    {
        var format = TabularFormats.Of(TabularFormats.Resolve(spec.Input.Format, blob.Path));
        if (blob.Size == 0)
        {
            return ([], 0);
        }

        await using var stream = await store.OpenReadAsync(blob.Path, cancellationToken);
        return await format.PlanFileAsync(stream, blob, target, cancellationToken);
    }
}
