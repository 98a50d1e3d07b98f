using BatchScoring.Core.Planning;
using BatchScoring.Core.Runs;
using BatchScoring.Core.Spec;
using BatchScoring.Storage;
using BatchScoring.Storage.Output;

namespace BatchScoring.Engine;

/// <summary>The commit: staged parts into one output, error records beside it.</summary>
public sealed partial class ScoringEngine
{
    /// <summary>
    /// Assembles the staged parts of mini-batches 0..N-1 in order into <c>output.path</c> (append_row), leaving out the
    /// <paramref name="failed"/> ones, and the error records of the mini-batches <paramref name="withErrors"/> names (for
    /// a failed one, the records of its failure) into the errors file beside it; each file appears in one step. The
    /// output's columns come from the plan: the commit never loads the model.
    /// </summary>
    /// <param name="parts">The parts' sizes and ETags as their writers recorded them, by mini-batch index; a part not in it is asked about.</param>
    public async Task<CommitResult> CommitAsync(RunSpec spec, MiniBatchPlan plan, string stagingPrefix, IReadOnlyCollection<int> failed, IReadOnlyCollection<int> withErrors, IReadOnlyDictionary<int, BlobInfo>? parts = null, CancellationToken cancellationToken = default)
    {
        var (errors, errorRecords) = await WriteErrorsAsync(spec, plan, stagingPrefix, failed, withErrors, cancellationToken);
        var indexes = Enumerable.Range(0, plan.MiniBatches.Count).Where(i => !failed.Contains(i)).ToList();
        var rows = indexes.Sum(i => plan.MiniBatches[i].Items) - (errorRecords - FailedRecords(plan, failed));
        BlobInfo? output = null;
        if (spec.Output.Action == OutputAction.AppendRow)
        {
            var format = spec.Output.ResultFormat;
            var schema = plan.OutputSchema ?? await GetOutputSchemaAsync(spec, plan, cancellationToken);

            // Staged under their mini-batch index, which also names their blocks on block storage.
            var staged = indexes.Select(i => new StagedPart(i, RunLayout.PartPath(stagingPrefix, i, format), parts?.GetValueOrDefault(i))).ToList();
            output = await OutputAssembler.AssembleAsync(Store, format, schema, staged, spec.Output.Path, cancellationToken);
            logger.Committed(rows, staged.Count, spec.Output.Path);
        }

        return new CommitResult(output?.Path, rows, errors.Path, errorRecords) { Output = output, Errors = errors };
    }

    /// <summary>
    /// Writes only the error records beside the output (a run that failed its budget gets those, and no output): those
    /// of every failed mini-batch and of the mini-batches <paramref name="withErrors"/> names, in index order, without a
    /// request per mini-batch to find them. Returns the path and the number of records.
    /// </summary>
    public async Task<(string Path, long Records)> CommitErrorsAsync(RunSpec spec, MiniBatchPlan plan, string stagingPrefix, IReadOnlyCollection<int> failed, IReadOnlyCollection<int> withErrors, CancellationToken cancellationToken = default)
    {
        var (errors, records) = await WriteErrorsAsync(spec, plan, stagingPrefix, failed, withErrors, cancellationToken);
        return (errors.Path, records);
    }

    private async Task<(BlobInfo Errors, long Records)> WriteErrorsAsync(RunSpec spec, MiniBatchPlan plan, string stagingPrefix, IReadOnlyCollection<int> failed, IReadOnlyCollection<int> withErrors, CancellationToken cancellationToken)
    {
        var errorsPath = RunLayout.ErrorsBeside(spec.Output.Path);
        var errorParts = new List<string>();
        for (var i = 0; i < plan.MiniBatches.Count; i++)
        {
            if (failed.Contains(i))
            {
                errorParts.Add(RunLayout.FailedErrorsPath(stagingPrefix, i));
            }
            else if (withErrors.Contains(i))
            {
                errorParts.Add(RunLayout.ErrorsPath(stagingPrefix, i));
            }
        }

        return await OutputAssembler.ConcatenateAsync(Store, errorParts, errorsPath, cancellationToken);
    }

    /// <summary>Error records that stand for failed mini-batches: one per item.</summary>
    private static long FailedRecords(MiniBatchPlan plan, IReadOnlyCollection<int> failed) => failed.Sum(i => plan.MiniBatches[i].Items);
}
