using BatchScoring.Core.Runs;
using BatchScoring.Engine;
using BatchScoring.Orchestration.Contracts;
using Microsoft.DurableTask;

namespace BatchScoring.Orchestration.Activities;

/// <summary>
/// Writes the summary of a run that failed other than by its failure budget (planning, a shard, the commit): status
/// failed, the reason without Durable's wrappers, the step that failed, and the counts the run had reached. A failed
/// run writes no output, so a file at the output path is named as an earlier run's (<see cref="RunSummary.EarlierOutput"/>).
/// The run report beside it shows the same.
/// </summary>
public sealed class RecordRunFailure(ScoringEngine engine, RunFiles files) : RunActivity<RunFailureInput, RunFailureRecord>(engine, files)
{
    protected override async Task<RunFailureRecord> ExecuteAsync(TaskActivityContext context, RunFailureInput input)
    {
        var spec = input.Spec;
        var state = input.State;
        var earlier = await Files.FileAsync(spec.Output.Path);
        var finished = DateTime.UtcNow;
        var wall = (finished - input.StartedUtc).TotalSeconds;
        var total = state?.Plan.MiniBatches ?? 0;
        var budget = new FailureBudget(spec.Failures, total);
        var itemsScored = state?.ItemsScored ?? 0;
        var itemsFailed = state?.ItemsFailed ?? 0;
        var summary = new RunSummary(
            Status: RunStatus.Failed,
            Reason: input.Reason,
            FailedStep: input.FailedStep,
            Run: spec.Name,
            Fingerprint: state?.Plan.Fingerprint ?? "",
            Engine: input.Engine,
            StartedUtc: input.StartedUtc,
            FinishedUtc: finished,
            WallSeconds: wall,
            MiniBatches: new RunSummary.MiniBatchCounts(total, state?.Done ?? 0, state?.Failed ?? 0, 0),
            Items: new RunSummary.ItemCounts(state?.Plan.TotalItems ?? 0, itemsScored, itemsFailed),
            MiniBatchSeconds: DurationStats.Of([]),
            ItemsPerSecond: wall > 0 ? itemsScored / wall : 0,
            ModelHash: state?.Plan.ModelHash ?? "",
            Output: null,
            EarlierOutput: earlier,
            Errors: null,
            ErrorRecords: 0,
            FailureBudget: new RunSummary.BudgetState(spec.Failures.ErrorThreshold, spec.Failures.AllowedFailedCount, spec.Failures.AllowedFailedPercent, budget.AllowedFailedMiniBatches, itemsFailed, state?.Failed ?? 0),
            Spec: spec);
        string? written = null;
        try
        {
            written = await Files.WriteSummaryAsync(summary);
            await Files.WriteReportAsync(summary, null, null);
        }
        finally
        {
            // The run has ended: its output is free for the next one, whether or not the summary could be written.
            await PlanMiniBatches.ReleaseLocksAsync(Files, spec, context.InstanceId);
        }

        return new RunFailureRecord(written, earlier?.Path);
    }
}
