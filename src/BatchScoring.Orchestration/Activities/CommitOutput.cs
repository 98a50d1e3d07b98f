using BatchScoring.Core;
using BatchScoring.Core.Runs;
using BatchScoring.Core.Spec;
using BatchScoring.Engine;
using BatchScoring.Orchestration.Contracts;
using Microsoft.DurableTask;

namespace BatchScoring.Orchestration.Activities;

/// <summary>
/// After fan-in: assembles the staged parts in mini-batch order into the output (in one step), writes the error
/// records and the run summary beside it, and marks the run committed. For a run stopped by its failure budget
/// (<see cref="CommitInput.FailureReason"/>), writes the error records and the summary only: no output.
/// </summary>
public sealed class CommitOutput(ScoringEngine engine, RunFiles files) : RunActivity<CommitInput, ScoringRunResult>(engine, files)
{
    public override async Task<ScoringRunResult> RunAsync(TaskActivityContext context, CommitInput input)
    {
        var (spec, plan) = await OpenAsync(input.Run);
        var staging = input.Run.StagingPrefix;
        var failed = new HashSet<int>();
        var outcomes = new List<MiniBatchOutcome>(plan.MiniBatches.Count);
        for (var i = 0; i < plan.MiniBatches.Count; i++)
        {
            // A failure recorded by an earlier run of the same staging folder does not count: this run retried it.
            if (await Files.ReadJsonAsync<MiniBatchFailure>(RunLayout.FailedPath(staging, i)) is { } failure && failure.Run.RunId == input.Run.RunId)
            {
                failed.Add(i);
            }
            else if (await Files.ReadJsonAsync<MiniBatchOutcome>(RunLayout.DonePath(staging, i)) is { } outcome)
            {
                outcomes.Add(outcome);
            }
            else if (input.FailureReason is null)
            {
                throw new BatchScoringException($"Mini-batch {i} has neither a staged result nor a failure record under {staging}; the run cannot be committed.");
            }
        }

        string? outputPath = null;
        string errorsPath;
        long errorRecords;
        if (input.FailureReason is null)
        {
            var commit = await Engine.CommitAsync(spec, plan, staging, failed);
            (outputPath, errorsPath, errorRecords) = (commit.OutputPath, commit.ErrorsPath, commit.ErrorRecords);
        }
        else
        {
            (errorsPath, errorRecords) = await Engine.CommitErrorsAsync(spec, plan, staging, failed);
        }

        var itemsScored = outcomes.Sum(o => o.ItemsScored);
        var itemsFailed = outcomes.Sum(o => o.ItemsFailed) + failed.Sum(i => plan.MiniBatches[i].Items);
        var finished = DateTime.UtcNow;
        var wall = (finished - input.StartedUtc).TotalSeconds;
        var budget = new FailureBudget(spec.Failures, plan.MiniBatches.Count);
        var summaryPath = RunLayout.SummaryBeside(spec.Output.Path);
        var summary = new RunSummary(
            Status: input.FailureReason is null ? RunStatus.Succeeded : RunStatus.Failed,
            Reason: input.FailureReason,
            Run: spec.Name,
            Fingerprint: input.Fingerprint,
            Engine: input.Engine,
            StartedUtc: input.StartedUtc,
            FinishedUtc: finished,
            WallSeconds: wall,
            MiniBatches: new RunSummary.MiniBatchCounts(plan.MiniBatches.Count, outcomes.Count, failed.Count, outcomes.Count(o => o.ScoredBy != input.Run.RunId)),
            Items: new RunSummary.ItemCounts(plan.TotalItems, itemsScored, itemsFailed, outcomes.Sum(o => o.ItemsTruncated)),
            MiniBatchSeconds: DurationStats.Of(outcomes.Select(o => o.Seconds)),
            ItemsPerSecond: wall > 0 ? itemsScored / wall : 0,
            ModelHash: input.ModelHash,
            Output: outputPath,
            Errors: errorsPath,
            ErrorRecords: errorRecords,
            FailureBudget: new RunSummary.BudgetState(spec.Failures.ErrorThreshold, spec.Failures.AllowedFailedCount, spec.Failures.AllowedFailedPercent, budget.AllowedFailedMiniBatches, itemsFailed, failed.Count),
            Spec: spec);
        await Files.WriteJsonAsync(summaryPath, summary, RunSpecSerializer.Options);
        var result = new ScoringRunResult(outputPath, errorsPath, summaryPath, plan.MiniBatches.Count, failed.Count, itemsScored, itemsFailed, Reused: false);
        if (input.FailureReason is null)
        {
            await Files.WriteJsonAsync(RunLayout.CommittedPath(staging), result);
        }

        return result;
    }
}
