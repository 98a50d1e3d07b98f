using BatchScoring.Core;
using BatchScoring.Core.Planning;
using BatchScoring.Core.Runs;
using BatchScoring.Core.Spec;
using BatchScoring.Engine;
using BatchScoring.Orchestration.Contracts;
using BatchScoring.Storage;
using Microsoft.DurableTask;

namespace BatchScoring.Orchestration.Activities;

/// <summary>
/// After fan-in: assembles the staged parts in mini-batch order into the output (in one step), writes the error
/// records and the run summary beside it, and marks the run committed; then, unless <c>execution.keepStaging</c>,
/// removes what only scoring needed from the staging folder (the committed marker and a copy of the summary stay, for
/// reuse). For a run stopped by its failure budget (<see cref="CommitInput.FailureReason"/>), writes the error records
/// and the summary only: no output.
/// </summary>
public sealed class CommitOutput(ScoringEngine engine, RunFiles files) : RunActivity<CommitInput, ScoringRunResult>(engine, files)
{
    protected override string? SpanName => "commit";

    protected override async Task<ScoringRunResult> ExecuteAsync(TaskActivityContext context, CommitInput input)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var (spec, plan) = await OpenAsync(input.Run);
        var staging = input.Run.StagingPrefix;

        // Two listings find every marker with its content (one request per 5,000 on Azure), not a read per mini-batch;
        // a third, below, the failed attempts' records when there were any.
        var failures = await Files.ReadMarkersAsync<MiniBatchFailure>(RunLayout.FailedFolder(staging));
        var done = await Files.ReadMarkersAsync<MiniBatchOutcome>(RunLayout.DoneFolder(staging));

        // A failure recorded by an earlier run of the same staging folder, or an earlier start of the same run id,
        // does not count: this start scored the mini-batch again.
        var thisStart = failures.Where(f => f.Value.Run.StartKey == input.Run.StartKey).ToDictionary(f => f.Key, f => f.Value);
        var failed = new HashSet<int>();
        var outcomes = new List<MiniBatchOutcome>(plan.MiniBatches.Count);
        for (var i = 0; i < plan.MiniBatches.Count; i++)
        {
            if (thisStart.ContainsKey(i))
            {
                failed.Add(i);
            }
            else if (done.TryGetValue(i, out var outcome))
            {
                outcomes.Add(outcome);
            }
            else if (input.FailureReason is null)
            {
                throw new BatchScoringException($"Mini-batch {i} has neither a staged result nor a failure record under {staging}; the run cannot be committed.");
            }
        }

        // A mini-batch's error records exist when its outcome counts failed items (none are written otherwise).
        var withErrors = outcomes.Where(o => o.ItemsFailed > 0).Select(o => o.Index).ToHashSet();
        string errorsPath;
        long errorRecords;
        RunSummary.OutputFile? output = null;
        RunSummary.OutputFile? errorsFile = null;

        // An incremental run that found nothing new writes no output: its summary says what it saw and skipped.
        var nothingNew = spec.Execution.Incremental && plan.MiniBatches.Count == 0 && plan.InputsSkipped > 0;
        var series = spec.Execution.SeriesOf(spec.Name);
        var ledger = spec.Execution.Incremental ? RunLayout.LedgerFolder(spec.Output.Path, series) : null;
        LedgerRecord? record = null;
        if (input.FailureReason is null && !nothingNew)
        {
            if (ledger is not null)
            {
                // Pending until the output is committed: a crash in between is finished by the next run of the series.
                record = LedgerRecordOf(context.InstanceId, input, spec, plan, outcomes);
                await Files.Ledger.WritePendingAsync(ledger, record);
            }

            var format = spec.Output.ResultFormat;
            var parts = outcomes.Where(o => o.PartBytes is not null && o.PartETag is not null)
                .ToDictionary(o => o.Index, o => new BlobInfo(RunLayout.PartPath(staging, o.Index, format), o.PartBytes!.Value, o.PartETag!, default));
            var commit = await Engine.CommitAsync(spec, plan, staging, failed, withErrors, parts);
            (errorsPath, errorRecords) = (commit.ErrorsPath, commit.ErrorRecords);
            output = commit.Output is { } written ? new RunSummary.OutputFile(written.Path, written.ETag, written.Size) : null;
            errorsFile = commit.Errors is { } errorsWritten ? new RunSummary.OutputFile(errorsWritten.Path, errorsWritten.ETag, errorsWritten.Size) : null;
        }
        else
        {
            (errorsPath, errorRecords) = await Engine.CommitErrorsAsync(spec, plan, staging, failed, withErrors);
        }

        if (record is not null && output is not null)
        {
            await Files.Ledger.CommitAsync(ledger!, record with { Output = new LedgerRecord.OutputFile(output.Path, output.ETag, output.Bytes), FinishedUtc = DateTime.UtcNow });
        }

