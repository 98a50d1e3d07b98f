using BatchScoring.Core.Spec;
using BatchScoring.Orchestration.Activities;
using BatchScoring.Orchestration.Contracts;
using Microsoft.DurableTask;

namespace BatchScoring.Orchestration.Orchestrators;

/// <summary>
/// Scores a bounded range of mini-batches (at most <see cref="ShardBounds.MaxShardSize"/>, so this history stays near
/// 1,000 events whatever the run's size), keeping at most <see cref="ShardInput.Parallel"/> in flight. Each
/// mini-batch gets <c>execution.maxTries</c> attempts with exponential back-off; an attempt that outlives
/// <c>execution.miniBatchTimeout</c> is abandoned (it may still finish: its part and marker are written atomically
/// under the same names, so a late finish neither corrupts nor duplicates output). Stops scheduling when its failures
/// exceed what the run's budget has left, or when the run sends <see cref="StopEvent"/>; in-flight mini-batches are
/// let finish.
/// </summary>
public sealed class ScoreShard : TaskOrchestrator<ShardInput, ShardResult>
{
    public const string StopEvent = "stop";

    public override async Task<ShardResult> RunAsync(TaskOrchestrationContext context, ShardInput input)
    {
        var execution = RunSpecSerializer.Parse(input.SpecJson).Execution;
        var stop = context.WaitForExternalEvent<bool>(StopEvent);
        var pending = new List<Task<Attempted>>();
        var failedIndexes = new List<int>();
        int next = input.First, end = input.First + input.Count, done = 0, failed = 0;
        long scored = 0, itemsFailed = 0;
        var stopped = false;
        while (pending.Count > 0 || (!stopped && next < end))
        {
            while (!stopped && pending.Count < input.Parallel && next < end)
            {
                pending.Add(ScoreWithRetriesAsync(context, input, execution, next++));
            }

            var waiting = new List<Task>(pending);
            if (!stopped)
            {
                waiting.Add(stop);
            }

            var finished = await Task.WhenAny(waiting);
            if (finished == stop)
            {
                stopped = true;
                continue;
            }

            var completed = (Task<Attempted>)finished;
            pending.Remove(completed);
            var attempt = await completed;
            if (attempt.Outcome is { } outcome)
            {
                done++;
                scored += outcome.ItemsScored;
                itemsFailed += outcome.ItemsFailed;
            }
            else
            {
                failed++;
                failedIndexes.Add(attempt.Index);
            }

            stopped |= (input.ItemFailuresAllowed >= 0 && itemsFailed > input.ItemFailuresAllowed)
                || (input.MiniBatchFailuresAllowed >= 0 && failed > input.MiniBatchFailuresAllowed);
        }

        return new ShardResult(input.First, done, failed, scored, itemsFailed, failedIndexes, Stopped: next < end);
    }

    private static async Task<Attempted> ScoreWithRetriesAsync(TaskOrchestrationContext context, ShardInput input, ExecutionSpec execution, int index)
    {
        var reason = "";
        for (var attempt = 1; attempt <= execution.MaxTries; attempt++)
        {
            using var cancelTimer = new CancellationTokenSource();
            var work = context.CallActivityAsync<MiniBatchOutcome>(nameof(ScoreMiniBatch), new MiniBatchWork(input.RunId, input.SpecJson, input.PlanPath, input.StagingPrefix, index, attempt));
            var timeout = context.CreateTimer(context.CurrentUtcDateTime.AddSeconds(execution.MiniBatchTimeout), cancelTimer.Token);
            if (await Task.WhenAny(work, timeout) == work)
            {
                // Synchronous on purpose: orchestrator code must stay on the orchestration's own thread.
#pragma warning disable CA1849
                cancelTimer.Cancel();
#pragma warning restore CA1849
                try
                {
                    return new Attempted(index, await work);
                }
                catch (TaskFailedException e)
                {
                    reason = e.FailureDetails.ErrorMessage;
                }
            }
            else
            {
                // Abandoned: it may still finish later, writing the same part and marker again (atomic, same names).
                reason = $"attempt {attempt} did not finish within execution.miniBatchTimeout ({execution.MiniBatchTimeout} s)";
            }

            if (attempt < execution.MaxTries)
            {
                var delay = Math.Min(300, execution.RetryDelaySeconds * Math.Pow(2, attempt - 1));
                await context.CreateTimer(TimeSpan.FromSeconds(delay), CancellationToken.None);
            }
        }

        await context.CallActivityAsync<bool>(nameof(RecordMiniBatchFailure), new MiniBatchFailure(input.RunId, input.SpecJson, input.PlanPath, input.StagingPrefix, index, execution.MaxTries, reason));
        return new Attempted(index, null);
    }

    private sealed record Attempted(int Index, MiniBatchOutcome? Outcome);
}
