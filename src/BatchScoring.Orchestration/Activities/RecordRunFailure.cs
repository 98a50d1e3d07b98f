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
        var miniBatches = new RunSummary.MiniBatchCounts(state?.Plan.MiniBatches ?? 0, state?.Done ?? 0, state?.Failed ?? 0, 0);
        var items = new RunSummary.ItemCounts(state?.Plan.TotalItems ?? 0, state?.ItemsScored ?? 0, state?.ItemsFailed ?? 0);
        var summary = RunSummary.Of(spec, input.Engine, input.StartedUtc, state?.Plan.Fingerprint ?? "", state?.Plan.ModelHash ?? "", miniBatches, items, input.Reason) with
        {
            FailedStep = input.FailedStep,
            EarlierOutput = earlier,
        };
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
