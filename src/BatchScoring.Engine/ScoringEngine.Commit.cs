using BatchScoring.Core.Planning;
using BatchScoring.Core.Runs;
using BatchScoring.Core.Spec;
using BatchScoring.Storage.Output;

namespace BatchScoring.Engine;

/// <summary>The commit: staged parts into one output, error records beside it.</summary>
public sealed partial class ScoringEngine
{
    /// <summary>
    /// Assembles the staged parts of mini-batches 0..N-1 in order into <c>output.path</c> (append_row), leaving out the
    /// <paramref name="failed"/> ones, and the error records of every mini-batch (for a failed one, the records of
    /// its failure) into the errors file beside it; each file appears in one step.
    /// </summary>
    public async Task<CommitResult> CommitAsync(RunSpec spec, MiniBatchPlan plan, string stagingPrefix, IReadOnlyCollection<int>? failed = null, CancellationToken cancellationToken = default)
    {
        var (errorsPath, errorRecords) = await CommitErrorsAsync(spec, plan, stagingPrefix, failed, cancellationToken);
        var indexes = Enumerable.Range(0, plan.MiniBatches.Count).Where(i => failed is null || !failed.Contains(i)).ToList();
        var rows = indexes.Sum(i => plan.MiniBatches[i].Items) - (errorRecords - FailedRecords(plan, failed));
        string? outputPath = null;
        if (spec.Output.Action == OutputAction.AppendRow)
        {
            var format = spec.Output.Format ?? InputFormat.Csv;
            var schema = await GetOutputSchemaAsync(spec, plan, cancellationToken);

            // Staged under their mini-batch index, which also names their blocks on block storage.
            var parts = indexes.Select(i => new StagedPart(i, RunLayout.PartPath(stagingPrefix, i, format))).ToList();
            await OutputAssembler.AssembleAsync(Store, format, schema, parts, spec.Output.Path, cancellationToken);
            outputPath = spec.Output.Path;
            logger.Committed(rows, parts.Count, outputPath);
        }

        return new CommitResult(outputPath, rows, errorsPath, errorRecords);
    }

    /// <summary>
    /// Writes only the error records beside the output (a run that failed its budget gets those, and no output);
    /// returns the path and the number of records.
    /// </summary>
    public async Task<(string Path, long Records)> CommitErrorsAsync(RunSpec spec, MiniBatchPlan plan, string stagingPrefix, IReadOnlyCollection<int>? failed = null, CancellationToken cancellationToken = default)
    {
        var errorsPath = RunLayout.ErrorsBeside(spec.Output.Path);
        var errorParts = new List<string>();
        for (var i = 0; i < plan.MiniBatches.Count; i++)
        {
            var path = failed is not null && failed.Contains(i) ? RunLayout.FailedErrorsPath(stagingPrefix, i) : RunLayout.ErrorsPath(stagingPrefix, i);
            if (await Store.GetInfoAsync(path, cancellationToken) is { Size: > 0 })
            {
                errorParts.Add(path);
            }
        }

        var (_, records) = await OutputAssembler.ConcatenateAsync(Store, errorParts, errorsPath, cancellationToken);
        return (errorsPath, records);
    }

    /// <summary>Error records that stand for failed mini-batches: one per item.</summary>
    private static long FailedRecords(MiniBatchPlan plan, IReadOnlyCollection<int>? failed) =>
        failed is null ? 0 : failed.Sum(i => plan.MiniBatches[i].Items);
}
