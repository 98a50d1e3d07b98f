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

    /// <summary>Items in the plan, scored, failed, and scored on part of their content (texts truncated to <c>model.text.maxSequenceLength</c>).</summary>
    public sealed record ItemCounts(long Total, long Scored, long Failed, long Truncated = 0);

    public sealed record BudgetState(long ErrorThreshold, long AllowedFailedCount, double AllowedFailedPercent, long AllowedFailedMiniBatches, long FailedItems, long FailedMiniBatches);

    /// <summary>A file as a run saw it: its path, its version (the store's ETag) and its size.</summary>
    public sealed record OutputFile(string Path, string ETag, long Bytes);
}
