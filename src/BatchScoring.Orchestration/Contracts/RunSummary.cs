using BatchScoring.Core.Runs;
using BatchScoring.Core.Spec;

namespace BatchScoring.Orchestration.Contracts;

/// <summary>
/// The run summary written beside the output (<c>results.csv.summary.json</c>), whatever the run's end: success, a
/// failure budget exceeded, or any other failure (planning, commit). It describes this run and no other:
/// <see cref="Output"/> is the file this run wrote, with the version (ETag) and size it had when written, so a summary
/// can be checked against the output beside it; a file at the output path that this run did not write (an earlier
/// run's) is named in <see cref="EarlierOutput"/> instead. <see cref="Errors"/> is null when this run wrote no error
/// records file.
/// </summary>
public sealed record RunSummary(
    RunStatus Status,
    string? Reason,
    string? FailedStep,
    string Run,
    string Fingerprint,
    DurableEngine Engine,
    DateTime StartedUtc,
    DateTime FinishedUtc,
    double WallSeconds,
    RunSummary.MiniBatchCounts MiniBatches,
    RunSummary.ItemCounts Items,
    DurationStats MiniBatchSeconds,
    double ItemsPerSecond,
    string ModelHash,
    RunSummary.OutputFile? Output,
    RunSummary.OutputFile? EarlierOutput,
    string? Errors,
    long ErrorRecords,
    RunSummary.BudgetState FailureBudget,
    RunSpec Spec,
    IReadOnlyList<string>? Notes = null,
    double? CommitSeconds = null,
    RunSummary.SeriesState? Series = null)
{
    /// <summary>
    /// An incremental run's series: its name, the inputs the listing saw, those skipped (scored by an earlier run of the
    /// series), those this run scored, and the ledger's folder. A run with nothing new has <see cref="InputsScored"/> 0.
    /// </summary>
    public sealed record SeriesState(string Name, int InputsSeen, int InputsSkipped, int InputsScored, string Ledger);

    /// <summary>
    /// What a reader of the counts should know about the inputs: a CSV file whose records span more lines than they
    /// are (line breaks inside quoted fields; a quote left open joins the lines after it into one record).
    /// </summary>
    public static IReadOnlyList<string>? NotesOf(Core.Planning.MiniBatchPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var notes = plan.Files.Where(f => f.QuotedLineBreaks > 0).Select(f =>
        {
            var records = plan.MiniBatches.SelectMany(m => m.Slices).Where(s => s.Path == f.Path).Sum(s => s.RowCount);
            return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"'{f.Path}': {records:N0} records, and {f.QuotedLineBreaks:N0} line breaks inside quoted fields: some records span several lines. A quote left open joins every line after it into one record; its error record names the lines it spans.");
        }).ToList();
        return notes.Count > 0 ? notes : null;
    }

    public sealed record MiniBatchCounts(int Total, int Succeeded, int Failed, int Reused);

    /// <summary>
    /// The one place a summary is put together, for a committed run and for one that failed on the way: status from
    /// <paramref name="reason"/> (null: succeeded), wall time and rate from the start to now, the budget from the spec
    /// and the counts. Callers add what only they know (output, errors, the failed step) with <c>with</c>.
    /// </summary>
    public static RunSummary Of(RunSpec spec, DurableEngine engine, DateTime startedUtc, string fingerprint, string modelHash, MiniBatchCounts miniBatches, ItemCounts items, string? reason)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(miniBatches);
        ArgumentNullException.ThrowIfNull(items);
        var finished = DateTime.UtcNow;
        var wall = (finished - startedUtc).TotalSeconds;
        var budget = new FailureBudget(spec.Failures, miniBatches.Total);
        return new RunSummary(
            Status: reason is null ? RunStatus.Succeeded : RunStatus.Failed,
            Reason: reason,
            FailedStep: null,
            Run: spec.Name,
            Fingerprint: fingerprint,
            Engine: engine,
            StartedUtc: startedUtc,
            FinishedUtc: finished,
            WallSeconds: wall,
            MiniBatches: miniBatches,
            Items: items,
            MiniBatchSeconds: DurationStats.Of([]),
            ItemsPerSecond: wall > 0 ? items.Scored / wall : 0,
            ModelHash: modelHash,
            Output: null,
            EarlierOutput: null,
            Errors: null,
            ErrorRecords: 0,
            FailureBudget: new BudgetState(spec.Failures.ErrorThreshold, spec.Failures.AllowedFailedCount, spec.Failures.AllowedFailedPercent, budget.AllowedFailedMiniBatches, items.Failed, miniBatches.Failed),
            Spec: spec);
    }

    /// <summary>Items in the plan, scored, failed, and scored on part of their content (texts truncated to <c>model.text.maxSequenceLength</c>).</summary>
    public sealed record ItemCounts(long Total, long Scored, long Failed, long Truncated = 0);

    public sealed record BudgetState(long ErrorThreshold, long AllowedFailedCount, double AllowedFailedPercent, long AllowedFailedMiniBatches, long FailedItems, long FailedMiniBatches);

    /// <summary>A file as a run saw it: its path, its version (the store's ETag) and its size.</summary>
    public sealed record OutputFile(string Path, string ETag, long Bytes);
}