        // A file at the output path that this run did not write is an earlier run's: named as such, never as this run's.
        var earlier = output is null ? await Files.FileAsync(spec.Output.Path) : null;
        var summary = Summary(input, spec, plan, outcomes, failed, output, earlier, errorsPath, errorRecords) with
        {
            CommitSeconds = Math.Round(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds, 3),
            Series = ledger is null ? null : new RunSummary.SeriesState(series, plan.Files.Count + plan.InputsSkipped, plan.InputsSkipped, nothingNew ? 0 : plan.Files.Count, ledger),
        };
        var summaryPath = await Files.WriteSummaryAsync(summary);
        var errors = errorsFile ?? await Files.FileAsync(errorsPath);
        // Attempts that failed on their workers, for the timeline: listed only when this start retried or failed a
        // mini-batch (a run without failures costs no request more).
        var retried = thisStart.Count > 0 || done.Values.Any(o => o.Attempt > 1 && o.StartKey == input.Run.StartKey);
        var attempts = retried ? await Files.ReadAttemptsAsync(staging) : [];
        await Files.WriteReportAsync(summary, Reports.RunTimeline.Build(context.InstanceId, input.StartedUtc, input.Run.StartKey, plan, done, thisStart, attempts), errors);
        var result = new ScoringRunResult(output?.Path, errorsPath, summaryPath, plan.MiniBatches.Count, failed.Count, summary.Items.Scored, summary.Items.Failed, Reused: false, output?.ETag, errors?.ETag, earlier?.Path, summary.Series);
        if (input.FailureReason is null)
        {
            await Files.WriteJsonAsync(RunLayout.CommittedSummaryPath(staging), summary, RunSpecSerializer.Options);
            await Files.WriteJsonAsync(RunLayout.CommittedPath(staging), result);
            await CleanUpAsync(spec, staging);
        }

        await PlanMiniBatches.ReleaseLocksAsync(Files, spec, context.InstanceId);
        return result;
    }

    /// <summary>What the run scored, for its series' ledger: every planned input in the version planned.</summary>
    private static LedgerRecord LedgerRecordOf(string run, CommitInput input, RunSpec spec, MiniBatchPlan plan, List<MiniBatchOutcome> outcomes) =>
        new(
            run,
            spec.Name,
            $"{Environment.MachineName}/{Environment.ProcessId}",
            input.ModelHash,
            [.. plan.Files.Select(f => new LedgerRecord.Input(f.Path, f.ETag, f.Size))],
            new LedgerRecord.OutputFile(spec.Output.Path, null, null),
            outcomes.Sum(o => o.ItemsScored),
            outcomes.Sum(o => o.ItemsFailed),
            input.StartedUtc,
            null);

    private static RunSummary Summary(CommitInput input, RunSpec spec, MiniBatchPlan plan, List<MiniBatchOutcome> outcomes, HashSet<int> failed, RunSummary.OutputFile? output, RunSummary.OutputFile? earlier, string errorsPath, long errorRecords)
    {
        var itemsScored = outcomes.Sum(o => o.ItemsScored);
        var itemsFailed = outcomes.Sum(o => o.ItemsFailed) + failed.Sum(i => plan.MiniBatches[i].Items);
        var miniBatches = new RunSummary.MiniBatchCounts(plan.MiniBatches.Count, outcomes.Count, failed.Count, outcomes.Count(o => o.StartKey != input.Run.StartKey));
        var items = new RunSummary.ItemCounts(plan.TotalItems, itemsScored, itemsFailed, outcomes.Sum(o => o.ItemsTruncated));
        return RunSummary.Of(spec, input.Engine, input.StartedUtc, input.Fingerprint, input.ModelHash, miniBatches, items, input.FailureReason) with
        {
            MiniBatchSeconds = DurationStats.Of(outcomes.Select(o => o.Seconds)),
            Output = output,
            EarlierOutput = earlier,
            Errors = errorsPath,
            ErrorRecords = errorRecords,
            Notes = RunSummary.NotesOf(plan),
        };
    }

    /// <summary>
    /// After the commit, the staged parts, error records and markers are a second copy of the output: removed unless
    /// <c>execution.keepStaging</c>. With reuse on, the committed marker and the summary copy stay (an identical run is
    /// then not redone); without it, the whole staging folder goes.
    /// </summary>
    private async Task CleanUpAsync(RunSpec spec, string staging)
    {
        if (spec.Execution.KeepStaging)
        {
            return;
        }

        if (!spec.Execution.Reuse)
        {
            await Engine.Store.DeleteFolderAsync(staging);
            return;
        }

        foreach (var folder in RunLayout.ScoringFolders(staging))
        {
            await Engine.Store.DeleteFolderAsync(folder);
        }

        await Engine.Store.DeleteAsync(RunLayout.SpecPath(staging));
        await Engine.Store.DeleteAsync(RunLayout.PlanPath(staging));
    }
}
